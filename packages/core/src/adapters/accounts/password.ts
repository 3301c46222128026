
/**
 * argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane): about 20-30 ms a check on
 * one core, slow for an offline attacker, bearable for a sign-in.
 */
const ARGON2ID = 2; // Algorithm.Argon2id; a const enum can't be imported under isolatedModules.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../policy.js";

// Loaded on first use: @node-rs/argon2 is an optional peer, needed only by twostep's own accounts.
const argon2 = () => import("@node-rs/argon2");

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, OPTIONS);
}

/**
 * A hash of a password nobody knows. Unknown emails are checked against it, so they take as
 * long as a wrong password and the answer's timing can't tell the two apart.
 */
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hashPassword("twostep-no-such-user-password"));

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  const target = storedHash ?? (await getDummyHash());
  try {
    const ok = await (await argon2()).verify(target, password);
    return ok && storedHash !== null;
  } catch {
    return false;
  }
}
