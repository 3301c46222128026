import postgres from "postgres";
import { benchDatabaseUrl } from "@/server/bench-database";
import { getConfig } from "@/server/config";
import { storeCounters } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * The floor of `npm run bench:http`: what a durable single-use check can cost at the least in
 * this build, a route handler doing one `UPDATE … RETURNING` of one row (the challenge row of the
 * user named in x-bench-row) on a postgres.js pool like the core's. No session, no GraphQL.
 * A 404 outside a bench server (benchDatabaseUrl).
 */
const holder = globalThis as typeof globalThis & { __benchFloorSql?: postgres.Sql };

async function updateOneRow(request: Request): Promise<Response> {
  const config = getConfig();
  const url = benchDatabaseUrl(config);
  if (!url) return new Response("Not Found", { status: 404 });
  holder.__benchFloorSql ??= postgres(url, { max: 10, onnotice: () => {} });
  const sql = holder.__benchFloorSql;
  const userId = request.headers.get("x-bench-row") ?? "";
  const table = `${config.database.tablePrefix ?? ""}challenges`;
  const [row] = await sql`UPDATE ${sql(table)} SET sent_at_ms = sent_at_ms WHERE user_id = ${userId} AND purpose = 'sign_in' RETURNING id`;
  // Its own pool, past the core's counting: counted here, so the bench's statements per request stay true.
  const counters = storeCounters();
  if (counters) counters.statements++;
  return Response.json({ ok: row !== undefined });
}

export { updateOneRow as POST };
