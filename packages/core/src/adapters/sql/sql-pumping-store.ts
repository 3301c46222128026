import type { PumpingStore } from "../../ports/pumping-store.js";
import type { Database } from "./database.js";
import { createCountryPauses } from "./country-pauses.js";
import { createCountryStats } from "./country-stats.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import { tableSinkOf } from "./audit-sink.js";

/** The pumping guard's counters and pauses in the database, seen by every app instance. */
export function createSqlPumpingStore(db: Database, options: SqlAdapterOptions = {}): PumpingStore {
  return {
    countrySink: tableSinkOf(db, tablesOf(options).smsCountryStats),
    stats: (settings) => createCountryStats(db, settings, options),
    pauses: createCountryPauses(db, options),
  };
}
