/**
 * Hosts that never leave this machine: the only ones a production setting may reach over plain
 * http or SMTP without TLS (a proxy or a relay on the same host, a fake provider in tests). Only
 * these exact names: a name that merely resolves to loopback today may not tomorrow.
 */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Whether a URL's hostname (WHATWG `URL.hostname`, `[::1]`, or Node's legacy parse, `::1`) is loopback. */
export function isLoopbackHost(hostname: string | undefined | null): boolean {
  return typeof hostname === "string" && LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * The problem with an http(s) URL a production setting holds, or null: https, or http to a
 * loopback host. `example` names what to set instead.
 */
export function productionHttpsProblem(name: string, url: string, example: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${name}: not a URL`;
  }
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:" && isLoopbackHost(parsed.hostname)) return null;
  return `${name}: must be https:// in production (http:// only to localhost, 127.0.0.1 or [::1]); set it to ${example}`;
}
