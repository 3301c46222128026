import http from "node:http";

/**
 * Route handlers, server actions and Auth.js see headers, never the socket. `next start` writes the
 * socket's address into X-Forwarded-For only when the request has none (`??=` in next's
 * base-server.js), so a client reaching the app directly picks its own "address" by sending one.
 * This records the socket's address under a header of our own on every incoming request,
 * overwriting whatever a client sent under that name, so client-ip.ts can trust it.
 */
export const PEER_ADDRESS_HEADER = "x-twostep-peer-address";

const holder = globalThis as typeof globalThis & { __twostepPeerAddress?: boolean };

/** Installed once per process, from instrumentation.ts, before the first request is handled. */
export function recordPeerAddresses(): void {
  if (holder.__twostepPeerAddress) return;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithPeerAddress(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      const address = request.socket?.remoteAddress;
      if (address) request.headers[PEER_ADDRESS_HEADER] = address;
      else delete request.headers[PEER_ADDRESS_HEADER];
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
  holder.__twostepPeerAddress = true;
}

/** Whether the header can be trusted: only when this process wrote it. */
export function peerAddressesRecorded(): boolean {
  return holder.__twostepPeerAddress === true;
}
