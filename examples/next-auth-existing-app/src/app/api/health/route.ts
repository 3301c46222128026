import { getApp } from "../../../server/twostep";

export const dynamic = "force-dynamic";

/** Ready once the database is open and migrated (the test waits for this). */
export async function GET() {
  await getApp();
  return Response.json({ ok: true });
}
