// A prefixed installation must not take a single unprefixed name in the host's database: after a
// prefixed migrate, every table, index, constraint, sequence and function twostep made starts
// with the prefix (the host's own `users` or `challenges` stay free), on PGlite and PostgreSQL.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const PREFIX = "acme_2fa_";

/** Everything in the schemas twostep writes to, by kind and name. */
async function objectNames(db: Database) {
  const relations = await queryRows<{ schema: string; name: string }>(
    db,
    sql`SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'drizzle')`,
  );
  const constraints = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.conname AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'`,
  );
  const functions = await queryRows<{ name: string }>(
    db,
    sql`SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
  );
  return { relations, constraints, functions };
}

async function expectOnlyPrefixed(handle: DatabaseHandle) {
  const { relations, constraints, functions } = await objectNames(handle.db);
  expect(relations.length).toBeGreaterThan(20);
  expect(relations.filter((r) => !r.name.startsWith(PREFIX))).toEqual([]);
  expect(relations.filter((r) => r.schema === "drizzle").map((r) => r.name).sort()).toEqual([
    `${PREFIX}__drizzle_migrations`,
    `${PREFIX}__drizzle_migrations_id_seq`,
    `${PREFIX}__drizzle_migrations_pkey`,
  ]);
  expect(constraints.length).toBeGreaterThan(9);
  expect(constraints.filter((c) => !c.name.startsWith(PREFIX))).toEqual([]);
  expect(functions.filter((f) => !f.name.startsWith(PREFIX))).toEqual([]);
  expect(functions.map((f) => f.name)).toEqual(expect.arrayContaining([`${PREFIX}twostep_verify`, `${PREFIX}twostep_verify_totp`]));
}

describe("a prefixed migrate leaves no unprefixed twostep name", async () => {
  const postgresUp = await postgresAvailable();

  it("on PGlite", async () => {
    const handle = await openDatabase({ pgliteMemory: true, tablePrefix: PREFIX });
    try {
      await expectOnlyPrefixed(handle);
    } finally {
      await handle.close();
    }
  });

  it.runIf(postgresUp)("on PostgreSQL", async () => {
    const fresh = await createFreshDatabase();
    const handle = await openDatabase({ url: fresh.url, tablePrefix: PREFIX });
    try {
      await expectOnlyPrefixed(handle);
    } finally {
      await handle.close();
      await fresh.drop();
    }
  });
});
