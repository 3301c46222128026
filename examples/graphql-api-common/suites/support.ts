import { randomBytes, randomUUID } from "node:crypto";
import { createLogger } from "@twostep/core";
import type { ExampleServer, ServerOptions } from "../src/index.js";

/** What a suite needs of an example: its framework's name, the root of its currentUser query, its server. */
export type FrameworkUnderTest = {
  /** "Redwood 8.9", "Cedar 5.0.3": names the suites' describe blocks. */
  name: string;
  /** The query field that exposes currentUser: `{ redwood { currentUser } }` or `{ cedar { currentUser } }`. */
  currentUserRoot: "redwood" | "cedar";
  startServer: (options: ServerOptions) => Promise<ExampleServer>;
};

/**
 * The example's real node:http server on a free loopback port, over an in-memory PGlite. With
 * `logs`, every line twostep's logger and the framework's logger write (info and up) lands there.
 */
export function startExample(framework: FrameworkUnderTest, capture: { logs?: string[] } = {}): Promise<ExampleServer> {
  const { logs } = capture;
  const destination = logs ? { write: (line: string) => void logs.push(line) } : undefined;
  return framework.startServer({
    database: { pgliteMemory: true },
    codeHashKey: randomBytes(32).toString("base64url"),
    port: 0,
    secureCookies: false,
    logger: destination ? createLogger({ level: "info", destination }) : createLogger({ level: "silent" }),
    ...(destination ? { frameworkLogDestination: destination } : {}),
  });
}

export type GraphQLAnswer = { status: number; body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }; text: string; setCookies: string[] };

/** A browser-like client: keeps the cookies the server sets and sends the CSRF header. */
export function browser(url: string) {
  const jar = new Map<string, string>();
  async function post(body: string, headers: Record<string, string> = { "content-type": "application/json", "x-twostep-csrf": "1" }, method = "POST"): Promise<GraphQLAnswer> {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, { method, headers: { ...headers, ...(cookie ? { cookie } : {}) }, body: method === "GET" ? undefined : body });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1);
      if (value === "" || /Max-Age=0/i.test(line)) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
    }
    const text = await response.text();
    let parsed: GraphQLAnswer["body"] = {};
    try {
      parsed = JSON.parse(text) as GraphQLAnswer["body"];
    } catch {
      // Not JSON: the test reads `text`.
    }
    return { status: response.status, body: parsed, text, setCookies };
  }
  return {
    jar,
    post,
    gql: (query: string, variables?: Record<string, unknown>) => post(JSON.stringify({ query, variables })),
  };
}

export const newEmail = () => `${randomUUID()}@example.com`;

/**
 * The error-level lines among `logs` that are not a refusal with its code: Redwood and Cedar log a
 * resolver's refusals (UNAUTHENTICATED, SECOND_FACTOR_REQUIRED, …) at error level as well.
 */
export function unexpectedErrorLines(logs: string[]): string[] {
  return logs.filter((line) => {
    const entry = JSON.parse(line) as { level: number; err?: { extensions?: { code?: unknown } } };
    const code = entry.err?.extensions?.code;
    return entry.level >= 50 && (typeof code !== "string" || code === "INTERNAL_SERVER_ERROR");
  });
}

export const PASSWORD = "correct horse battery staple";

/** A new account with a proved phone and 2FA on, set up in a browser of its own (left signed in, full). */
export async function signUpWithTwoFactor(example: ExampleServer, phone: string) {
  const email = newEmail();
  const owner = browser(example.url);
  await owner.gql("mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { success } }", { email, password: PASSWORD });
  await owner.gql(`mutation { setPhoneNumber(phoneNumber: "${phone}") { success } }`);
  await owner.gql("mutation ($otp: String!) { verifyOtp(otp: $otp) { success } }", { otp: await latestOutboxCode(example, phone) });
  const enable = await owner.gql("mutation { enableTwoFactorAuth { backupCodes } }");
  return { email, owner, backupCodes: (enable.body.data?.enableTwoFactorAuth as { backupCodes: string[] }).backupCodes };
}

/** The code in the newest outbox SMS to `to` (its last line is "@host #123456"). */
export async function latestOutboxCode(example: ExampleServer, to: string): Promise<string> {
  const [latest] = await example.smsLog.outbox({ to, limit: 1 });
  const code = latest?.body.match(/#(\d{6})\s*$/)?.[1];
  if (!code) throw new Error(`no code in the outbox for ${to}`);
  return code;
}
