import { expect } from "vitest";
import * as z from "zod/mini";
import { errorBodySchema, fieldProblemSchema, type ErrorBody, type ErrorCode } from "@/lib/contracts/errors.ts";

// Calling route handlers directly, as Next does, and checking the API's error body (lib/contracts/errors.ts).

export function apiRequest(
  path: string,
  { headers = {}, method = "GET", body }: { headers?: Record<string, string>; method?: string; body?: string } = {},
): Request {
  // A body goes as JSON, as every API client sends it, unless the test says otherwise.
  const withType = body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-type") ? { ...headers, "content-type": "application/json" } : headers;
  return new Request(new URL(path, "http://localhost"), { method, headers: withType, body });
}

/** The second argument Next passes to a route handler. */
export function routeContext(params: Record<string, string> = {}) {
  return { params: Promise.resolve(params) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// What an error body must never show: stack frames, source paths, SQL, driver or database names.
const INTERNALS = [/\n\s+at /, /:\d+:\d+\)/, /node_modules/, /\/work\//, /\.tsx?\b/, /\bprisma/i, /postgres/i, /\bSELECT\b|\bFROM\b|\bWHERE\b/, /ECONN|ETIMEDOUT/, /127\.0\.0\.1/];

/** Asserts the status and the exact error body shape, and that it reveals nothing internal. */
export async function expectError(response: Response, status: number, code: ErrorCode): Promise<ErrorBody["error"]> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  for (const pattern of INTERNALS) expect(text).not.toMatch(pattern);
  const body = errorBodySchema.parse(JSON.parse(text));
  expect(Object.keys(JSON.parse(text))).toEqual(["error"]);
  const { code: actual, message, details, ...rest } = body.error;
  expect(rest).toEqual({});
  expect(actual).toBe(code);
  expect(message).toMatch(/\S/);
  if (details !== undefined) expect(details).toBeTypeOf("object");
  return body.error;
}

/** The field names an invalid_input error's `details.fields` lists, sorted. */
export function fieldsNamed(error: ErrorBody["error"]): string[] {
  const fields = z.array(fieldProblemSchema).parse(error.details?.fields ?? []);
  return fields.map((problem) => problem.field).sort();
}
