import { startAppServer, type AppServer } from "./app-server";
import { createFreshDatabase } from "./fresh-database";
import { TEST_DATABASE_URL } from "./services";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

/** An app server on a fresh PostgreSQL database reached through a proxy the test controls. */
export async function appOnProxiedPostgres(env: Record<string, string | undefined> = {}): Promise<{ app: AppServer; proxy: TcpProxy; stop(): Promise<void> }> {
  const fresh = await createFreshDatabase();
  const upstream = new URL(TEST_DATABASE_URL);
  const proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  const viaProxy = new URL(fresh.url);
  viaProxy.hostname = "127.0.0.1";
  viaProxy.port = String(proxy.port);
  const app = await startAppServer({ ...env, DATABASE_URL: viaProxy.toString() });
  return {
    app,
    proxy,
    async stop() {
      proxy.thaw();
      await proxy.start().catch(() => {});
      await app.stop();
      await proxy.stop();
      await fresh.drop();
    },
  };
}
