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
    // A browser test fails on any Content-Security-Policy violation only through checked-browser.ts.
    files: ["tests/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/support/browser.ts"], message: "Use launchCheckedChromium from support/checked-browser.ts." }] }],
    },
  },
  globalIgnores([".next/**", ".data/**", "lib/db/generated/**", "next-env.d.ts"]),
]);
