import type { Purpose } from "../challenge/purposes.js";

/**
 * What the core knows of the number a code goes to, for the budgets that must not be shared:
 * - `number_of_record`: the user's own number, proved before (`verifiedAt`), as for sign-in codes;
 * - `enrollment`: a number nobody has proved yet, which any fresh account can type in.
 */
export type SendClass = {
  kind: "number_of_record" | "enrollment";
  /** When the number last proved it receives our codes; null when unknown or never. */
  verifiedAt: Date | null;
  purpose: Purpose;
};

/**
 * Codes whose conversion the SMS-pumping guard judges: those to numbers of record. An enrollment
 * code (even one re-proving a number) is traffic a throwaway account makes for free.
 */
export function countsForConversion(purpose: Purpose | undefined): boolean {
  return purpose !== "enroll_phone";
}

/** A code to a number that proved itself before `instant` (e.g. before a pause began). */
export function verifiedBefore(send: SendClass | undefined, instant: Date): boolean {
  return send?.kind === "number_of_record" && send.verifiedAt !== null && send.verifiedAt.getTime() < instant.getTime();
}
