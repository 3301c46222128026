import { randomInt } from "node:crypto";
import { canReceiveSms, normalizePhone } from "@twostep/core";

/** National-number shapes that libphonenumber (max metadata) reads as mobiles of the region. */
const SHAPES = {
  // 07400–07499: UK mobile range; "+447700900xxx" (Ofcom's drama range) is not valid to libphonenumber.
  GB: () => `+447${randomInt(400, 500)}${randomInt(0, 1_000_000).toString().padStart(6, "0")}`,
  FR: () => `+336${randomInt(0, 100_000_000).toString().padStart(8, "0")}`,
} as const;

/** A random mobile of the region that passes the core's checks (valid, that region, receives SMS). */
export function randomMobile(region: keyof typeof SHAPES): string {
  for (;;) {
    const parsed = normalizePhone(SHAPES[region]());
    if (parsed.ok && parsed.phone.country === region && canReceiveSms(parsed.phone)) return parsed.phone.e164;
  }
}
