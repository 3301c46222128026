import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";

export type PgliteHolder =
  | { state: "free" }
  | { state: "held"; pid: number; command: string }
  /** Looks open, but this system can't say by whom (no /proc). */
  | { state: "unknown" };

/**
 * Who has the embedded database folder open. PGlite serves one process per folder and has no lock
 * of its own: a second process that opens it while the first runs loses or corrupts writes. While
 * open, PGlite keeps a postmaster.pid in the folder (its pid is made up, -42) and removes it on a
 * clean close; on Linux the process that has it open also holds files in it, which /proc shows.
 * A postmaster.pid that no process backs was left by a crash and does not block.
 */
export function findPgliteHolder(dir: string): PgliteHolder {
  if (!existsSync(path.join(dir, "postmaster.pid"))) return { state: "free" };
  if (!existsSync("/proc/self/fd")) return { state: "unknown" };
  const inside = realpathSync(dir) + path.sep;
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone: neither can hold our folder open
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target.startsWith(inside)) return { state: "held", pid, command: commandOf(pid) };
    }
  }
  return { state: "free" };
}

function commandOf(pid: number): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return command.length > 120 ? `${command.slice(0, 117)}...` : command;
  } catch {
    return "?";
  }
}
