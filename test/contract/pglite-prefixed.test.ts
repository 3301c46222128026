// A host that gives twostep a table prefix must get exactly the same guarantees: the whole store
// contract again, on PGlite, with every table and the verify function under "twostep_".
import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { stateStoreContract } from "./state-store.contract";

stateStoreContract(
  "PGlite, table prefix twostep_",
  async () => {
    const handle = await openDatabase({ pgliteMemory: true, tablePrefix: "twostep_" });
    const clients = (keyPrefix: string) => createSqlStateStore(handle.db, { keyPrefix, tables: handle.tables });
    return {
      db: handle.db,
      tables: handle.tables,
      clients: (prefix) => [clients(prefix), clients(prefix)],
      close: handle.close,
    };
  },
  async () => true,
);
