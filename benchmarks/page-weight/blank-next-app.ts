import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, realpath, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { freePort } from "../../tests/support/dashboard-process.ts";
import os from "node:os";
import path from "node:path";

// The reference the dashboard's pages are weighed against: the smallest Next.js app that still has
// client-side React, one page rendering one client component. It is built and served with this
// project's own node_modules (so the same Next and React), in a temporary folder, with the
// dashboard's config basics and, like the dashboard, rendered per request.

export type BlankApp = { baseUrl: string; stop: () => Promise<void> };

const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ private: true, type: "module" }),
  "app/layout.jsx": `import { connection } from "next/server";
export default async function RootLayout({ children }) {
  await connection();
  return <html lang="en"><body>{children}</body></html>;
}
`,
  "app/page.jsx": `import { Counter } from "./counter";
export default function Page() {
  return <main><h1>Blank</h1><Counter /></main>;
}
`,
  "app/counter.jsx": `"use client";
import { useState } from "react";
export function Counter() {
  const [count, setCount] = useState(0);
  return <button type="button" onClick={() => setCount(count + 1)}>Clicked {count} times</button>;
}
`,
};

/** Builds the blank app (`next build`) and serves it (`next start`) on a free port. */
export async function startBlankApp(projectRoot: string): Promise<BlankApp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "blank-next-app-"));
  try {
    const modules = await realpath(path.join(projectRoot, "node_modules"));
    for (const [file, text] of Object.entries(FILES)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    await symlink(modules, path.join(dir, "node_modules"), "dir");
    // Turbopack compiles only files under its root: the linked node_modules lives elsewhere.
    const root = commonAncestor(await realpath(dir), modules);
    const config = { reactStrictMode: true, poweredByHeader: false, turbopack: { root } };
    await writeFile(path.join(dir, "next.config.mjs"), `export default ${JSON.stringify(config)};\n`);

    const next = path.join(dir, "node_modules", ".bin", "next");
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    // NODE_ENV=test (from a caller's environment) would make Next build in a non-standard mode.
    for (const key of ["NODE_ENV"]) delete env[key];
    const build = spawnSync(next, ["build"], { cwd: dir, env, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`the blank app did not build:\n${build.stdout}\n${build.stderr}`);

    const port = await freePort();
    const server = spawn(next, ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env, stdio: "ignore" });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilServing(server, baseUrl);
    return {
      baseUrl,
      stop: async () => {
        await stopProcess(server);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function commonAncestor(a: string, b: string): string {
  const left = a.split(path.sep);
  const right = b.split(path.sep);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared++;
  return left.slice(0, shared).join(path.sep) || path.sep;
}

async function waitUntilServing(server: ChildProcess, baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (server.exitCode !== null) throw new Error(`the blank app's server exited with ${server.exitCode}`);
    const ok = await fetch(baseUrl).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  server.kill("SIGKILL");
  throw new Error("the blank app's server did not answer within a minute");
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
