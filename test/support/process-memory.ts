import { readFileSync } from "node:fs";

/** A process's resident memory now (VmRSS), in bytes: what a test of memory held by a request reads. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return Number(line[1]) * 1024;
}
