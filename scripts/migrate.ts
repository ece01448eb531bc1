// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database.
import { migrateDatabase } from "../lib/db/migrate.ts";
import { openDatabase } from "../lib/db/open-database.ts";

const database = await openDatabase((line) => console.log(line));
try {
  const applied = await migrateDatabase(database.url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Nothing to apply: the schema is up to date.");
} finally {
  await database.stop();
}
