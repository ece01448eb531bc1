// `npm run ops -- <command>`: the operator's side of the dashboard from the command line: hosts,
// customers, operators, their tokens and servers (scripts/ops/commands.ts lists every command). It
// talks to DATABASE_URL, or to the embedded database as `npm start` keeps it (the running one, or
// started for the command alone). Results go to stdout (--json for scripts), errors to stderr:
// exit code 1 for a refusal, 2 for a command called wrongly.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { db } from "../lib/db/client.ts";
import { pendingMigrations } from "../lib/db/migrate.ts";
import { openDatabaseBeside } from "../lib/db/open-database.ts";
import { isDatabaseUnavailable } from "../lib/db/unavailable.ts";
import { isDomainError } from "../lib/errors/domain-error.ts";
import { COMMANDS, UsageError, type Command, type OptionSpec } from "./ops/commands.ts";

const TOOL = "npm run ops --";
const COMMON: Record<string, OptionSpec> = {
  json: { type: "boolean", description: "Print the result as JSON, for scripts (errors too, on stderr)." },
  help: { type: "boolean", description: "Say what the command does and takes." },
};

const optionLine = (name: string, spec: OptionSpec) => `  --${name}${spec.value ? ` <${spec.value}>` : ""}`.padEnd(34) + spec.description;

function toolHelp(): string {
  const lines = Object.values(COMMANDS).flatMap((group) => Object.values(group).map((command) => `  ${command.usage}\n      ${command.summary}`));
  return [
    `Usage: ${TOOL} <command> [options]`,
    "",
    "Manage hosts, customers, operators and their servers. Commands:",
    ...lines,
    "",
    "Options of every command:",
    ...Object.entries(COMMON).map(([name, spec]) => optionLine(name, spec)),
    "",
    "The database: DATABASE_URL, or the embedded one in DASHBOARD_DATA_DIR (default .data), as `npm start` uses it.",
    `Links: --base-url, else NEXTAUTH_URL. Help on one command: ${TOOL} <command> --help`,
  ].join("\n");
}

function commandHelp(command: Command): string {
  const options = Object.entries({ ...command.options, ...COMMON }).map(([name, spec]) => optionLine(name, spec));
  return [`Usage: ${TOOL} ${command.usage}`, "", `${command.summary}.`, ...(command.details ? ["", command.details] : []), "", "Options:", ...options].join("\n");
}

type Parsed = { help: string } | { command: Command; input: Parameters<Command["run"]>[0]; json: boolean };

function parseCommandLine(argv: string[]): Parsed {
  const [groupName, verb, ...rest] = argv;
  const wantsJson = argv.includes("--json");
  if (groupName === undefined || groupName === "--help" || groupName === "-h" || groupName === "help") return { help: toolHelp() };
  const group = COMMANDS[groupName];
  if (!group) throw new UsageError(`Unknown command "${groupName}". Commands: ${Object.keys(COMMANDS).join(", ")}.`);
  const groupHelp = () => [`Usage: ${TOOL} ${groupName} <${Object.keys(group).join("|")}> [options]`, "", ...Object.values(group).map((command) => `  ${command.usage}\n      ${command.summary}`)].join("\n");
  if (verb === undefined || verb === "--help" || verb === "-h") return { help: groupHelp() };
  const command = group[verb];
  if (!command) throw new UsageError(`Unknown command "${groupName} ${verb}". ${groupName} commands: ${Object.keys(group).join(", ")}.`);

  const options: ParseArgsConfig["options"] = { help: { type: "boolean", short: "h" }, json: { type: "boolean" } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nUsage: ${TOOL} ${command.usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: commandHelp(command) };
  const missing = [
    ...command.positionals.slice(positionals.length).map((name) => `<${name}>`),
    ...Object.entries(command.options)
      .filter(([name, spec]) => spec.required && values[name] === undefined)
      .map(([name]) => `--${name}`),
  ];
  if (missing.length) throw new UsageError(`Missing ${missing.join(", ")}.\nUsage: ${TOOL} ${command.usage}`);
  if (positionals.length > command.positionals.length) throw new UsageError(`Unexpected argument "${positionals[command.positionals.length]}".\nUsage: ${TOOL} ${command.usage}`);
  const given = values["base-url"];
  return { command, json: wantsJson, input: { positionals, values, baseUrl: () => baseUrl(typeof given === "string" ? given : undefined) } };
}

/** Where links point: --base-url, NEXTAUTH_URL, or (said on stderr) this machine's `npm start`. */
function baseUrl(given: string | undefined): string {
  const chosen = given ?? process.env.NEXTAUTH_URL;
  if (chosen === undefined) {
    const local = `http://localhost:${process.env.PORT ?? 3000}`;
    console.error(`note: neither --base-url nor NEXTAUTH_URL is set; links point to ${local}.`);
    return local;
  }
  let url: URL;
  try {
    url = new URL(chosen);
  } catch {
    throw new UsageError(`${given === undefined ? "NEXTAUTH_URL" : "--base-url"} is not a URL: ${chosen}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`${given === undefined ? "NEXTAUTH_URL" : "--base-url"} must be an http or https URL: ${chosen}`);
  return url.origin + url.pathname.replace(/\/+$/, "");
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const fail = (code: string, message: string, details?: Record<string, unknown>) => {
    console.error(json ? JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } }) : `error: ${message}`);
  };
  let parsed: Parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail("usage", error.message);
    return 2;
  }
  if ("help" in parsed) {
    console.log(parsed.help);
    return 0;
  }

  // The embedded database says what it does on stderr: stdout is the command's answer alone.
  const database = await openDatabaseBeside((line) => console.error(`[database] ${line}`));
  try {
    process.env.DATABASE_URL = database.url;
    const pending = await pendingMigrations(database.url);
    if (pending.length) {
      fail("schema_behind", `The database's schema is behind this version (${pending.length} migration${pending.length === 1 ? "" : "s"} to apply: ${pending.join(", ")}). Run \`npm run db:migrate\` or start the dashboard, then try again.`);
      return 1;
    }
    const output = await parsed.command.run(parsed.input);
    console.log(parsed.json ? JSON.stringify(output.json, null, 2) : output.text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      fail("usage", error.message);
      return 2;
    }
    if (isDomainError(error)) fail(error.code, error.message, error.data);
    else if (isDatabaseUnavailable(error)) fail("unavailable", `The database cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
    else fail("internal", error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  } finally {
    await db().$disconnect().catch(() => undefined);
    await database.stop();
  }
}

process.exit(await main(process.argv.slice(2)));
