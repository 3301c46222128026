import { isIP } from "node:net";

/**
 * One client address as the per-IP limits and the security log should see it, or null when the
 * text is not an address. IPv4 as dotted quad; an IPv4-mapped IPv6 address as the IPv4 it maps;
 * any other IPv6 address as its /64 ("2001:db8:1:2::/64"), because one subscriber usually holds a
 * whole /64 and would otherwise have 2^64 fresh buckets. Free text never comes out of here.
 */
export function clientAddressKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  // Longest sensible form: a bracketed IPv6 with an embedded IPv4, a zone and a port.
  if (text.length === 0 || text.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(":")); // "203.0.113.9:4711"
  text = text.replace(/%[\w.-]+$/, ""); // an IPv6 zone ("fe80::1%eth0") names a local interface
  const version = isIP(text);
  if (version === 4) return text;
  if (version !== 6) return null;
  const groups = expandIpv6(text);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** Eight 16-bit groups of an address net.isIP already accepted as IPv6. */
function expandIpv6(address: string): number[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
