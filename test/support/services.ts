import net from "node:net";

/**
 * Integration tests run against the machine's real PostgreSQL and Redis. Where one is missing
 * (a laptop without it), its tests skip with a printed notice; under REQUIRE_SERVICES=1 (CI) a
 * missing service fails the run instead, so CI can never pass by skipping.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const REQUIRED = process.env.REQUIRE_SERVICES === "1";

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function availability(name: string, url: string, defaultPort: number): Promise<boolean> {
  const ok = await reachable(url, defaultPort);
  if (!ok && REQUIRED) {
    throw new Error(`${name} at ${url} is not reachable, and REQUIRE_SERVICES=1 forbids skipping its tests`);
  }
  if (!ok) {
    console.warn(`\n[notice] ${name} not reachable at ${url}: its integration tests are SKIPPED.\n`);
  }
  return ok;
}

export const postgresAvailable = () => availability("PostgreSQL", TEST_DATABASE_URL, 5432);
export const redisAvailable = () => availability("Redis", TEST_REDIS_URL, 6379);
