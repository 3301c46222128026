// `npm run twostep -- <command>`: the operator's view of the SMS-pumping guard, over the app's own
// config (the same env as the server) and core. Exit codes: 0 done, 1 failed, 2 bad usage.
import os from "node:os";
import readline from "node:readline/promises";
import { ConfigError, createTwoStepFromConfig, loadConfig, type TwoStep, type TwoStepConfig } from "@twostep/core/env";
import { createLogger } from "@twostep/core";
import { knownCallingCode } from "../packages/core/src/pumping/calling-codes";
import { formatPaused, formatResumed, formatStatus } from "./cli/format-report";
import { findPgliteHolder } from "./cli/pglite-holder";
import { findUser, formatUserReport, userReport } from "./cli/user-commands";

const USAGE = `Usage: npm run twostep -- <command> [options]

Commands:
  status            Budgets used and left per country calling code and for the day,
                    conversion (codes verified / sent) per country over the window,
                    and paused countries with until when and why.
  paused            Only the paused countries.
  resume <code>     Lift the pause on a country calling code (e.g. 44 or +44), for
                    every app instance; recorded in the audit log.
  user <email>      The user's factors (phone, apps, backup codes left), lock state
                    and last sign-in.
  unlock <email>    Forget the user's failed guesses and lift the verification lock.
  reset-2fa <email> --reason "..." [--yes]
                    For a user who lost every factor: removes their apps and backup
                    codes, turns 2FA off and ends every session of the user; the
                    reason goes into the audit log. Asks for confirmation unless --yes.
  help              This text.

Options:
  --json            Print JSON on stdout instead of text.
  --force           Open the embedded database even though it looks in use (only
                    when no server is running and a crash left it looking so).

Reads the same environment as the server (DATABASE_URL, REDIS_URL, DATA_DIR, SMS_*).
With the embedded database (no DATABASE_URL), stop the server first: PGlite serves
one process at a time. With DATABASE_URL it runs alongside the servers.`;

class UsageError extends Error {}

type Command =
  | { name: "help" }
  | { name: "status" }
  | { name: "paused" }
  | { name: "resume"; callingCode: string }
  | { name: "user" | "unlock"; email: string }
  | { name: "reset-2fa"; email: string; reason: string; yes: boolean };

