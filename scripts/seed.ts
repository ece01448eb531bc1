// `npm run db:seed`: add the demo data (idempotent) to DATABASE_URL, or to the embedded database.
import { createPrismaClient } from "../lib/db/client.ts";
import { migrateDatabase } from "../lib/db/migrate.ts";
import { openDatabase } from "../lib/db/open-database.ts";
import { DEMO_LOGIN, seedDatabase } from "../prisma/seed.ts";

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
