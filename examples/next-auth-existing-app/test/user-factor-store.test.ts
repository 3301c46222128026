import { randomUUID } from "node:crypto";
import { openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { afterAll } from "vitest";
import { userFactorStoreContract } from "../../../test/contract/user-factor-store.contract";
import { createAppTables } from "../src/server/app-schema";
import { createUser } from "../src/server/app-users";
import { createAppUserFactorStore } from "../src/server/user-factor-store";

// The example's 44-line store over its own app_users table keeps the same contract as twostep's
// own tables: otherwise the two-factor service would not be safe on it (a backup code used twice,
// a phone saved wrong).
let handle: Promise<DatabaseHandle> | undefined;
afterAll(async () => (await handle)?.close());

userFactorStoreContract("the example's app_users on PGlite", async () => {
  handle ??= openDatabase({ pgliteMemory: true }).then(async (h) => (await createAppTables(h.db), h));
  const { db } = await handle;
  return {
    store: createAppUserFactorStore(db),
    async createUser(password: string) {
      const user = await createUser(db, { email: `${randomUUID()}@example.com`, password });
      if (!user) throw new Error("could not create a user");
      return user.id;
    },
  };
});
