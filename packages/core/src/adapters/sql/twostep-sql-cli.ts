#!/usr/bin/env node
/**
 * `twostep-sql [--prefix twostep_]`: prints twostep's migrations as one plain SQL script, for a
 * host that applies schema changes with its own migrator (`npx twostep-sql --prefix twostep_ >
 * twostep.sql`). Nothing connects to a database here.
 */
import { renderMigrationSql } from "./render-migrations.js";

const USAGE = `usage: twostep-sql [--prefix <table prefix>]

Prints twostep's SQL migrations, in order, with every table, index and function
name starting with the prefix (default: none). Apply the output once, e.g.
  npx twostep-sql --prefix twostep_ > twostep.sql && psql -1 -f twostep.sql "$DATABASE_URL"
then open the database with { tablePrefix: "twostep_", migrate: false }.`;

function parsePrefix(args: string[]): string | { usage: string; exitCode: number } {
  let tablePrefix = "";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-h") return { usage: USAGE, exitCode: 0 };
    if (arg === "--prefix" && i + 1 < args.length) tablePrefix = args[++i]!;
    else if (arg.startsWith("--prefix=")) tablePrefix = arg.slice("--prefix=".length);
    else return { usage: `twostep-sql: unexpected argument ${JSON.stringify(arg)}\n\n${USAGE}`, exitCode: 2 };
  }
  return tablePrefix;
}

const parsed = parsePrefix(process.argv.slice(2));
if (typeof parsed !== "string") {
  (parsed.exitCode === 0 ? process.stdout : process.stderr).write(`${parsed.usage}\n`);
  process.exitCode = parsed.exitCode;
} else {
  try {
    const header = `-- twostep schema${parsed ? ` with table prefix ${parsed}` : ""}; apply once, in one transaction.\n`;
    const body = renderMigrationSql({ tablePrefix: parsed })
      .map(({ name, sql }) => `-- migration ${name}\n${sql.trimEnd()}\n`)
      .join("\n");
    process.stdout.write(`${header}\n${body}`);
  } catch (error) {
    process.stderr.write(`twostep-sql: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
