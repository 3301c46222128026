import net, { type AddressInfo } from "node:net";
import { openDatabase } from "../../src/core/db/open-database";
import { createSqlStateStore } from "../../src/core/store/state-store";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { serviceFor, randomPhone, randomUserId } from "../../test/support/fixtures";
import { latestOutboxCode } from "../../test/support/outbox-codes";

let frozen = false;
const pairs: [net.Socket, net.Socket][] = [];
const server = net.createServer((client) => {
  if (frozen) return; // accept, never forward: a black hole
  const up = net.connect(5432, "127.0.0.1");
  pairs.push([client, up]);
  client.on("data", (d) => { if (!frozen) up.write(d); });
  up.on("data", (d) => { if (!frozen) client.write(d); });
  for (const s of [client, up]) s.on("error", () => { client.destroy(); up.destroy(); });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const fresh = await createFreshDatabase();
const url = new URL(fresh.url); url.port = String((server.address() as AddressInfo).port);
const h = await openDatabase({ url: url.toString() });
const store = createSqlStateStore(h.db);
const { service, smsLog } = serviceFor(store, h.db);
const who = { userId: randomUserId(), purpose: "sign_in" as const };
const phone = randomPhone();
console.log(await service.start({ ...who, phone }));
const code = await latestOutboxCode(smsLog, phone);
frozen = true;
const t0 = Date.now();
const r = await Promise.race([service.verify({ ...who, code }), new Promise((r) => setTimeout(() => r("HUNG 30s"), 30_000))]);
console.log("stalled verify:", r, Date.now() - t0, "ms");
process.exit(0);
