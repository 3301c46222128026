/**
 * The id a client sees for a session: a SHA-256 of the host's own id. A host's id may be what its
 * cookie carries (the core's registry ids are); the API's answers are readable by any script on
 * the page, so they name a session in a way that can be matched but never presented as one.
 * Web Crypto and btoa, so the package stays free of Node-only imports.
 */
export async function publicSessionId(hostId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`twostep-session:${hostId}`)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
