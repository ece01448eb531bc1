import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * NEXTAUTH_SECRET for a local run: the environment's if set; otherwise one generated once and kept
 * in the data directory, so sessions survive restarts. Production must set it explicitly.
 */
export async function resolveSessionSecret(dataDir: string): Promise<string> {
  const configured = process.env.NEXTAUTH_SECRET;
  if (configured) return configured;
  if (process.env.NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET must be set in production (for example: openssl rand -base64 32).");
  }
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, secret + "\n", { mode: 0o600 });
  return secret;
}
