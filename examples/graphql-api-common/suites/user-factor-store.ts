// This app's users table must keep the same contract as twostep's own tables, or the two-factor
// service isn't safe on it (backup codes used twice, a phone saved without its proof time, …).
import { randomUUID } from "node:crypto";
import { createLogger } from "@twostep/core";
import { afterAll, beforeAll } from "vitest";
import { userFactorStoreContract } from "../../../test/contract/user-factor-store.contract";
import { createAppUserFactorStore, createUsers, openAppDatabase } from "../src/index.js";
import type { FrameworkUnderTest } from "./support.js";

/** twostep's UserFactorStore contract on the app.users the example serves (the store needs no framework). */
export function userFactorStoreSuite(framework: Pick<FrameworkUnderTest, "name">) {
  const database = openAppDatabase({ pgliteMemory: true });
  // Opening PGlite and migrating takes seconds: a hook, not the first test, waits for it.
  beforeAll(() => database);
  afterAll(async () => (await database).close());

  userFactorStoreContract(`the ${framework.name} example's app.users on PGlite`, async () => {
    const { db } = await database;
    const users = createUsers(db, createLogger({ level: "silent" }));
    return {
      store: createAppUserFactorStore(db),
      async createUser(password: string) {
        const user = await users.create(`${randomUUID()}@example.com`, password);
        if (!user) throw new Error("could not create a user");
        return user.id;
      },
    };
  });
}