function parseArgs(argvIn: string[]): { command: Command; json: boolean; force: boolean } {
  // --reason takes the next word as its value ("--reason=..." works too).
  let reason: string | null = null;
  const argv: string[] = [];
  for (let i = 0; i < argvIn.length; i++) {
    const arg = argvIn[i]!;
    if (arg === "--reason") reason = argvIn[++i] ?? "";
    else if (arg.startsWith("--reason=")) reason = arg.slice("--reason=".length);
    else argv.push(arg);
  }
  const flags = new Set(argv.filter((a) => a.startsWith("-")));
  const words = argv.filter((a) => !a.startsWith("-"));
  for (const flag of flags) {
    if (!["--json", "--force", "--help", "-h", "--yes"].includes(flag)) throw new UsageError(`unknown option ${flag}`);
  }
  const options = { json: flags.has("--json"), force: flags.has("--force") };
  const [name, ...rest] = words;
  if (flags.has("--help") || flags.has("-h") || name === "help") return { command: { name: "help" }, ...options };
  const noArguments = (command: Command) => {
    if (rest.length > 0) throw new UsageError(`${name} takes no arguments (got ${rest.join(" ")})`);
    return { command, ...options };
  };
  switch (name) {
    case undefined:
      throw new UsageError("no command given");
    case "status":
    case "paused":
      return noArguments({ name });
    case "resume": {
      if (rest.length !== 1) throw new UsageError("resume takes one country calling code, e.g. `resume 44`");
      const callingCode = rest[0]!.replace(/^\+/, "");
      if (!knownCallingCode(callingCode)) throw new UsageError(`${rest[0]} is not a country calling code (e.g. 1, 33, 44)`);
      return { command: { name: "resume", callingCode }, ...options };
    }
    case "user":
    case "unlock":
      if (rest.length !== 1) throw new UsageError(`${name} takes one email address`);
      return { command: { name, email: rest[0]! }, ...options };
    case "reset-2fa":
      if (rest.length !== 1) throw new UsageError("reset-2fa takes one email address");
      if (!reason || reason.trim() === "") throw new UsageError('reset-2fa needs --reason "why" (it goes into the audit log)');
      return { command: { name, email: rest[0]!, reason: reason.trim().slice(0, 500), yes: flags.has("--yes") }, ...options };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

/** PGlite's folder can't be shared with a running server: refuse clearly instead of corrupting it. */
function refuseIfPgliteInUse(config: TwoStepConfig, force: boolean): void {
  if (!("pgliteDir" in config.database) || force) return;
  const dir = config.database.pgliteDir;
  const holder = findPgliteHolder(dir);
  const fix =
    "PGlite serves one process at a time. Stop the server (npm run dev / npm start) and run this again, " +
    "or set DATABASE_URL so the server and this tool share PostgreSQL.";
  if (holder.state === "held") {
    throw new Error(`the embedded database ${dir} is in use by process ${holder.pid} (${holder.command}).\n${fix}`);
  }
  if (holder.state === "unknown") {
    throw new Error(
      `the embedded database ${dir} looks in use (PGlite's postmaster.pid is there).\n${fix}\n` +
        "If no server is running, a previous run did not shut down cleanly: add --force.",
    );
  }
}

async function run(command: Command, json: boolean, twostep: TwoStep): Promise<string> {
  const print = (value: unknown, text: () => string) => (json ? JSON.stringify(value, null, 2) : text());
  switch (command.name) {
    case "status": {
      const report = await twostep.pumping.report({ regions: twostep.config.allowedCountries });
      return print(report, () => formatStatus(report));
    }
    case "paused": {
      const paused = await twostep.pumping.pausedCountries();
      return print(paused, () => formatPaused(paused, new Date()));
    }
    case "resume": {
      const result = await twostep.pumping.resume(command.callingCode, `cli (${os.userInfo().username}@${os.hostname()})`);
      return print({ callingCode: command.callingCode, ...result }, () => formatResumed(command.callingCode, result));
    }
    case "user": {
      const report = await userReport(twostep, command.email);
      return print(report, () => formatUserReport(report));
    }
    case "unlock": {
      const user = await findUser(twostep, command.email);
      await twostep.twoFactor.unlock({ userId: user.id, reason: `cli (${operator()})` });
      return print({ email: user.email, unlocked: true }, () => `${user.email}: unlocked`);
    }
    case "reset-2fa": {
      const user = await findUser(twostep, command.email);
      if (!command.yes && !(await confirm(`Remove every factor of ${user.email} and turn its 2FA off? Type the email to confirm: `, user.email))) {
        throw new Error("not confirmed; nothing changed");
      }
      const result = await twostep.twoFactor.resetTwoFactor({ userId: user.id, reason: command.reason, operator: operator() });
      // Whoever holds a session may be the one who took the factors: every session ends, the user signs in afresh.
      const sessionsEnded = await twostep.sessions.endOthers(user.id, null);
      return print({ email: user.email, ...result, sessionsEnded }, () =>
        `${user.email}: 2FA reset (${result.appsRemoved} app(s) removed, backup codes void, ${sessionsEnded} session(s) ended)`,
      );
    }
    case "help":
      return USAGE;
  }
}

const operator = () => `${os.userInfo().username}@${os.hostname()}`;

async function confirm(question: string, expected: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false; // No one to ask: only --yes goes ahead.
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === expected.toLowerCase();
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`twostep: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.command.name === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let twostep: TwoStep | undefined;
  try {
    const config = loadConfig();
    refuseIfPgliteInUse(config, parsed.force);
    // Logs go to stderr, so stdout holds only the answer (and stays parseable with --json).
    const logger = createLogger({ level: config.logLevel === "silent" ? "silent" : "warn", destination: process.stderr });
    twostep = await createTwoStepFromConfig(config, { logger });
    process.stdout.write(`${await run(parsed.command, parsed.json, twostep)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`twostep: ${message}\n`);
    return 1;
  } finally {
    await twostep?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
