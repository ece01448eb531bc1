import { inject } from "vitest";

// Each test worker talks to the run's own database and signs sessions with a test secret.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "test-secret-do-not-use-in-production";
