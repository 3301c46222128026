import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password.js";

/** An address as accounts keep it: trimmed, lower-cased, at most 254 characters (RFC 5321). */
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());
/** A new password's length rule; the common-password check is separate (common-passwords.ts). */
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
/** Sign-up and sign-in: an issue's `path[0]` names the field at fault. */
export const credentialsSchema = z.object({ email: emailSchema, password: passwordSchema });
