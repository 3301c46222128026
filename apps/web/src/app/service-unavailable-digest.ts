/**
 * The digest of ServiceUnavailableError (server/unavailable.ts). Its own module, free of server
 * code, because error.tsx runs in the browser and compares against it.
 */
export const SERVICE_UNAVAILABLE_DIGEST = "TWOSTEP_SERVICE_UNAVAILABLE";
