import { checkDependencies } from "@/server/dependency-health";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * Readiness: each dependency a request needs (the database, Redis when configured) with its
 * latency; 200 only when every one answered within its deadline, 503 naming the one that didn't.
 */
export async function GET() {
  const headers = { "Cache-Control": "no-store" };
  let twostep;
  try {
    twostep = await getTwoStep();
  } catch {
    return Response.json({ ok: false, problem: "NOT_STARTED" }, { status: 503, headers });
  }
  const dependencies = await checkDependencies(twostep);
  const ok = Object.values(dependencies).every((d) => d.ok);
  return Response.json({ ok, state: twostep.store.name, dependencies }, { status: ok ? 200 : 503, headers });
}
