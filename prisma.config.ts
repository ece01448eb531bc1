// Configuration for the Prisma CLI (generate, and migrate deploy where the native engine exists).
// The app itself never reads this: lib/db/client.ts passes the URL to the driver adapter.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/dashboard" },
});
