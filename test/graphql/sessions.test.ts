// Threat: a browser the owner doesn't recognise stays signed in because the API can't see or end
// it, or the API's "end a session" becomes a way to sign out someone else's browsers (another
// user's session id, a password-only session ending the owner's full ones).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { pendingBrowser, signedUpBrowser, twoFactorAccount } from "./accounts";
import { stateBackends } from "./backends";
import { GraphQLBrowser, lit, RESULT_FIELDS, type MutationResult } from "./graphql-browser";

type SessionRow = { id: string; device: string | null; ip: string | null; createdAt: string; lastSeenAt: string; factor: string | null; current: boolean };

const SESSION_FIELDS = "id device ip createdAt lastSeenAt factor current";

async function mySessions(browser: GraphQLBrowser): Promise<SessionRow[]> {
  const { status, body } = await browser.graphql<{ mySessions: SessionRow[] }>(`{ mySessions { ${SESSION_FIELDS} } }`);
  if (status !== 200 || body.errors || !body.data?.mySessions) throw new Error(`mySessions failed: ${status} ${JSON.stringify(body)}`);
  return body.data.mySessions;
}

async function endSession(browser: GraphQLBrowser, id: string): Promise<MutationResult> {
  const { body } = await browser.graphql<{ endSession: MutationResult }>(`mutation { endSession(id: ${lit(id)}) { ${RESULT_FIELDS} } }`);
  if (!body.data?.endSession) throw new Error(`endSession failed: ${JSON.stringify(body)}`);
  return body.data.endSession;
}

const errorCodes = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.map((e) => e.extensions?.code);

describe.each(await stateBackends())("GraphQL sessions ($name)", ({ env }) => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(env);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("lists this account's sessions with this one marked; ending another signs that browser out", async () => {
    const { browser: laptop, account } = await signedUpBrowser(app.url);
    const phone = new GraphQLBrowser(app.url);
    expect(await phone.signIn(account.email, account.password)).toBe(true);

    const seenByLaptop = await mySessions(laptop);
    expect(seenByLaptop).toHaveLength(2);
    const [own, other] = [seenByLaptop.find((s) => s.current), seenByLaptop.find((s) => !s.current)];
    expect(seenByLaptop.filter((s) => s.current)).toHaveLength(1);
    expect(own).toMatchObject({ factor: "password", ip: laptop.ip });
    expect(other).toMatchObject({ factor: "password", ip: phone.ip });
    expect(Date.parse(own!.createdAt)).not.toBeNaN();
    expect(Date.parse(own!.lastSeenAt)).not.toBeNaN();
    // The ids are the API's own: no session cookie carries them.
    for (const token of [laptop.sessionToken(), phone.sessionToken()]) expect(token).not.toContain(own!.id);

    // The phone sees the same two, with itself marked.
    const seenByPhone = await mySessions(phone);
    expect(seenByPhone.find((s) => s.current)?.id).toBe(other!.id);

    // The current session is not ended here (that is signing out).
    expect(await endSession(laptop, own!.id)).toMatchObject({ success: false, code: "INVALID_INPUT" });
    expect((await laptop.me()).body.data?.me).toMatchObject({ email: account.email });

    expect(await endSession(laptop, other!.id)).toMatchObject({ success: true, code: null });
    const refused = await phone.me();
    expect(errorCodes(refused.body)).toEqual(["UNAUTHENTICATED"]);
    expect(await phone.session()).toBeNull();
    expect((await mySessions(laptop)).map((s) => s.id)).toEqual([own!.id]);
    // Ended once is ended: a second try is the answer for any unknown id.
    expect(await endSession(laptop, other!.id)).toMatchObject({ success: false, code: "NOT_FOUND" });
  });

  it("can't end another account's session: it answers exactly as for an id that never existed", async () => {
    const { browser: mallory } = await signedUpBrowser(app.url);
    const { browser: victim } = await signedUpBrowser(app.url);
    const victimSession = (await mySessions(victim))[0]!;

    const foreign = await endSession(mallory, victimSession.id);
    const unknown = await endSession(mallory, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(foreign).toMatchObject({ success: false, code: "NOT_FOUND" });
    expect(foreign).toEqual(unknown);
    expect((await victim.me()).body.data?.me).toBeTruthy();
    expect((await mySessions(victim)).map((s) => s.id)).toEqual([victimSession.id]);
  });

  it("endOtherSessions signs out every other browser and keeps this one", async () => {
    const { browser: laptop, account } = await signedUpBrowser(app.url);
    const others = [new GraphQLBrowser(app.url), new GraphQLBrowser(app.url)];
    for (const other of others) expect(await other.signIn(account.email, account.password)).toBe(true);
    expect(await mySessions(laptop)).toHaveLength(3);

    const { body } = await laptop.graphql<{ endOtherSessions: MutationResult }>(`mutation { endOtherSessions { ${RESULT_FIELDS} } }`);
    expect(body.data?.endOtherSessions).toMatchObject({ success: true, message: "2 other browsers are signed out." });
    for (const other of others) expect(errorCodes((await other.me()).body)).toEqual(["UNAUTHENTICATED"]);
    expect(await mySessions(laptop)).toEqual([expect.objectContaining({ current: true })]);
  });

  it("needs a full session: a password-only one can neither list nor end the owner's sessions", async () => {
    const account = await twoFactorAccount(app.url);
    const owner = new GraphQLBrowser(app.url);
    // The owner's full session (through the SMS code), then a stranger with only the password.
    expect(await owner.signIn(account.email, account.password)).toBe(true);
    const code = await owner.latestCode(account.phone);
    expect((await owner.graphql(`mutation { verifyOtp(otp: ${lit(code)}) { success } }`)).body.data).toMatchObject({ verifyOtp: { success: true } });
    const ownerSessionId = (await mySessions(owner)).find((s) => s.current)!.id;
    const stranger = await pendingBrowser(app.url, account);

    for (const query of [
      `{ mySessions { ${SESSION_FIELDS} } }`,
      `mutation { endSession(id: ${lit(ownerSessionId)}) { ${RESULT_FIELDS} } }`,
      `mutation { endOtherSessions { ${RESULT_FIELDS} } }`,
    ]) {
      const { status, body } = await stranger.graphql(query);
      expect(status).toBe(200);
      expect(errorCodes(body)).toEqual(["SECOND_FACTOR_REQUIRED"]);
    }
    const anonymous = await new GraphQLBrowser(app.url).graphql(`{ mySessions { id } }`);
    expect(errorCodes(anonymous.body)).toEqual(["UNAUTHENTICATED"]);
    expect((await owner.me()).body.data?.me).toMatchObject({ twoFactorVerified: true });
  });
});
