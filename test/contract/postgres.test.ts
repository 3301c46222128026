import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";
import { stateStoreContract } from "./state-store.contract";

// Two connection pools on one PostgreSQL database: what two app instances hold in production.
stateStoreContract(
  "PostgreSQL",
  async () => {
    const fresh = await createFreshDatabase();
    const first = await openDatabase({ url: fresh.url });
    const second = await openDatabase({ url: fresh.url });
    return {
      db: first.db,
      clients: (prefix) => [createSqlStateStore(first.db, prefix), createSqlStateStore(second.db, prefix)],
      close: async () => {
        await Promise.all([first.close(), second.close()]);
        await fresh.drop();
      },
    };
  },
  postgresAvailable,
);
