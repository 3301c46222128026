// Threat: the session cookie reader that derives its key once (decode-session-token.ts) accepts a
// token Auth.js's own decode() would refuse: tampered, forged under another secret or cookie
// name, expired, or not yet valid. It must agree with decode() on every token.
import { randomBytes } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken } from "../src/decode-session-token.js";

const secret = randomBytes(32).toString("base64url");
const salt = "authjs.session-token";
const claims = { sub: "u1", email: "a@example.com", stage: "pending", stageSince: 1, sid: "s1" };

const flip = (token: string, part: number) => {
  const parts = token.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[bytes.length - 1]! ^= 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
};

/** Both readers, each answering the payload or null (a throw is a refusal, as readSessionToken treats it). */
async function bothRead(token: string, readWith = { secret, salt }) {
  const ours = await decodeSessionToken(token, readWith.secret, readWith.salt).catch(() => null);
  const theirs = await decode({ token, ...readWith }).catch(() => null);
  return { ours, theirs };
}

describe("the session cookie reader agrees with Auth.js's decode()", () => {
  it("reads a token Auth.js wrote, with the same claims", async () => {
    const token = await encode({ token: claims, secret, salt, maxAge: 600 });
    const { ours, theirs } = await bothRead(token);
    expect(ours).toMatchObject(claims);
    expect(ours).toEqual(theirs);
  });

  it("refuses a token with any of its header, IV, ciphertext or tag changed", async () => {
    const token = await encode({ token: claims, secret, salt, maxAge: 600 });
    for (const part of [0, 2, 3, 4]) {
      const { ours, theirs } = await bothRead(flip(token, part));
      expect([part, ours]).toEqual([part, null]);
      expect(theirs).toBeNull();
    }
  });

  it("refuses a token made under another secret or for another cookie name", async () => {
    const otherSecret = await encode({ token: claims, secret: randomBytes(32).toString("base64url"), salt, maxAge: 600 });
    const otherName = await encode({ token: claims, secret, salt: "__Secure-authjs.session-token", maxAge: 600 });
    for (const token of [otherSecret, otherName]) expect(await bothRead(token)).toEqual({ ours: null, theirs: null });
  });

  it("refuses an expired token, and one not valid yet, past the same 15 s tolerance", async () => {
    const expired = await encode({ token: claims, secret, salt, maxAge: -16 });
    expect(await bothRead(expired)).toEqual({ ours: null, theirs: null });
    const withinTolerance = await encode({ token: claims, secret, salt, maxAge: -5 });
    expect((await bothRead(withinTolerance)).ours).toMatchObject(claims);
    const notYet = await encode({ token: { ...claims, nbf: Math.floor(Date.now() / 1000) + 60 }, secret, salt, maxAge: 600 });
    expect(await bothRead(notYet)).toEqual({ ours: null, theirs: null });
  });

  describe("a token read before (the reader remembers what it decrypted)", () => {
    afterEach(() => vi.useRealTimers());

    it("is refused once it expires, though it was accepted a moment ago", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const token = await encode({ token: claims, secret, salt, maxAge: 60 });
      expect((await bothRead(token)).ours).toMatchObject(claims);
      vi.setSystemTime(Date.now() + 76_000);
      expect(await bothRead(token)).toEqual({ ours: null, theirs: null });
    });

    it("is refused under another secret or cookie name, though this one accepted it", async () => {
      const token = await encode({ token: claims, secret, salt, maxAge: 600 });
      expect((await bothRead(token)).ours).toMatchObject(claims);
      expect(await bothRead(token, { secret: randomBytes(32).toString("base64url"), salt })).toEqual({ ours: null, theirs: null });
      expect(await bothRead(token, { secret, salt: "__Secure-authjs.session-token" })).toEqual({ ours: null, theirs: null });
    });

    it("gives each reader its own copy of the claims", async () => {
      const token = await encode({ token: claims, secret, salt, maxAge: 600 });
      const first = await decodeSessionToken(token, secret, salt);
      first!.stage = "full";
      expect((await decodeSessionToken(token, secret, salt))?.stage).toBe("pending");
    });
  });

  it("refuses junk without throwing anything but a refusal", async () => {
    for (const token of ["", "a.b.c.d.e", "....", "x".repeat(500), `${Buffer.from('{"alg":"dir","enc":"A256CBC-HS512"}').toString("base64url")}....`]) {
      expect((await bothRead(token)).ours).toBeNull();
    }
  });
});
