import { z } from "zod";
import { ApiError } from "./errors.ts";

export type FieldProblem = { field: string; message: string };

/** Every problem in the input, one per field, so a client can fix them all in one go. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: "Unknown field" }));
    }
    return [{ field: at || "(body)", message: issue.message }];
  });
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ApiError("invalid_input", `Invalid ${what}`, { fields: fieldProblems(result.error) });
  }
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
