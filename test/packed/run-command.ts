import { execFile } from "node:child_process";

export type CommandResult = { code: number; stdout: string; stderr: string };

/**
 * Runs a command to the end and hands back its exit code and output instead of throwing, so a
 * failing step's own words end up in the assertion message. Async: a synchronous child would
 * freeze the worker and with it Vitest's timeouts.
 */
export function runCommand(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: error && !stderr ? String(error.message) : stderr });
    });
  });
}

/** Output worth reading when a step failed: the tail of both streams. */
export const describeRun = (what: string, run: CommandResult) =>
  `${what} exited with ${run.code}\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`;
