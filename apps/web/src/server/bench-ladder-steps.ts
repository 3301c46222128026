/**
 * The steps of the bench ladder (api/bench/ladder), in order: each does what the one before it
 * does, then one more part of the GraphQL check's path. `npm run bench:http -- --ladder` asks for
 * them by these names, in the x-bench-step header.
 */
export const LADDER_STEPS = ["body", "session", "check", "yoga"] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

export const isLadderStep = (value: string | null): value is LadderStep => (LADDER_STEPS as readonly (string | null)[]).includes(value);
