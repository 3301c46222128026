import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { stateStoreContract } from "./state-store.contract";

// PGlite serves one process through one connection, so its "two instances" share it: the
// contract still checks that interleaved requests can't break single use or the caps.
stateStoreContract(
  "PGlite (embedded default)",
  async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return {
      db: handle.db,
      clients: (prefix) => [createSqlStateStore(handle.db, prefix), createSqlStateStore(handle.db, prefix)],
      close: handle.close,
    };
  },
  async () => true,
);
