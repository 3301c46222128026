// `npm run db:migrate`: applies the committed migrations to the configured database (the app
// also does this at start-up; this is for deploy pipelines that migrate before rolling out).
import { loadConfig } from "../src/core/config/env";
import { openDatabase } from "../src/core/db/open-database";

const config = loadConfig();
const handle = await openDatabase(config.database);
await handle.close();
console.log(`migrations applied (${handle.kind})`);
