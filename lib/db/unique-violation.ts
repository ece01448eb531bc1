import { Prisma } from "./client.ts";

/** Whether a write failed on a unique constraint: someone else made the same row first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
