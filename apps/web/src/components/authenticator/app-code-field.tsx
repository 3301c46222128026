import { TextField } from "@/components/ui/text-field";

/** The 6-digit code an authenticator app shows; one-time-code so phones offer it from the app. */
export function AppCodeField({ id = "app-code", describedBy, invalid, autoFocus = false, disabled = false }: { id?: string; describedBy: string; invalid: boolean; autoFocus?: boolean; disabled?: boolean }) {
  return (
    <TextField
      label="Code from your authenticator app"
      name="code"
      id={id}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={7}
      required
      autoFocus={autoFocus}
      disabled={disabled}
      invalid={invalid}
      describedBy={describedBy}
      hint="6 digits; a new one every 30 seconds."
      className="font-mono tracking-widest"
    />
  );
}
