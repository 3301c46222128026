// Threat: mail with a password-reset link, and the SMTP password, crosses the network in the
// clear. Over smtp:// nodemailer upgraded with STARTTLS only when the server offered it, so anyone
// on the path who strips STARTTLS from the server's EHLO reply read the AUTH exchange and every
// mail. Now a non-loopback smtp:// server must upgrade (nodemailer's requireTLS): one that does not
// offer STARTTLS gets neither the credentials nor the mail, and query options in SMTP_URL cannot
// turn that off. Only a relay on loopback (localhost, 127.0.0.1, [::1]) may be spoken to in plain text.
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { createLogger } from "@twostep/core";
import { createSmtpMailSender } from "@twostep/core/smtp";

const silent = createLogger({ level: "silent" });

/** A real SMTP server that never offers STARTTLS but takes AUTH in plain text, as a downgrading attacker would present it. */
async function startPlainSmtp(host: string) {
  const seen = { auth: [] as string[], mails: [] as string[] };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      seen.auth.push(`${auth.username}:${auth.password}`);
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString()));
      stream.on("end", () => {
        seen.mails.push(body);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { seen, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const RESET_MAIL = { to: "owner@example.com", subject: "Reset your password", text: "https://auth.example.com/reset-password?token=SECRET_TOKEN", kind: "password_reset" } as const;

describe("SMTP over smtp:// to a server that is not on loopback", () => {
  // 127.0.0.2 is on this machine but is not one of the loopback names the rule trusts: it stands in for a remote relay.
  it.each([
    ["plain URL", ""],
    ["URL asking to skip STARTTLS", "?ignoreTLS=true"],
    ["URL asking not to require TLS", "?requireTLS=false"],
  ])("sends neither the password nor the mail when STARTTLS is not offered (%s)", async (_, query) => {
    const smtp = await startPlainSmtp("127.0.0.2");
    cleanups.push(smtp.close);
    const mail = createSmtpMailSender({ url: `smtp://user:s3cret@127.0.0.2:${smtp.port}${query}`, from: "security@example.com", logger: silent });
    await expect(mail.send(RESET_MAIL)).rejects.toThrow();
    expect(smtp.seen.auth).toEqual([]);
    expect(smtp.seen.mails).toEqual([]);
  });
});

describe("SMTP over smtp:// to a relay on loopback", () => {
  it("still delivers in plain text to 127.0.0.1 (a relay on this machine)", async () => {
    const smtp = await startPlainSmtp("127.0.0.1");
    cleanups.push(smtp.close);
    const mail = createSmtpMailSender({ url: `smtp://user:s3cret@127.0.0.1:${smtp.port}`, from: "security@example.com", logger: silent });
    await mail.send(RESET_MAIL);
    expect(smtp.seen.auth).toEqual(["user:s3cret"]);
    expect(smtp.seen.mails.join()).toContain("token=SECRET_TOKEN");
  });
});
