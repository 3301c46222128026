import { createSchema, createSqlTrustedDeviceStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";
import { trustedDeviceStoreContract } from "./trusted-device-store.contract";

// SQL only: a trusted device is read once per sign-in, never per request, so no Redis store.
trustedDeviceStoreContract(
  "PGlite",
  async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return { store: () => createSqlTrustedDeviceStore(handle.db), close: handle.close };
  },
  async () => true,
);

trustedDeviceStoreContract(
  "PGlite, tables under twostep_",
  async () => {
    const handle = await openDatabase({ pgliteMemory: true, tablePrefix: "twostep_" });
    return { store: () => createSqlTrustedDeviceStore(handle.db, { tables: createSchema("twostep_") }), close: handle.close };
  },
  async () => true,
);

trustedDeviceStoreContract(
  "PostgreSQL",
  async () => {
    const fresh = await createFreshDatabase();
    const handle = await openDatabase({ url: fresh.url });
    return {
      store: () => createSqlTrustedDeviceStore(handle.db, { tables: handle.tables }),
      close: async () => {
        await handle.close();
        await fresh.drop();
      },
    };
  },
  postgresAvailable,
);
