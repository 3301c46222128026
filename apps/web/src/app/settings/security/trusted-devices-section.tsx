import type { TrustedDeviceView } from "@twostep/core";
import { getTwoStep } from "@/server/twostep";
import { TimeAgo } from "@/components/time/time-ago";
import { SubmitButton } from "@/components/ui/submit-button";
import { Card } from "@/components/ui/card";
import { revokeAllTrustedDevicesAction, revokeTrustedDeviceAction } from "@/server/actions/trusted-devices";

/** The viewer's trusted browsers; nothing when TRUSTED_DEVICE_DAYS=0 turned the feature off. */
export async function TrustedDevicesSection({ userId }: { userId: string }) {
  const { trustedDevices } = await getTwoStep();
  if (!trustedDevices) return null;
  return <TrustedDevicesList devices={await trustedDevices.list(userId)} days={trustedDevices.days} />;
}

/**
 * Browsers that skip the second step at sign-in. A row's form carries only the device id: the
 * secret stays in that browser's cookie, and the action removes only the viewer's own rows.
 */
function TrustedDevicesList({ devices, days }: { devices: TrustedDeviceView[]; days: number }) {
  return (
    <Card
      id="trusted-devices"
      title="Trusted browsers"
      description={`Browsers where you ticked "Trust this browser" skip the code for ${days} days (your password is still needed). Changing your two-factor settings removes them all.`}
    >
      {devices.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="trusted-devices-empty">No trusted browsers.</p>
      ) : (
        <ul className="-my-3 divide-y divide-slate-100" data-testid="trusted-devices">
          {devices.map((device, index) => (
            <li key={device.id} className="flex items-center gap-3 py-3">
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">{device.lastUsedDevice ?? "Unknown browser"}</p>
                <p id={`trusted-device-${index}-details`} className="text-xs text-slate-500">
                  Last used <TimeAgo date={new Date(device.lastUsedAtMs)} />
                  {device.lastUsedIp && <> from {device.lastUsedIp}</>}
                  {" · "}trusted <TimeAgo date={new Date(device.createdAtMs)} />
                </p>
              </div>
              <form action={revokeTrustedDeviceAction}>
                <input type="hidden" name="deviceId" value={device.id} />
                <SubmitButton variant="secondary" pendingLabel="Removing…" accessibleName={`Remove ${device.lastUsedDevice ?? "unknown browser"}`} describedBy={`trusted-device-${index}-details`}>
                  Remove
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      )}
      {devices.length > 0 && (
        <form action={revokeAllTrustedDevicesAction}>
          <SubmitButton variant="danger" pendingLabel="Removing…">
            Remove all
          </SubmitButton>
        </form>
      )}
    </Card>
  );
}
