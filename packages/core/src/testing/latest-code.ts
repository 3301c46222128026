/**
 * For your own end-to-end tests (Playwright, Vitest, anything with fetch): waits for the newest
 * code SMS to a phone and returns its 6 digits, read from the dev outbox of a running twostep.
 *
 *   const code = await latestCode({ baseUrl: "http://localhost:3000", phone: "+12015550100", since });
 *
 * The outbox answers in development and with SMS_PROVIDER=outbox; in production only for test
 * numbers, and only with SMS_TEST_NUMBERS=enabled (docs/test-numbers.md), and in production only
 * to a caller with the app's OUTBOX_TOKEN (`outboxToken`). No framework and no
 * twostep imports, so it can be copied into another project as is.
 */
export type LatestCodeOptions = {
  /** Origin of the running app, e.g. "http://localhost:3000". */
  baseUrl: string;
  /** The number the code went to, in any form the app accepts ("+1 201 555 0100"). */
  phone: string;
  /**
   * Only codes sent at or after this moment count (take it just before the action that sends).
   * Compared with the server's clock: keep the test and the app on one machine, or allow for skew.
   */
  since?: Date | number;
  /** Gives up after this long (default 10 s); the delayed test number needs about 5 s. */
  timeoutMs?: number;
  /** Pause between polls (default 250 ms). */
  intervalMs?: number;
  /** The app's OUTBOX_TOKEN, required wherever one is set (always in production). */
  outboxToken?: string;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_INTERVAL_MS = 250;
/** The origin-bound last line of every code SMS: "@host #123456". */
const CODE_LINE = /#(\d{6})\s*$/;

type OutboxReply = { messages: Array<{ to: string; body: string; createdAt: string }> };

export async function latestCode(options: LatestCodeOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const sinceMs = options.since === undefined ? -Infinity : new Date(options.since).getTime();
  const url = new URL("/api/dev/outbox", options.baseUrl);
  url.searchParams.set("to", options.phone);
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.outboxToken) headers["x-twostep-outbox-token"] = options.outboxToken;
    const response = await fetch(url, { headers });
    if (response.status === 404) {
      await response.body?.cancel();
      throw new Error(
        `latestCode: ${url.origin} has no outbox for ${options.phone}: the app sends real SMS and this is not an ` +
          "enabled test number (see docs/test-numbers.md)",
      );
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => "");
      throw new Error(`latestCode: GET ${url.pathname} answered ${response.status} ${detail.slice(0, 200)}`);
    }
    const { messages } = (await response.json()) as OutboxReply;
    for (const message of messages) {
      // Newest first: the first message that is recent enough and carries a code is the one.
      if (new Date(message.createdAt).getTime() < sinceMs) break;
      const code = CODE_LINE.exec(message.body)?.[1];
      if (code) return code;
    }
    if (Date.now() + intervalMs > deadline) {
      throw new Error(`latestCode: no code for ${options.phone} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
