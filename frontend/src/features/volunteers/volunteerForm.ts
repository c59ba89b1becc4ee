// The volunteer centre's form logic, kept apart from the screens so it can be tested on its own.
import type { Schemas } from "../../api/client";

export interface VolunteerForm {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  birth_date: string;
  skills: string;
  languages: string;
  availability: string;
  area: string;
}

export const VOLUNTEER_FIELDS = [
  "first_name", "last_name", "email", "phone", "birth_date", "skills", "languages", "availability", "area",
] as const;

/** Skills and languages are typed as a comma-separated list: "cooking, driving" → ["cooking", "driving"]. */
export function listOf(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,;\n]/)) {
    const item = part.trim();
    if (item && ![...seen].some((s) => s.toLowerCase() === item.toLowerCase())) seen.add(item);
  }
  return [...seen];
}

export function volunteerFormOf(volunteer?: Schemas["Volunteer"]): VolunteerForm {
  return {
    first_name: volunteer?.first_name ?? "",
    last_name: volunteer?.last_name ?? "",
    email: volunteer?.email ?? "",
    phone: volunteer?.phone ?? "",
    birth_date: volunteer?.birth_date ?? "",
    skills: (volunteer?.skills ?? []).join(", "),
    languages: (volunteer?.languages ?? []).join(", "),
    availability: volunteer?.availability ?? "",
    area: volunteer?.area ?? "",
  };
}

/** What the API takes: trimmed texts, lists for skills and languages, no birth date as null. */
export function volunteerBodyOf(values: VolunteerForm) {
  return {
    first_name: values.first_name.trim(),
    last_name: values.last_name.trim(),
    email: values.email.trim(),
    phone: values.phone.trim(),
    birth_date: values.birth_date || null,
    skills: listOf(values.skills),
    languages: listOf(values.languages),
    availability: values.availability.trim(),
    area: values.area.trim(),
  };
}

// Polish law (public-benefit and volunteering act, art. 44 and 46), as the server checks it.
export const WRITTEN_AGREEMENT_AFTER_DAYS = 30;

/** Days an agreement runs, both ends included; null without an end (or a date missing or out of order). */
export function agreementDays(start: string, end: string): number | null {
  if (!start || !end) return null;
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
  return Number.isFinite(days) && days > 0 ? days : null;
}

/**
 * What the law asks of this agreement, as a hint under the form: "written" for more than 30 days or no end
 * (the signing date is needed), "insurance" for 30 days or less (the centre insures the volunteer).
 */
export function agreementRule(start: string, end: string): "written" | "insurance" | null {
  if (!start) return null;
  if (!end) return "written";
  const days = agreementDays(start, end);
  if (days === null) return null;
  return days > WRITTEN_AGREEMENT_AFTER_DAYS ? "written" : "insurance";
}

/** Whether an agreement or assignment is in force on a day (ISO dates compare as text). */
export function inForce(row: { start_date: string; end_date?: string | null; is_active?: boolean }, today: string): boolean {
  return row.is_active !== false && row.start_date <= today && (!row.end_date || today <= row.end_date);
}

/** Staff verify logged hours, but never hours they logged themselves (the server refuses it too). */
export function mayVerify(row: { status: string; logged_by: string }, me: string | null | undefined): boolean {
  return row.status === "logged" && !!me && row.logged_by !== me;
}

/** Today in the browser's calendar, as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
