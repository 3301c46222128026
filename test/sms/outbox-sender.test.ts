// Guards the dev outbox sender: it reports delivery without touching the network and its log line never carries the code or the full number.
import { describe, expect, it } from "vitest";
import { createLogger, maskPhone } from "@twostep/core";
import { createOutboxSender } from "@twostep/core/outbox";

describe("createOutboxSender", () => {
  it("confirms delivery with an outbox id and logs only the masked number", async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    const sender = createOutboxSender({ logger });

    const result = await sender.send({ to: "+14155550123", body: "482913 is your code", messageId: "msg-7" });

    expect(sender.provider).toBe("outbox");
    expect(result).toEqual({ ok: true, providerMessageId: "outbox-msg-7", status: "delivered" });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: "SMS recorded in the dev outbox", phoneMasked: maskPhone("+14155550123") });
    expect(lines[0]).not.toContain("482913");
    expect(lines[0]).not.toContain("4155550123");
  });
});
