import { createLogger } from "@twostep/core";
import { serverOptionsFromEnv } from "@twostep/example-graphql-api-common";
import { startServer } from "./server.js";

// `npm start -w examples/redwood-api`: PORT, DATABASE_URL and CODE_HASH_KEY, all optional (see serverOptionsFromEnv).
const logger = createLogger({ level: "info" });
const server = await startServer(serverOptionsFromEnv(process.env, logger));
logger.info({ url: server.url }, "Redwood example api listening (SMS codes land in twostep's outbox table)");
