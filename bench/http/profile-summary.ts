import { readFileSync } from "node:fs";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Which package (or Node itself, or the app) a frame's file belongs to. */
function ownerOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.includes("/packages/")) return `@twostep/${url.split("/packages/")[1]!.split("/")[0]}`;
  if (url.includes("/.next/")) return "app bundle (.next)";
  return "other";
}

/**
 * A stretch of time in V8's clock (CLOCK_MONOTONIC, µs on Linux: the same clock as
 * process.hrtime in any process of the machine), so the bench can keep only its load runs.
 */
export type Window = { fromUs: number; toUs: number };

/** Now, on the clock profiles are stamped with. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The main thread's CPU time of a `node --cpu-prof` profile, within `windows` when given: share by package (self time), and
 * the top functions, as printable text.
 */
export function summariseProfile(file: string, windows: readonly Window[] = [], top = 15): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (windows.length > 0 && !windows.some((w) => at >= w.fromUs && at <= w.toUs)) return;
    totalUs += delta;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const idleUs = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)").reduce((s, [, us]) => s + us, 0);
  const busyUs = totalUs - idleUs;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const name = `${functionName || "(anonymous)"} ${owner}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)} %`;
  const lines = [`busy ${(busyUs / 1e6).toFixed(1)} s of ${(totalUs / 1e6).toFixed(1)} s (self time by package):`];
  for (const [owner, us] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`  ${pct(us)}  ${owner}`);
  lines.push(`top ${top} functions (self time):`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${name}`);
  return lines.join("\n");
}

// As a script: npx tsx bench/http/profile-summary.ts <file.cpuprofile>
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  for (const file of process.argv.slice(2)) console.log(`${file}\n${summariseProfile(file)}\n`);
}
