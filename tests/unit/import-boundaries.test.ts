import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The lint rules that keep the layers apart (eslint.config.mjs), tried on code written where it must
// not be: a rule that stopped firing would let the domain depend on HTTP again without anyone noticing.

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === "@typescript-eslint/no-restricted-imports").map((message) => message.message);
}

describe("import boundaries", () => {
  it.each(["lib/servers", "lib/actions", "lib/metrics", "lib/auth", "lib/hosts", "lib/agent", "lib/contracts", "lib/errors"])(
    "refuses lib/api in %s",
    async (folder) => {
      const problems = await restrictedImports(`${folder}/probe.ts`, 'import { ApiError } from "@/lib/api/errors.ts";\nexport const probe = ApiError;\n');
      expect(problems).toEqual([expect.stringMatching(/Only lib\/api and app\/ speak HTTP/)]);
    },
  );

  it("lets lib/api and the route files use it", async () => {
    expect(await restrictedImports("lib/api/probe.ts", 'import { ApiError } from "./errors.ts";\nexport const probe = ApiError;\n')).toEqual([]);
    expect(await restrictedImports("app/api/v1/probe/route.ts", 'import { ApiError } from "@/lib/api/errors.ts";\nexport const probe = ApiError;\n')).toEqual([]);
  });

  // Each module imported for its code; which of them the browser may have.
  const BROWSER_IMPORTS: [module: string, allowed: boolean][] = [
    ["@/lib/db/client", false],
    ["@/lib/db/generated/client", false],
    ["@/lib/db/generated/enums", true],
    ["@/lib/servers/get-server", false],
    ["@/lib/actions/claim-actions", false],
    ["@/lib/actions/queue/queue-restart", false],
    ["@/lib/actions/commands/restart", true],
    ["@/lib/metrics/latest-memory", false],
    ["@/lib/metrics/memory-ranges", true],
    ["@/lib/auth/actor", false],
    ["@/lib/auth/password", false],
    ["@/lib/auth/password-rules", true],
    ["@/lib/api/errors", false],
    ["node:crypto", false],
    ["@/lib/contracts/servers", true],
  ];

  it.each(["components/servers/probe.tsx", "lib/client/probe.ts"])("keeps server-only code out of %s", async (filePath) => {
    const code = BROWSER_IMPORTS.map(([module], i) => `import * as m${i} from "${module}";`).join("\n") + `\nexport const all = [${BROWSER_IMPORTS.map((_, i) => `m${i}`).join(", ")}];\n`;
    const [result] = await eslint.lintText(code, { filePath });
    const refused = new Set((result?.messages ?? []).filter((message) => message.message.includes("Server-only code")).map((message) => message.line));
    expect(BROWSER_IMPORTS.map(([module], i) => [module, !refused.has(i + 1)])).toStrictEqual(BROWSER_IMPORTS);
  });

  it("lets the browser import server-only modules for their types", async () => {
    const code = 'import type { Actor } from "@/lib/auth/actor";\nimport type { LatestMemory } from "@/lib/metrics/latest-memory";\nexport type Probe = [Actor, LatestMemory];\n';
    expect(await restrictedImports("components/probe.tsx", code)).toEqual([]);
  });
});
