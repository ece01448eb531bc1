import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "@/lib/api/errors.ts";
import { openApiDocument } from "@/lib/api/openapi-document.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { routeErrorCodes } from "@/lib/contracts/route-contract.ts";

// The published document (GET /api/v1/openapi.json), checked as OpenAPI 3.1 by a validator of the
// specification's own JSON schema, and against the route contracts it is generated from.

const document = JSON.parse(JSON.stringify(openApiDocument())) as {
  paths: Record<string, Record<string, { operationId: string; tags: string[]; security: Record<string, string[]>[]; responses: Record<string, ResponseObject> }>>;
  tags: { name: string }[];
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
};
type ResponseObject = { content?: { "application/json"?: { schema?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } } } };

const ROUTES = Object.entries({ ...customerRoutes, ...providerRoutes, ...adminRoutes });

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

  it("documents the admin API under tags of its own, reached with an operator's token alone", () => {
    expect(document.components.securitySchemes.operatorToken).toMatchObject({ type: "http", scheme: "bearer" });
    const admin = Object.entries(document.paths).flatMap(([path, item]) => Object.values(item).map((operation) => ({ path, ...operation })));
    const adminOperations = admin.filter((operation) => operation.path.startsWith("/api/admin/v1/"));
    expect(adminOperations.map((operation) => operation.operationId).sort()).toStrictEqual(Object.keys(adminRoutes).sort());
    for (const operation of adminOperations) {
      expect(operation.security, operation.operationId).toStrictEqual([{ operatorToken: [] }]);
      expect(operation.tags[0], operation.operationId).toMatch(/^Admin: /);
      expect(document.tags.map((tag) => tag.name)).toContain(operation.tags[0]);
    }
    for (const operation of admin.filter((candidate) => !candidate.path.startsWith("/api/admin/v1/"))) {
      expect(JSON.stringify(operation.security), operation.operationId).not.toContain("operatorToken");
    }
  });

  it.each(ROUTES)("states every error code %s can answer, under its status", (_id, route) => {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    const documented = Object.entries(operation?.responses ?? {}).flatMap(([status, response]) =>
      (response.content?.["application/json"]?.schema?.properties?.error?.properties?.code?.enum ?? []).map((code) => `${status} ${code}`),
    );
    expect(documented.sort()).toStrictEqual(routeErrorCodes(route).map((code) => `${ERROR_STATUS[code]} ${code}`).sort());
  });

  it("documents the account's password, sessions and token management for the dashboard's session alone, refusing tokens with 403", () => {
    const sessionOnly = ROUTES.filter(([, route]) => "sessionOnly" in route && route.sessionOnly).map(([id]) => id);
    expect(sessionOnly.sort()).toStrictEqual(["changePassword", "createApiToken", "endSession", "listSessions", "revokeApiToken", "setLocale"]);
    for (const id of sessionOnly) {
      const route = customerRoutes[id as keyof typeof customerRoutes];
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.security, id).toStrictEqual([{ session: [] }]);
      expect(operation?.responses["403"]?.content?.["application/json"]?.schema?.properties?.error?.properties?.code?.enum, id).toContain("forbidden");
    }
    // Signing out everywhere stays open to an API token too.
    expect(document.paths["/api/v1/sessions"]?.delete?.security).toStrictEqual([{ apiToken: [] }, { session: [] }]);
  });
});
