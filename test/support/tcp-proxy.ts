import net, { type AddressInfo } from "node:net";

/**
 * A TCP proxy on loopback in front of a real server (PostgreSQL in the outage tests), which a
 * test can take away (refused, cut) or freeze (connections open, no byte passes).
 */
export type TcpProxy = {
  port: number;
  /** Closes the listener (new connections are refused) and cuts every open connection. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Keeps every connection open (and accepts new ones) but passes no byte on: a frozen host or a partition. */
  freeze(): void;
  /** Delivers what was held, in order, and forwards again. */
  thaw(): void;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let held: (() => void)[] | null = null;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    const relay = (from: net.Socket, to: net.Socket) =>
      from.on("data", (chunk: Buffer) => (held ? held.push(() => to.write(chunk)) : to.write(chunk)));
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once("close", () => {
        open.delete(socket);
        cut();
      });
      socket.on("error", cut);
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of open) socket.destroy();
      await closed;
    },
    start: () => listen(port),
    freeze() {
      held ??= [];
    },
    thaw() {
      const pending = held ?? [];
      held = null;
      for (const deliver of pending) deliver();
    },
  };
}
