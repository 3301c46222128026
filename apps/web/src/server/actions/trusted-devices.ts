"use server";

import { refresh } from "next/cache";
import { getTwoStep } from "../twostep";
import { fullViewerOrEnded } from "./action-viewer";
import { readText } from "./form-values";

/*
 * Trusted browsers on /settings/security: "Remove" on one row and "Remove all". The core revokes
 * only the viewer's own (a row id of another user is ignored); the next sign-in from a removed
 * browser asks for the second factor again.
 */

export async function revokeTrustedDeviceAction(form: FormData): Promise<void> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return;
  const id = readText(form, "deviceId");
  const { trustedDevices } = await getTwoStep();
  if (id && trustedDevices) await trustedDevices.revoke(viewer.userId, id);
  refresh();
}

export async function revokeAllTrustedDevicesAction(_form: FormData): Promise<void> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return;
  const { trustedDevices } = await getTwoStep();
  if (trustedDevices) await trustedDevices.revokeAll(viewer.userId);
  refresh();
}
