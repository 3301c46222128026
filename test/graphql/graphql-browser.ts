import { HttpSession } from "../support/http-session";
import { randomIp } from "../support/fixtures";

/** The CSRF header the API requires (src/server/graphql/request-guard-plugin.ts). */
export const CSRF_HEADER = "x-twostep-csrf";

/** What Apollo Client (and so RedwoodJS's web side) sends. */
const ACCEPT = "application/graphql-response+json, application/json;q=0.9";

export type GraphQLErrorBody = { message: string; path?: string[]; extensions?: { code?: string } };
export type GraphQLBody<T = Record<string, unknown>> = { data?: T | null; errors?: GraphQLErrorBody[] };
export type MutationResult = {
  success: boolean;
  message: string | null;
  code: string | null;
  retryAfterSeconds: number | null;
  attemptsLeft: number | null;
  backupCodes: string[] | null;
};

export const RESULT_FIELDS = "success message code retryAfterSeconds attemptsLeft backupCodes";

/**
 * One browser talking to the GraphQL API: HttpSession's cookie jar, plus a client address of its
 * own. Every request says it comes from a random X-Forwarded-For address (which `next start`
 * passes through), so the per-IP limits count this browser alone: test files and runs (which share
 * Redis keys) never use up each other's per-IP budget.
 */
export class GraphQLBrowser extends HttpSession {
  readonly ip = randomIp();

  override fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", this.ip);
    return super.fetch(pathname, { ...init, headers });
  }

  /** A well-formed GraphQL POST: JSON, the CSRF header, Apollo's Accept. */
  async graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    operationName?: string,
  ): Promise<{ status: number; body: GraphQLBody<T>; response: Response }> {
    const response = await this.fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: ACCEPT, [CSRF_HEADER]: "1" },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLBody<T>, response };
  }

  /** Runs one mutation field and returns its MutationResult; fails the test on any GraphQL error. */
  async mutate(field: string, args = ""): Promise<MutationResult> {
    const { status, body } = await this.graphql<Record<string, MutationResult>>(
      `mutation { ${field}${args ? `(${args})` : ""} { ${RESULT_FIELDS} } }`,
    );
    if (status !== 200 || body.errors || !body.data?.[field]) {
      throw new Error(`${field} failed: ${status} ${JSON.stringify(body)}`);
    }
    return body.data[field];
  }

  async me() {
    return this.graphql<{ me: { email: string; phoneHint: string | null; twoFactorEnabled: boolean; twoFactorVerified: boolean } | null }>(
      "{ me { email phoneHint twoFactorEnabled twoFactorVerified } }",
    );
  }

  sessionToken(): string | undefined {
    return this.cookies.get("authjs.session-token");
  }
}

/** A GraphQL string literal for `value`. */
export const lit = (value: string) => JSON.stringify(value);
