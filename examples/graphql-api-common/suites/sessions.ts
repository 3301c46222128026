// Threat: a browser the owner doesn't recognise stays signed in because the API can't see or end
// it, or "end a session" becomes a way to sign out another account's browsers; and a host whose
// passwords twostep doesn't keep must answer changePassword with a clear refusal, not a crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExampleServer } from "../src/index.js";
import { browser, newEmail, startExample, type FrameworkUnderTest } from "./support.js";

const PASSWORD = "correct horse battery staple";
const SIGN_UP = "mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { success } }";
const SIGN_IN = "mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { success } }";
const MY_SESSIONS = "{ mySessions { id device ip createdAt lastSeenAt factor current } }";
const END_SESSION = "mutation ($id: ID!) { endSession(id: $id) { success code message } }";

type SessionRow = { id: string; device: string | null; factor: string | null; current: boolean };

/** The sessions suite, run by each example's test/sessions.test.ts against its own server. */
export function sessionsSuite(framework: FrameworkUnderTest) {
  let example: ExampleServer;
  beforeAll(async () => {
    example = await startExample(framework);
  });
  afterAll(() => example?.close());

  async function signedUp() {
    const email = newEmail();
    const client = browser(example.url);
    expect((await client.gql(SIGN_UP, { email, password: PASSWORD })).body.data?.signUp).toEqual({ success: true });
    return { email, client };
  }

  const sessionsOf = async (client: ReturnType<typeof browser>) => (await client.gql(MY_SESSIONS)).body.data?.mySessions as SessionRow[];

  describe(`${framework.name} example: sessions`, () => {
    it("lists the account's sessions with this one marked; ending another signs that browser out", async () => {
      const { email, client: laptop } = await signedUp();
      const phone = browser(example.url);
      expect((await phone.gql(SIGN_IN, { email, password: PASSWORD })).body.data?.signIn).toEqual({ success: true });

      const rows = await sessionsOf(laptop);
      expect(rows).toHaveLength(2);
      expect(rows.filter((r) => r.current)).toHaveLength(1);
      expect(rows.every((r) => r.factor === "password")).toBe(true);
      const other = rows.find((r) => !r.current)!;
      expect((await sessionsOf(phone)).find((r) => r.current)?.id).toBe(other.id);

      expect((await laptop.gql(END_SESSION, { id: other.id })).body.data?.endSession).toMatchObject({ success: true, code: null });
      const refused = await phone.gql("{ me { email } }");
      expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
      expect((await laptop.gql("{ me { email } }")).body.data?.me).toEqual({ email });
    });

    it("can't end another account's session: the same answer as an id that never existed", async () => {
      const { client: mallory } = await signedUp();
      const { email, client: victim } = await signedUp();
      const [victimSession] = await sessionsOf(victim);

      const foreign = (await mallory.gql(END_SESSION, { id: victimSession!.id })).body.data?.endSession;
      const unknown = (await mallory.gql(END_SESSION, { id: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).body.data?.endSession;
      expect(foreign).toMatchObject({ success: false, code: "NOT_FOUND" });
      expect(foreign).toEqual(unknown);
      expect((await victim.gql("{ me { email } }")).body.data?.me).toEqual({ email });
    });

    it("endOtherSessions keeps this browser only", async () => {
      const { email, client: laptop } = await signedUp();
      const phone = browser(example.url);
      await phone.gql(SIGN_IN, { email, password: PASSWORD });
      expect((await laptop.gql("mutation { endOtherSessions { success } }")).body.data?.endOtherSessions).toEqual({ success: true });
      expect((await phone.gql("{ me { email } }")).body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
      expect(await sessionsOf(laptop)).toEqual([expect.objectContaining({ current: true })]);
    });

    it("answers changePassword with NOT_SUPPORTED: this app keeps its own passwords", async () => {
      const { email, client } = await signedUp();
      const answer = await client.gql(`mutation { changePassword(currentPassword: "${PASSWORD}", newPassword: "another long passphrase") { success } }`);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ changePassword: null });
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_SUPPORTED"]);
      // Nothing changed: the old password still signs in.
      expect((await browser(example.url).gql(SIGN_IN, { email, password: PASSWORD })).body.data?.signIn).toEqual({ success: true });
    });
  });
}
