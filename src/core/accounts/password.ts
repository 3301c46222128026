import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane): about 20-30 ms a check on
 * one core, slow for an offline attacker, bearable for a sign-in.
 */
const ARGON2ID = 2; // Algorithm.Argon2id; a const enum can't be imported under isolatedModules.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 8; // NIST SP 800-63B §5.1.1.2
export const PASSWORD_MAX_LENGTH = 128; // bounds the hashing work one request can cause

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * A hash of a password nobody knows. Unknown emails are checked against it, so they take as
 * long as a wrong password and the answer's timing can't tell the two apart.
 */
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hash("twostep-no-such-user-password", OPTIONS));

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  const target = storedHash ?? (await getDummyHash());
  try {
    const ok = await verify(target, password);
    return ok && storedHash !== null;
  } catch {
    return false;
  }
}
