// Creates better-auth's tables (user, session, account, verification, twoFactor, rateLimit) in
// DATABASE_URL, as its CLI's `migrate` would.
import { getMigrations } from "better-auth/db/migration";
import { auth } from "./auth.mjs";

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
process.exit(0);
