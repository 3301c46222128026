import { randomInt } from "node:crypto";
import autocannon, { type Result } from "autocannon";

export type LoadOptions = {
  baseUrl: string;
  path: string;
  body: string;
  connections: number;
  /** Session tokens; request i carries token i mod N, so consecutive uses of one are N requests apart. */
  sessions: readonly string[];
  /** Stop after this many requests, or after this many seconds. */
  stop: { requests: number } | { seconds: number };
  /** A cap on the run's length whatever `stop` says. */
  maxSeconds: number;
  /**
   * How a token rides on the request: the value of the Cookie header (default: twostep's session
   * cookie holding it), or a header of its own (`{ header: name }`).
   */
  carry?: ((token: string) => { cookie: string }) | { header: string };
  /** Headers every request carries besides the usual ones. */
  headers?: Record<string, string>;
  /** Names the outcome of one response, for the mix (e.g. the GraphQL result code). */
  outcomeOf: (status: number, body: string) => string;
};

export type LoadResult = {
  responses: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  outcomes: Map<string, number>;
};

/**
 * X-Forwarded-For addresses, one per request across the whole run (the core's per-IP limits key on
 * the right-most entry), from a random start in 10.0.0.0/8, so no address is ever seen twice and
 * the per-IP check cap (60 per 15 min) never answers for the code check.
 */
let nextAddress = randomInt(0, 1 << 23);
const freshAddress = () => {
  const n = nextAddress++ % (1 << 24);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

/** One autocannon run over loopback, every request rebuilt with the next session and address. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { sessions, carry = (token: string) => ({ cookie: `authjs.session-token=${token}` }) } = options;
  const carried = (token: string): Record<string, string> => (typeof carry === "function" ? carry(token) : { [carry.header]: token });
  let sent = 0;
  let responses = 0;
  const outcomes = new Map<string, number>();
  const startedAt = performance.now();
  let lastResponseAt = startedAt;

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        timeout: 30,
        ...("requests" in options.stop ? { amount: options.stop.requests } : { duration: options.stop.seconds }),
        requests: [
          {
            method: "POST",
            path: options.path,
            body: options.body,
            setupRequest: (request) => ({
              ...request,
              headers: {
                ...request.headers,
                "content-type": "application/json",
                accept: "application/graphql-response+json, application/json;q=0.9",
                "x-twostep-csrf": "1",
                ...options.headers,
                ...carried(sessions[sent++ % sessions.length]!),
                "x-forwarded-for": freshAddress(),
              },
            }),
            onResponse: (status, body) => {
              responses++;
              lastResponseAt = performance.now();
              const outcome = options.outcomeOf(status, body);
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            },
          },
        ],
      },
      (error: Error | null, result: Result) => {
        clearTimeout(cap);
        if (error) return reject(error);
        // Up to the last response, not to this callback: autocannon calls back only on its next
        // one-second sample tick, so a run that ends on a number of requests (every check run)
        // would count up to a second of idle time, a quarter of a four-second run.
        const seconds = (lastResponseAt - startedAt) / 1000;
        resolve({
          responses,
          seconds,
          rps: responses / seconds,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: result.errors,
          outcomes,
        });
      },
    );
    const cap = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
  });
}
