/** Why a code is asked for. A code made for one purpose never passes for another. */
export const PURPOSES = ["sign_in", "enroll_phone", "disable_2fa"] as const;
export type Purpose = (typeof PURPOSES)[number];
