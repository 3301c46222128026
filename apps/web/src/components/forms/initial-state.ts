import type { FormState } from "@/server/actions/form-state";

/** Every form starts here; typed loosely enough for any action's data. */
export const initialFormState: FormState<never> = { status: "idle" };
