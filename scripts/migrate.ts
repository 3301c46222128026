// `npm run db:migrate`: applies the committed migrations to the configured database (the app
// also does this at start-up; this is for deploy pipelines that migrate before rolling out).
import { loadConfig } from "@twostep/core/env";
import { openDatabase } from "@twostep/core/sql";

const config = loadConfig();
const handle = await openDatabase(config.database);
await handle.close();
console.log(`migrations applied (${handle.kind})`);
