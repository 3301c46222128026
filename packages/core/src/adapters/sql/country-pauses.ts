import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

import type { CountryPause, CountryPauses } from "../../ports/pumping-store.js";

/**
 * Pauses in the database, so every app instance sees one at its next send. Times come from the
 * core's clock, never the database's, so tests can move past a pause.
 */
export function createCountryPauses(db: Database, options: SqlAdapterOptions = {}): CountryPauses {
  const { smsCountryPauses } = tablesOf(options);
  const inForce = (nowMs: number) => gt(smsCountryPauses.pausedUntil, new Date(nowMs));

  /** The pause in force for this calling code, if any: the one read on every send. */
  async function active(callingCode: string, nowMs: number): Promise<CountryPause | null> {
    const [row] = await db
      .select()
      .from(smsCountryPauses)
      .where(and(eq(smsCountryPauses.callingCode, callingCode), inForce(nowMs)))
      .limit(1);
    return row ?? null;
  }

  return {
    active,

    /**
     * Starts a pause unless one is already in force. True only for the caller that started it, so
     * when two instances trip at once only one of them logs and audits.
     */
    async begin(pause: Omit<CountryPause, "liftedAt">, nowMs: number): Promise<boolean> {
      const started = await db
        .insert(smsCountryPauses)
        .values({ ...pause, liftedAt: null })
        .onConflictDoUpdate({
          target: smsCountryPauses.callingCode,
          set: { ...pause, liftedAt: null },
          setWhere: lte(smsCountryPauses.pausedUntil, new Date(nowMs)),
        })
        .returning({ callingCode: smsCountryPauses.callingCode });
      return started.length > 0;
    },

    /** Ends the pause in force now; returns it as it was, or null when there was none. */
    async lift(callingCode: string, nowMs: number): Promise<CountryPause | null> {
      const pause = await active(callingCode, nowMs);
      if (!pause) return null;
      const lifted = await db
        .update(smsCountryPauses)
        .set({ pausedUntil: new Date(nowMs), liftedAt: new Date(nowMs) })
        .where(and(eq(smsCountryPauses.callingCode, callingCode), inForce(nowMs)))
        .returning({ callingCode: smsCountryPauses.callingCode });
      return lifted.length > 0 ? pause : null;
    },

    /** Every pause in force, soonest to end first. */
    async listActive(nowMs: number): Promise<CountryPause[]> {
      return db.select().from(smsCountryPauses).where(inForce(nowMs)).orderBy(asc(smsCountryPauses.pausedUntil));
    },
  };
}

