import type { Prisma } from "@/lib/db/client.ts";

// An action's params are JSON (a restart's mode, a reinstall's image, the ballooning value a claim
// handed out). These read them without trusting their shape.

export function paramsObject(params: Prisma.JsonValue | undefined): Prisma.JsonObject {
  return params && typeof params === "object" && !Array.isArray(params) ? params : {};
}

export function stringParam(params: Prisma.JsonValue | undefined, key: string): string | undefined {
  const value = paramsObject(params)[key];
  return typeof value === "string" ? value : undefined;
}

export function booleanParam(params: Prisma.JsonValue | undefined, key: string): boolean | undefined {
  const value = paramsObject(params)[key];
  return typeof value === "boolean" ? value : undefined;
}
