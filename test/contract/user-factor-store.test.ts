import { randomUUID } from "node:crypto";
import { hashPassword } from "@twostep/core/accounts";
import { createSqlUserFactorStore, createUserRepository, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { afterAll } from "vitest";
import { postgresAvailable } from "../support/services";
import { createFreshDatabase } from "../support/fresh-database";
import { userFactorStoreContract } from "./user-factor-store.contract";

// twostep's own tables as the store, on the embedded default and on PostgreSQL: the same contract
// a host's own users table must keep (the examples run it against theirs).
const handles: { close(): Promise<unknown> }[] = [];
afterAll(async () => {
  for (const handle of handles.reverse()) await handle.close();
});

function sqlBackend(open: () => Promise<DatabaseHandle>) {
  let handle: Promise<DatabaseHandle> | undefined;
  return async () => {
    handle ??= open().then((h) => (handles.push(h), h));
    const { db } = await handle;
    const users = createUserRepository(db);
    return {
      store: createSqlUserFactorStore(db),
      async createUser(password: string) {
        const user = await users.create({ email: `${randomUUID()}@example.com`, passwordHash: await hashPassword(password) });
        if (!user) throw new Error("could not create a user");
        return user.id;
      },
    };
  };
}

userFactorStoreContract("twostep's tables on PGlite", sqlBackend(() => openDatabase({ pgliteMemory: true })));

if (await postgresAvailable()) {
  userFactorStoreContract(
    "twostep's tables on PostgreSQL",
    sqlBackend(async () => {
      const fresh = await createFreshDatabase();
      handles.push({ close: () => fresh.drop() });
      return openDatabase({ url: fresh.url });
    }),
  );
}
