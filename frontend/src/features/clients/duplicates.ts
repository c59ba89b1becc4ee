// The likely duplicates screen's logic: the side-by-side rows of a pair and the merge request it sends.
import type { Schemas } from "../../api/client";

export type DuplicatePair = Schemas["DuplicatePair"];
export type DuplicateCandidate = Schemas["DuplicateCandidate"];
export type Side = "left" | "right";

/** The fields compared side by side, with their label keys. */
export const COMPARED = [
  ["reference", "clients.reference"],
  ["first_name", "clients.firstName"],
  ["last_name", "clients.lastName"],
  ["birth_date", "clients.birthDate"],
  ["sex", "clients.sex"],
  ["has_national_id", "clients.duplicates.hasNationalId"],
  ["street", "clients.street"],
  ["postcode", "clients.postcode"],
  ["municipality", "clients.municipality"],
  ["phone", "clients.phone"],
  ["email", "clients.email"],
  ["status", "common.status"],
  ["coordinator_name", "clients.coordinator"],
  ["created_at", "clients.duplicates.registered"],
] as const satisfies readonly (readonly [keyof DuplicateCandidate, string])[];

export type ComparedField = (typeof COMPARED)[number][0];

export interface ComparisonRow {
  field: ComparedField;
  label: string;
  left: DuplicateCandidate[ComparedField];
  right: DuplicateCandidate[ComparedField];
  /** The two records say different things (case, accents and spaces aside: those are what the match ignores). */
  differs: boolean;
}

const folded = (value: unknown): string =>
  String(value ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

export function comparisonRows(pair: DuplicatePair): ComparisonRow[] {
  return COMPARED.map(([field, label]) => ({
    field,
    label,
    left: pair.left[field],
    right: pair.right[field],
    differs: field !== "reference" && field !== "created_at" && folded(pair.left[field]) !== folded(pair.right[field]),
  }));
}

/** The survivor suggested: the record registered first (its reference is the one people know). */
export function suggestedSurvivor(pair: DuplicatePair): Side {
  return pair.right.created_at < pair.left.created_at ? "right" : "left";
}

export interface MergeRequest {
  survivor: string;
  absorbed: string;
  reason: string;
}

/** The merge to send, or the form's error (an i18n key) when it cannot be sent yet. */
export function mergeRequest(pair: DuplicatePair, survivor: Side | "", reason: string): MergeRequest | { error: string } {
  if (survivor !== "left" && survivor !== "right") return { error: "clients.duplicates.chooseSurvivor" };
  if (!reason.trim()) return { error: "clients.duplicates.reasonRequired" };
  const other: Side = survivor === "left" ? "right" : "left";
  return { survivor: pair[survivor].id, absorbed: pair[other].id, reason: reason.trim() };
}

/** A pair's key, stable whatever the order of its records. */
export const pairKey = (pair: DuplicatePair): string => [pair.left.id, pair.right.id].sort().join(":");
