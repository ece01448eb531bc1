import { customerRoute, json } from "@/lib/api/route.ts";
import { revokeAllSessions } from "@/lib/auth/sessions.ts";

// "Sign out everywhere": ends every browser session of the caller, this one included.
export const DELETE = customerRoute({}, async ({ actor }) => json({ revoked: await revokeAllSessions({ userId: actor.userId }) }));
