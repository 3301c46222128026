// A host that gives twostep a table prefix must get exactly the same guarantees: the whole store
// contract again, on PostgreSQL with two connection pools, every table and the verify function
// under "twostep_".
import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";
import { stateStoreContract } from "./state-store.contract";

stateStoreContract(
  "PostgreSQL, table prefix twostep_",
  async () => {
    const fresh = await createFreshDatabase();
    const [first, second] = await Promise.all([
      openDatabase({ url: fresh.url, tablePrefix: "twostep_" }),
      openDatabase({ url: fresh.url, tablePrefix: "twostep_" }),
    ]);
    return {
      db: first.db,
      tables: first.tables,
      clients: (keyPrefix) => [
        createSqlStateStore(first.db, { keyPrefix, tables: first.tables }),
        createSqlStateStore(second.db, { keyPrefix, tables: second.tables }),
      ],
      close: async () => {
        await Promise.all([first.close(), second.close()]);
        await fresh.drop();
      },
    };
  },
  postgresAvailable,
);
