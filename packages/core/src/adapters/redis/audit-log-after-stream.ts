import type { Logger } from "../../log/logger.js";
import type { AuditLog } from "../../ports/audit-log.js";
import type { AuditStreamMover } from "./audit-stream-mover.js";

/**
 * Longest a read of the log waits for the stream's earlier entries to land. A quiet server moves
 * them within milliseconds and a busy one within a few move gaps; only a mover that died holding
 * the stream's lease (AUDIT_MOVE_LEASE_MS) takes longer, and then the read shows what SQL has.
 */
export const AUDIT_READ_CATCH_UP_MS = 1_000;

/**
 * The SQL audit log, read only after the Redis check's stream caught up: the events of a code
 * check wait in the stream until a mover lands them, so without this the owner who just signed in
 * with a code could open the security log and not find that sign-in, and a read that judges by the
 * log ("has this account signed in before?", "which factor was used last?") would judge without
 * it. Writes and the log's identity (`sink`) are the SQL log's own. When Redis can't answer, the
 * read goes ahead on what SQL holds: the log stays readable through a Redis outage.
 */
export function auditLogAfterStream(log: AuditLog, mover: AuditStreamMover, logger: Logger): AuditLog {
  let failing = false;
  async function catchUp(): Promise<void> {
    try {
      await mover.caughtUp(AUDIT_READ_CATCH_UP_MS);
      failing = false;
    } catch (error) {
      // Once per outage: every read would say the same.
      if (!failing) logger.warn({ err: error }, "the security log is read without the audit stream's latest entries");
      failing = true;
    }
  }
  return {
    sink: log.sink,
    record: (event) => log.record(event),
    async recentForUser(userId, limit) {
      await catchUp();
      return log.recentForUser(userId, limit);
    },
    async pageForUser(userId, request) {
      await catchUp();
      return log.pageForUser(userId, request);
    },
  };
}
