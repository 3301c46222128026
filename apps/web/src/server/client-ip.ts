import { getConfig } from "./config";
import { clientAddressKey } from "./ip-address";
import { PEER_ADDRESS_HEADER, peerAddressesRecorded } from "./peer-address";

/**
 * The one bucket for requests whose address can't be known (a proxy that sent garbage, fewer
 * X-Forwarded-For entries than TRUSTED_PROXY_HOPS). Shared, so such requests are limited together:
 * never "no address, so no per-IP limit".
 */
export const UNKNOWN_CLIENT = "unknown";

/**
 * The client address for per-IP limits and the security log (decision 003). With
 * TRUSTED_PROXY_HOPS=0 (the default: the app is reached directly) the socket's address, recorded
 * by peer-address.ts; X-Forwarded-For is the client's own text then, and ignored. With N proxies
 * that each append the address they received from, the N-th X-Forwarded-For entry from the right
 * is the one the outermost trusted proxy wrote. Always an address (ip-address.ts) or UNKNOWN_CLIENT.
 */
export function clientIp(headers: Headers, trustedProxyHops = getConfig().trustedProxyHops): string {
  if (trustedProxyHops === 0) {
    if (!peerAddressesRecorded()) return UNKNOWN_CLIENT;
    return clientAddressKey(headers.get(PEER_ADDRESS_HEADER)) ?? UNKNOWN_CLIENT;
  }
  const entries = headers.get("x-forwarded-for")?.split(",") ?? [];
  if (entries.length < trustedProxyHops) return UNKNOWN_CLIENT;
  return clientAddressKey(entries[entries.length - trustedProxyHops]) ?? UNKNOWN_CLIENT;
}
