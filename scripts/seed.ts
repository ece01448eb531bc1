// `npm run db:seed`: add the demo data (idempotent) to DATABASE_URL, or to the embedded database.
// Its accounts' passwords are published, so it refuses to run with NODE_ENV=production.
import { createPrismaClient } from "../lib/db/client.ts";
import { migrateDatabase } from "../lib/db/migrate.ts";
import { openDatabase } from "../lib/db/open-database.ts";
import { DEMO_LOGIN, seedDatabase } from "../prisma/seed.ts";

if (process.env.NODE_ENV === "production") {
  console.error("db:seed adds accounts whose passwords are published; it is refused with NODE_ENV=production.");
  process.exit(1);
}
const database = await openDatabase((line) => console.log(line));
const prisma = createPrismaClient(database.url);
try {
  await migrateDatabase(database.url);
  await seedDatabase(prisma);
  console.log(`Seeded. Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
} finally {
  await prisma.$disconnect();
  await database.stop();
}
