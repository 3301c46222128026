import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/** Liveness of the state store: 200 when codes can be checked, 503 when they can't. */
export async function GET() {
  try {
    const twostep = await getTwoStep();
    await twostep.store.ping();
    return Response.json({ ok: true, state: twostep.store.name, database: twostep.databaseKind });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
