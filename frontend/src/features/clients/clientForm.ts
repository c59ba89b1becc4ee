import type { Schemas } from "../../api/client";
import { TRISTATE_FIELDS } from "./options";

type Client = Schemas["Client"];
export type ClientBody = Schemas["ClientRequest"];

/** The client form's values: every control holds a string (selects, text, dates). */
export type ClientFormValues = {
  first_name: string;
  last_name: string;
  birth_date: string;
  sex: string;
  national_id: string;
  national_id_country: string;
  citizenship: string;
  phone: string;
  email: string;
  language: string;
  street: string;
  postcode: string;
  municipality: string;
  area: string;
  household_size: string;
  dependants: string;
  carer_name: string;
  carer_phone: string;
  labour_market_status: string;
  education_level: string;
  health_summary: string;
  mobility: string;
  risks: string;
  access_notes: string;
  status: string;
  closure_reason: string;
  exit_situation: string;
  closed_at: string;
  coordinator: string;
  change_reason: string;
} & Record<(typeof TRISTATE_FIELDS)[number], string>;

const TEXT_FIELDS = [
  "first_name", "last_name", "birth_date", "sex", "national_id", "national_id_country", "citizenship", "phone",
  "email", "language", "street", "postcode", "municipality", "area", "carer_name", "carer_phone",
  "labour_market_status", "education_level", "health_summary", "mobility", "risks", "access_notes", "status",
  "closure_reason", "exit_situation",
] as const;

export const CLIENT_FORM_FIELDS: readonly string[] = [
  ...TEXT_FIELDS, ...TRISTATE_FIELDS, "household_size", "dependants", "coordinator", "change_reason", "closed_at",
];

const tri = (value: boolean | null | undefined): string => (value === true ? "yes" : value === false ? "no" : "");
const fromTri = (value: string): boolean | null => (value === "yes" ? true : value === "no" ? false : null);
const toInt = (value: string): number | null => (value.trim() === "" ? null : Number.parseInt(value, 10));

export function formValuesOf(client?: Client | null): ClientFormValues {
  const values = {} as Record<string, string>;
  for (const field of TEXT_FIELDS) values[field] = client ? String(client[field] ?? "") : "";
  for (const field of TRISTATE_FIELDS) values[field] = tri(client?.[field]);
  values.household_size = client?.household_size == null ? "" : String(client.household_size);
  values.dependants = client?.dependants == null ? "" : String(client.dependants);
  values.coordinator = client?.coordinator ?? "";
  values.closed_at = client?.closed_at ?? "";
  values.change_reason = "";
  if (!client) values.status = "active";
  return values as ClientFormValues;
}

/** The request body: yes/no/unknown to true/false/null, numbers parsed, no coordinator = null. */
export function bodyOf(values: ClientFormValues): ClientBody {
  const body: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) body[field] = values[field].trim();
  for (const field of TRISTATE_FIELDS) body[field] = fromTri(values[field]);
  body.household_size = toInt(values.household_size);
  body.dependants = toInt(values.dependants);
  body.coordinator = values.coordinator || null;
  // Closing details belong to a closed case only; the server clears them when it reopens.
  if (values.status === "closed") {
    body.closed_at = values.closed_at || null;
  } else {
    delete body.closure_reason;
    delete body.exit_situation;
  }
  if (values.change_reason.trim()) body.change_reason = values.change_reason.trim();
  return body as unknown as ClientBody;
}

export interface DuplicateMatch {
  id: string;
  reference: string;
  name: string;
  birth_date: string;
}

/** The records a 409 `possible_duplicate` lists, or none for any other answer. */
export function duplicatesOf(body: unknown): DuplicateMatch[] {
  if (!body || typeof body !== "object") return [];
  const { code, duplicates } = body as { code?: unknown; duplicates?: unknown };
  if (code !== "possible_duplicate" || !Array.isArray(duplicates)) return [];
  return duplicates.filter((d): d is DuplicateMatch => !!d && typeof d === "object" && typeof (d as DuplicateMatch).id === "string");
}

export interface NationalIdTaken {
  /** The server's message for the national ID field. */
  message: string;
  existing: DuplicateMatch;
}

/** A 409 `national_id_taken` (a national ID is unique in the centre, no override): the record that has it. */
export function nationalIdTakenOf(body: unknown): NationalIdTaken | null {
  if (!body || typeof body !== "object") return null;
  const { code, existing, national_id: messages } = body as { code?: unknown; existing?: unknown; national_id?: unknown };
  if (code !== "national_id_taken" || !existing || typeof existing !== "object") return null;
  const record = existing as DuplicateMatch;
  if (typeof record.id !== "string") return null;
  const message = Array.isArray(messages) ? messages.filter((m) => typeof m === "string").join(" ") : "";
  return { message, existing: record };
}

/** A 404 `merged`: the record was merged into another one, which the reader may open instead. */
export function mergedIntoOf(body: unknown): { id: string; reference: string } | null {
  if (!body || typeof body !== "object") return null;
  const { code, merged_into: id, merged_into_reference: reference } = body as Record<string, unknown>;
  if (code !== "merged" || typeof id !== "string") return null;
  return { id, reference: typeof reference === "string" ? reference : "" };
}
