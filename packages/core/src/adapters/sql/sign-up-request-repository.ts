import { randomUUID } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { queryRows } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

/** Expired requests a new one deletes: more than a request can leave behind, so they never pile up. */
const EXPIRED_PER_REQUEST = 20;

/** Named statements over `sign_up_requests`; each is one statement, atomic without a transaction. */
export function createSignUpRequestRepository(db: Database, options: SqlAdapterOptions = {}) {
  const { signUpRequests: requests } = tablesOf(options);
  return {
    /**
     * Deletes expired requests (any address's, a batch at a time: an abandoned sign-up's address
     * and password hash must not stay) and, when `issue` is true, stores the new one. With `issue`
     * false it is the same statement inserting nothing: an address that has an account costs the
     * database what a new one costs.
     */
    async store(input: { email: string; passwordHash: string; tokenHash: string; nowMs: number; expiresAtMs: number; issue: boolean }): Promise<void> {
      await db.execute(sql`
        WITH expired AS (
          DELETE FROM ${requests} WHERE ${requests.id} IN (
            SELECT ${requests.id} FROM ${requests} WHERE ${requests.expiresAtMs} <= ${input.nowMs}::bigint LIMIT ${EXPIRED_PER_REQUEST}
          )
        )
        INSERT INTO ${requests} (${sql.identifier(requests.id.name)}, ${sql.identifier(requests.email.name)}, ${sql.identifier(requests.passwordHash.name)},
                                 ${sql.identifier(requests.tokenHash.name)}, ${sql.identifier(requests.createdAtMs.name)}, ${sql.identifier(requests.expiresAtMs.name)})
        SELECT ${randomUUID()}, ${input.email}, ${input.passwordHash}, ${input.tokenHash}, ${input.nowMs}::bigint, ${input.expiresAtMs}::bigint
        WHERE ${input.issue}::boolean`);
    },

    /** The live request a link names (its address and password hash), or null: one indexed read. */
    async live(tokenHash: string, nowMs: number): Promise<{ email: string; passwordHash: string } | null> {
      const [row] = await db
        .select({ email: requests.email, passwordHash: requests.passwordHash })
        .from(requests)
        .where(and(eq(requests.tokenHash, tokenHash), gt(requests.expiresAtMs, nowMs)))
        .limit(1);
      return row ?? null;
    },

    /**
     * Spends the link: deletes every request of its address if the link's own is still live, and
     * answers that address. Of two concurrent uses of one link, one gets the address; the other
     * (and an expired or unknown link) gets null.
     */
    async use(tokenHash: string, nowMs: number): Promise<string | null> {
      const rows = await queryRows<{ email: string; own: boolean }>(
        db,
        sql`
        WITH used AS (
          SELECT ${requests.email} AS email FROM ${requests}
          WHERE ${requests.tokenHash} = ${tokenHash} AND ${requests.expiresAtMs} > ${nowMs}::bigint
          FOR UPDATE
        )
        DELETE FROM ${requests} WHERE ${requests.email} IN (SELECT email FROM used)
        RETURNING ${requests.email} AS email, ${requests.tokenHash} = ${tokenHash} AS own`,
      );
      return rows.find((row) => row.own)?.email ?? null;
    },
  };
}

export type SignUpRequestRepository = ReturnType<typeof createSignUpRequestRepository>;
