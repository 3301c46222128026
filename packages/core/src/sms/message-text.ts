/**
 * The SMS text. The last line follows the origin-bound one-time code format
 * ("@host #code"), so browsers offer the code only on our own site; the rest warns against
 * sharing it, which is how most SMS-code phishing succeeds.
 */
export function composeCodeMessage(input: { code: string; appName: string; host: string; ttlMinutes: number }): string {
  return [
    `${input.code} is your ${input.appName} verification code. It expires in ${input.ttlMinutes} minutes.`,
    `Do not share it with anyone; ${input.appName} will never ask you for it.`,
    "",
    `@${input.host} #${input.code}`,
  ].join("\n");
}
