import net from "node:net";

/**
 * Longest a PostgreSQL connection may stay silent after twostep sent it something. twostep's
 * statements are key lookups and short updates that answer in milliseconds, so a connection with a
 * statement out and no byte back for this long is stalled (a frozen host, a partition, a failover
 * that left the old address black-holed). postgres.js has no query timeout of its own, and without
 * this such a connection would hold its queries until TCP gives up, many minutes later.
 */
export const STALLED_CONNECTION_MS = 5_000;

/** What postgres.js hands its `socket` option: the parsed connection options. */
type SocketTarget = { host: string[]; port: number[]; path?: string | false };

/**
 * A socket factory for postgres.js's `socket` option that drops a connection which has sent
 * something and heard nothing for `silentMs` (and a connect attempt that takes as long). The
 * connection's queries then fail (CONNECTION_CLOSED) instead of waiting,
 * and postgres.js opens a fresh connection for the next one. Idle pooled connections are left
 * alone: silence only counts while bytes we wrote are unanswered. Until `arm()` (after migrations,
 * whose index builds on big tables may rightly take longer) stalls are only watched, not cut.
 */
export function createStallGuard(silentMs = STALLED_CONNECTION_MS) {
  let armed = false;
  const connect = (target: SocketTarget) =>
    new Promise<net.Socket>((resolve, reject) => {
      const socket = target.path ? net.connect({ path: target.path }) : net.connect({ host: target.host[0], port: target.port[0]! });
      // Bytes written up to the last byte read: anything beyond that is a request still unanswered.
      let answeredUpTo = 0;
      // Silence is timed by a timer of our own, not socket.setTimeout: Node restarts that one on
      // every write too, so under steady load (postgres.js pipelines new statements onto a busy
      // connection) a frozen server's connection would never be cut. This one starts at the first
      // unanswered write, is restarted only by bytes read, and stops once all is answered.
      let silence: NodeJS.Timeout | null = null;
      const unanswered = () => socket.bytesWritten > answeredUpTo;
      const listen = () => {
        if (silence) clearTimeout(silence);
        silence = setTimeout(() => {
          silence = null;
          if (!unanswered()) return;
          // Closed without an error on purpose: postgres.js then fails the connection's queries
          // with CONNECTION_CLOSED as it closes. Destroyed with an error, a query issued between
          // the 'error' and 'close' events is left on the dead connection and never answered.
          if (armed) socket.destroy();
          // Not armed yet (migrations): only watched, so keep listening.
          else listen();
        }, silentMs);
        silence.unref();
      };
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      socket.write = ((...args: unknown[]) => {
        const written = write(...args);
        if (!silence && unanswered()) listen();
        return written;
      }) as typeof socket.write;
      socket.on("data", () => {
        answeredUpTo = socket.bytesWritten;
        if (silence) clearTimeout(silence);
        silence = null;
      });
      socket.once("close", () => {
        if (silence) clearTimeout(silence);
        silence = null;
      });
      // A connect attempt that takes as long fails; once connected, only the timer above counts.
      socket.setTimeout(silentMs, () => {
        if (socket.connecting) socket.destroy(Object.assign(new Error(`no connection to the database within ${silentMs} ms`), { code: "ETIMEDOUT" }));
      });
      socket.once("connect", () => {
        socket.setTimeout(0);
        socket.off("error", reject);
        resolve(socket);
      });
      socket.once("error", reject);
    });
  return {
    /** postgres.js `socket` option. */
    socket: connect,
    arm() {
      armed = true;
    },
  };
}

/** postgres://a,b/db: several hosts, which postgres.js rotates through itself; the guard takes one. */
export function isMultiHostUrl(url: string): boolean {
  return /^[a-z]+:\/\/[^/?#]*,/i.test(url);
}
