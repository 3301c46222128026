/** Which part of the security log the address asks for: `?log=all` pages, `&after=` continues. */
export type LogView = { all: boolean; after?: string };

/** An event id as the stores make them; anything else in `after` is ignored, never passed on. */
const CURSOR = /^[A-Za-z0-9_-]{1,64}$/;

export function readLogView(params: Record<string, string | string[] | undefined>): LogView {
  const all = params.log === "all";
  const after = typeof params.after === "string" && CURSOR.test(params.after) ? params.after : undefined;
  return all ? { all, after } : { all };
}
