import { randomBytes } from "node:crypto";
import { createLogger } from "@twostep/core";
import { startServer } from "./server.js";

/**
 * `npm start -w examples/cedar-api`. Env, read here only:
 * - PORT (default 8911, the port of Cedar's api side);
 * - DATABASE_URL: PostgreSQL; without it an embedded PGlite in memory (gone on exit);
 * - CODE_HASH_KEY: 32+ characters; without it a random key per run, so codes die with the process.
 */
const logger = createLogger({ level: "info" });
const port = Number(process.env.PORT ?? 8911);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
const codeHashKey = process.env.CODE_HASH_KEY ?? randomBytes(32).toString("base64url");
if (codeHashKey.length < 32) throw new Error("CODE_HASH_KEY must be at least 32 characters");
if (!process.env.CODE_HASH_KEY) logger.warn("CODE_HASH_KEY is not set: using a random key for this run");

const server = await startServer({
  database: process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { pgliteMemory: true },
  codeHashKey,
  port,
  secureCookies: false,
  logger,
});
logger.info({ url: server.url }, "Cedar example api listening (SMS codes land in twostep's outbox table)");
