// Pure helpers of the settings screens (tested in settings.test.ts).

export const LOGO_TYPES = ["image/png", "image/jpeg"] as const;
export const LOGO_MAX_BYTES = 512 * 1024;

/** Why a chosen logo file cannot be sent ("type" / "size"), or null when it may go (the server checks it again). */
export function logoProblem(file: { type: string; size: number }): "type" | "size" | null {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) return "type";
  if (file.size > LOGO_MAX_BYTES) return "size";
  return null;
}

/** The fields of a form whose values differ from what was loaded: only they are sent. */
export function changedFields<T extends Record<string, unknown>>(loaded: T, values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(values) as (keyof T)[]) {
    if (values[key] !== loaded[key]) out[key] = values[key];
  }
  return out;
}

/** A lead time typed into the reminders table: a whole number of days 0–365, or null when it is not one. */
export function parseLeadDays(value: string): number | null {
  if (!/^\d{1,3}$/.test(value.trim())) return null;
  const days = Number(value.trim());
  return days <= 365 ? days : null;
}
