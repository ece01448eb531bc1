import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The domain knows nothing of HTTP: services throw domain errors (lib/errors) and only lib/api
    // (and the route files in app/) map them to statuses and bodies.
    files: ["lib/**/*.ts", "components/**/*.{ts,tsx}"],
    ignores: ["lib/api/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/api", "@/lib/api/**", "../api", "../api/**", "../../api/**"], message: "Only lib/api and app/ speak HTTP: throw a DomainError (lib/errors) instead." }] },
      ],
    },
  },
  {
    // What runs in the browser may import server-only modules for their types, never their code.
    files: ["components/**/*.{ts,tsx}", "lib/client/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/api",
                "@/lib/api/**",
                "@/lib/db/*",
                "!@/lib/db/generated",
                "@/lib/db/generated/*",
                "!@/lib/db/generated/enums",
                "!@/lib/db/generated/enums.ts",
                "@/lib/auth/**",
                // The rules a new password keeps: the set-password form checks them as the server does.
                "!@/lib/auth/password-rules",
                "!@/lib/auth/password-rules.ts",
                "@/lib/servers/**",
                "@/lib/hosts/**",
                "@/lib/agent/**",
                "@/lib/hypervisor/**",
                "@/lib/audit/**",
                "@/lib/observability/**",
                "@/lib/actions/*",
                "@/lib/actions/queue/*",
                "!@/lib/actions/commands",
                "@/lib/metrics/*",
                "!@/lib/metrics/memory-ranges",
                "!@/lib/metrics/memory-ranges.ts",
                "!@/lib/metrics/usage",
                "!@/lib/metrics/usage.ts",
                "node:*",
              ],
              allowTypeImports: true,
              message: "Server-only code: the browser may import its types only (import type). Shared shapes live in lib/contracts.",
            },
          ],
        },
      ],
    },
  },
  {
    // A browser test fails on any Content-Security-Policy violation only through checked-browser.ts.
    files: ["tests/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/support/browser.ts"], message: "Use launchCheckedChromium from support/checked-browser.ts." }] }],
    },
  },
  globalIgnores([".next/**", ".data/**", "dist/**", "lib/db/generated/**", "next-env.d.ts"]),
]);
