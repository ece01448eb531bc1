import type { Prisma } from "./client.ts";
import { appPool } from "./client.ts";

// The few statements every poll of every open page runs (the session behind a request, a memory
// series) go to PostgreSQL as named prepared statements on the process's own pool. A statement
// prepared once per connection is not parsed and planned again each time: for the series, planning
// cost PostgreSQL as much as running it. Prisma sends every statement unnamed, so these bypass it
// and use node-postgres, on the same connections, directly; everything else goes through Prisma.

/**
 * Runs `statement` prepared under `name`, which must always name the same SQL text (its values
 * change, its text never does). Rows come as node-postgres reads them: bigint as string, timestamptz
 * as Date, text as string.
 */
export async function queryPrepared<Row extends Record<string, unknown>>(name: string, statement: Prisma.Sql): Promise<Row[]> {
  let text = texts.get(name);
  if (text === undefined) {
    // Prisma.Sql keeps the text between its values; PostgreSQL numbers its parameters from $1.
    text = statement.strings.reduce((sql, part, index) => `${sql}$${index}${part}`);
    texts.set(name, text);
  }
  // A time goes as its ISO text, which PostgreSQL reads as the same timestamptz: node-postgres would
  // write it in the process's local time with its own formatter, a few times slower, on every poll.
  const values = statement.values.map((value) => (value instanceof Date ? value.toISOString() : value));
  const result = await appPool().query<Row>({ name, text, values });
  return result.rows;
}

/** Each statement's text by its name, written once: a name always names the same text. */
const texts = new Map<string, string>();
