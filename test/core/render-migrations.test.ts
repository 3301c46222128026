// Behaviour: the table-prefix renderer renames every name the migrations give an object (quoted
// identifiers and the verify function's unquoted table references), and nothing else: not
// columns, not string literals, not comments. With no prefix the SQL is the committed files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSchema, MIGRATIONS_DIR, renderMigrationSql } from "@twostep/core/sql";
import { prefixedNames } from "../../packages/core/src/adapters/sql/migration-names";
import { renameIdentifiers } from "../../packages/core/src/adapters/sql/render-migrations";

const committed = (name: string) => readFileSync(path.join(MIGRATIONS_DIR, `${name}.sql`), "utf8");
const quotedIdentifiers = (sql: string) => [...sql.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!);

describe("renderMigrationSql", () => {
  it("gives the committed files, byte for byte, with no prefix", () => {
    for (const m of renderMigrationSql()) expect(m.sql).toBe(committed(m.name));
  });

  it("leaves no quoted name unrenamed except columns and the public schema", () => {
    const names = prefixedNames("zq_");
    const columns = new Set(
      Object.values(createSchema()).flatMap((t) => (typeof t === "string" ? [] : Object.values(t).map((c: { name?: string }) => c.name))),
    );
    for (const m of renderMigrationSql()) {
      const unknown = quotedIdentifiers(m.sql).filter((id) => !names.has(id) && !columns.has(id) && id !== "public");
      // A new migration naming an object the schema doesn't know would be applied unprefixed.
      expect(unknown, m.name).toEqual([]);
    }
    const rendered = renderMigrationSql({ tablePrefix: "zq_" }).map((m) => m.sql).join("\n");
    for (const id of quotedIdentifiers(rendered)) expect(names.has(id), id).toBe(false);
  });

  it("renames the verify function and its unquoted table references", () => {
    const [, verify] = renderMigrationSql({ tablePrefix: "zq_" });
    expect(verify!.sql).toContain("CREATE OR REPLACE FUNCTION zq_twostep_verify(");
    expect(verify!.sql).toContain("v_challenge zq_challenges%ROWTYPE;");
    expect(verify!.sql).toContain("INSERT INTO zq_verification_failures (user_id");
    expect(verify!.sql).toContain("UPDATE zq_challenges SET attempts = attempts + 1");
    // v_challenge, challenge_id and the like are not table names.
    expect(verify!.sql).not.toMatch(/zq_v_challenge|zq_challenge_id|zq_user_id|zq_p_/);
    const bareTables = ["challenges", "verification_failures", "twostep_verify"];
    for (const table of bareTables) expect(verify!.sql).not.toMatch(new RegExp(`(^|[^a-z_])${table}\\b`, "m"));
  });

  it("copies string literals and comments as they are", () => {
    const names = new Map([["users", "p_users"]]);
    const sql = `-- users are here\nSELECT 'users', "users", users, users_count, "users_x" FROM users /* users */;`;
    expect(renameIdentifiers(sql, names)).toBe(
      `-- users are here\nSELECT 'users', "p_users", p_users, users_count, "users_x" FROM p_users /* users */;`,
    );
  });

  it("names prefixed objects as the prefixed Drizzle schema does", () => {
    const names = prefixedNames("zq_");
    expect(names.get("users")).toBe("zq_users");
    expect(names.get("users_email_unique")).toBe("zq_users_email_unique");
    expect(names.get("backup_codes_user_id_users_id_fk")).toBe("zq_backup_codes_user_id_zq_users_id_fk");
    expect(names.get("sms_country_stats_pk")).toBe("zq_sms_country_stats_pk");
    expect(names.get("twostep_verify")).toBe("zq_twostep_verify");
  });

  it("refuses a prefix that isn't a plain lower-case identifier", () => {
    for (const bad of ["Twostep_", "1x_", "x-y", 'x"; DROP TABLE users; --', "a".repeat(32), "_x"]) {
      expect(() => renderMigrationSql({ tablePrefix: bad }), bad).toThrow(/table prefix/);
      expect(() => createSchema(bad), bad).toThrow(/table prefix/);
    }
  });
});
