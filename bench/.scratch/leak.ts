import { openDatabase } from "../../src/core/db/open-database";
import { createSqlStateStore } from "../../src/core/store/state-store";
import { serviceFor, randomPhone, randomUserId } from "../../test/support/fixtures";
import { captureLogs } from "../../test/support/log-capture";

const good = await openDatabase({ pgliteMemory: true });
const dead = await openDatabase({ pgliteMemory: true });
await dead.close();
const logs = captureLogs("trace");
// state store down
const downStore = createSqlStateStore(dead.db);
const { service: s1 } = serviceFor(downStore, good.db, { logger: logs.logger });
const phone = randomPhone();
console.log(await s1.start({ userId: randomUserId(), purpose: "sign_in", phone, ip: "10.0.0.1" }));
console.log(await s1.verify({ userId: "u1", purpose: "sign_in", code: "123456" }));
// challenges down but limiter up
const mixed = { ...createSqlStateStore(good.db), challenges: createSqlStateStore(dead.db).challenges };
const { service: s2 } = serviceFor(mixed, good.db, { logger: logs.logger });
console.log(await s2.start({ userId: randomUserId(), purpose: "sign_in", phone }));
// sms log down, store up
const { service: s3 } = serviceFor(createSqlStateStore(good.db), dead.db, { logger: logs.logger });
console.log(await s3.start({ userId: randomUserId(), purpose: "sign_in", phone }));
console.log(logs.text().split("\n").map(l => l.slice(0, 1500)).join("\n"));
console.log("PHONE LEAK:", logs.text().includes(phone));
await good.close();
