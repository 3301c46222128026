/**
 * Reading untrusted action input. A server action is a public POST endpoint: the "FormData" may
 * be anything a client serialised, and a field may be missing, repeated or a File. Anything that
 * is not one short string reads as null, and the action answers with a message, never a 500.
 */
const MAX_FIELD_LENGTH = 1_000;

export function isFormData(value: unknown): value is FormData {
  return value instanceof FormData;
}

export function readText(form: unknown, name: string): string | null {
  if (!isFormData(form)) return null;
  const values = form.getAll(name);
  if (values.length !== 1) return null;
  const [value] = values;
  return typeof value === "string" && value.length <= MAX_FIELD_LENGTH ? value : null;
}
