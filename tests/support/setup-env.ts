import { inject } from "vitest";

// Each test worker talks to the run's own database and signs sessions with a test secret.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "test-secret-do-not-use-in-production";
// The services the tests call in-process log as the app does, as JSON lines; here only errors, not
// the warnings of the failures tests provoke. Processes the tests start (dashboard-process.ts,
// agent-process.ts) log as in production.
process.env.LOG_LEVEL ??= "error";
process.env.LOG_FORMAT ??= "json";
