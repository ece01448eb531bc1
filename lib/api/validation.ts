import * as z from "zod/mini";
import type { FieldProblem } from "@/lib/contracts/errors.ts";
import { ApiError } from "./errors.ts";

/** Every problem in the input, one per field, so a client can fix them all in one go. */
export function fieldProblems(error: z.core.$ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: "Unknown field" }));
    }
    return [{ field: at || "(body)", message: issue.message }];
  });
}

export function parseInput<T extends z.ZodMiniType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = z.safeParse(schema, input);
  if (!result.success) {
    throw new ApiError("invalid_input", `Invalid ${what}`, { fields: fieldProblems(result.error) });
  }
  return result.data;
}
