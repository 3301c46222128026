import { Writable } from "node:stream";
import { createLogger, type Logger } from "@twostep/core";

/** A real pino logger whose lines are kept in memory, so tests can search what was logged. */
export function captureLogs(level = "debug"): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines, text: () => lines.join("") };
}
