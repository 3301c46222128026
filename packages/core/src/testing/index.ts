/** @twostep/core/testing: helpers for a host's own end-to-end tests. */
export { latestCode, type LatestCodeOptions } from "./latest-code.js";
