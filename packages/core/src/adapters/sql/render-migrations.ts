import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR } from "./migrations-dir.js";
import { prefixedNames } from "./migration-names.js";
import { assertTablePrefix } from "./table-prefix.js";

/** One committed migration as SQL for a host's own migrator, in the order they must run. */
export type MigrationSql = { name: string; sql: string };

/** A migration ready to apply: the statements drizzle-kit split it into, and how it is recorded. */
export type RenderedMigration = MigrationSql & {
  statements: string[];
  /** The journal's timestamp, which drizzle's migration table records as created_at. */
  createdAtMs: number;
  /** SHA-256 of the SQL, as drizzle's migrator records it. */
  hash: string;
};

type Journal = { entries: { tag: string; when: number }[] };

/**
 * The committed migrations (drizzle/) with every twostep name under `tablePrefix`: plain SQL a
 * host can hand to its own migrator, or run with `psql -1 -f`. With no prefix it is the files as
 * committed, byte for byte.
 */
export function renderMigrationSql(options: { tablePrefix?: string } = {}): MigrationSql[] {
  return renderMigrations(options.tablePrefix ?? "").map(({ name, sql }) => ({ name, sql }));
}

export function renderMigrations(tablePrefix: string): RenderedMigration[] {
  assertTablePrefix(tablePrefix);
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as Journal;
  const names = prefixedNames(tablePrefix);
  return journal.entries.map(({ tag, when }) => {
    const committed = readFileSync(path.join(MIGRATIONS_DIR, `${tag}.sql`), "utf8");
    const sql = tablePrefix === "" ? committed : renameIdentifiers(committed, names);
    return {
      name: tag,
      sql,
      statements: sql.split("--> statement-breakpoint"),
      createdAtMs: when,
      hash: createHash("sha256").update(sql).digest("hex"),
    };
  });
}

/**
 * Renames identifiers in SQL text: "quoted" ones and bare words (the PL/pgSQL body names its
 * tables unquoted) that are exactly a key of `names`. String literals and comments are copied as
 * they are, so a word in a message or a note is never mistaken for a table. Dollar-quoted function
 * bodies are read as code, which is what they are.
 */
export function renameIdentifiers(sql: string, names: ReadonlyMap<string, string>): string {
  return sql.replace(SQL_TOKEN, (token: string) => {
    if (token.startsWith('"')) {
      const renamed = names.get(token.slice(1, -1).replaceAll('""', '"'));
      return renamed === undefined ? token : `"${renamed.replaceAll('"', '""')}"`;
    }
    if (/^[A-Za-z_]/.test(token)) return names.get(token) ?? token;
    return token;
  });
}

/**
 * Comments, string literals, quoted identifiers, bare words, numbers: matched left to right, so a
 * quote inside a comment or a word inside a string is never read as anything else.
 */
const SQL_TOKEN = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*|[0-9]+/g;
