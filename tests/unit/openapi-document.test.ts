import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "@/lib/api/errors.ts";
import { openApiDocument } from "@/lib/api/openapi-document.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import { routeErrorCodes } from "@/lib/contracts/route-contract.ts";

// The published document (GET /api/v1/openapi.json), checked as OpenAPI 3.1 by a validator of the
// specification's own JSON schema, and against the route contracts it is generated from.

const document = JSON.parse(JSON.stringify(openApiDocument())) as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, ResponseObject> }>>;
};
type ResponseObject = { content?: { "application/json"?: { schema?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } } } };

const ROUTES = Object.entries({ ...customerRoutes, ...providerRoutes });

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("has one operation per route contract, under its path and method", () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`),
    );
    expect(operations.sort()).toStrictEqual(ROUTES.map(([id, route]) => `${route.method} ${route.path} ${id}`).sort());
  });

  it.each(ROUTES)("states every error code %s can answer, under its status", (_id, route) => {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    const documented = Object.entries(operation?.responses ?? {}).flatMap(([status, response]) =>
      (response.content?.["application/json"]?.schema?.properties?.error?.properties?.code?.enum ?? []).map((code) => `${status} ${code}`),
    );
    expect(documented.sort()).toStrictEqual(routeErrorCodes(route).map((code) => `${ERROR_STATUS[code]} ${code}`).sort());
  });
});
