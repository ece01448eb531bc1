import { publicRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { publishedOpenApiDocument } from "@/lib/api/openapi-document.ts";

// The API's description, for anyone: it says what the API takes and answers, nothing about anyone's servers.
export const GET = publicRoute(customerRoutes.openApiDocument, async () => ({ status: 200, body: publishedOpenApiDocument() }));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
