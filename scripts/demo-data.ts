import { createPrismaClient } from "../lib/db/client.ts";
import { DEMO_LOGIN, demoAccountsIn, isEmpty, seedDatabase } from "../prisma/seed.ts";

// Whether `npm start` puts the demo data into its database, and whether it may serve one that holds
// it. The demo accounts' passwords are published in the README: they belong in the embedded
// database of a local run, or wherever --demo asks for them, and never in production.

export type DemoDataOptions = {
  url: string;
  /** The launcher's own embedded PostgreSQL (DATABASE_URL unset): the quick start seeds it. */
  embedded: boolean;
  /** `npm start -- --demo`. */
  requested: boolean;
  /** NODE_ENV=production. */
  production: boolean;
  log: (line: string) => void;
};

/** Refuses demo data in production (throws, saying why); otherwise seeds an empty database where asked. */
export async function prepareDemoData({ url, embedded, requested, production, log }: DemoDataOptions): Promise<void> {
  if (production && requested) throw new Error("--demo adds accounts whose passwords are published; it is refused with NODE_ENV=production.");
  const prisma = createPrismaClient(url);
  try {
    if (production) {
      const present = await demoAccountsIn(prisma);
      if (present.length) {
        throw new Error(
          `this database holds the demo accounts (${present.join(", ")}), whose passwords are published in the README; ` +
            "a production start refuses to serve them. Delete these accounts and their servers, or use a database without the demo data.",
        );
      }
      return;
    }
    if (!(await isEmpty(prisma))) return;
    if (embedded || requested) {
      await seedDatabase(prisma);
      log(`seeded demo data; sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
    } else {
      log("the database has no accounts; `npm start -- --demo` adds the demo data (not for production)");
    }
  } finally {
    await prisma.$disconnect();
  }
}
