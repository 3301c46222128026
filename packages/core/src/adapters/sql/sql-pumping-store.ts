import type { PumpingStore } from "../../ports/pumping-store.js";
import type { Database } from "./database.js";
import { createCountryPauses } from "./country-pauses.js";
import { createCountryStats } from "./country-stats.js";

/** The pumping guard's counters and pauses in the database, seen by every app instance. */
export function createSqlPumpingStore(db: Database): PumpingStore {
  return {
    stats: (settings) => createCountryStats(db, settings),
    pauses: createCountryPauses(db),
  };
}
