import { customerRoute, json } from "@/lib/api/route.ts";
import { revokeAllSessions } from "@/lib/auth/sessions.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

// "Sign out everywhere": ends every browser session of the caller, this one included.
export const DELETE = customerRoute({}, async ({ actor }) => json({ revoked: await revokeAllSessions({ userId: actor.userId }) }));

const refused = methodNotAllowed("DELETE");
export { refused as GET, refused as POST, refused as PUT, refused as PATCH };
