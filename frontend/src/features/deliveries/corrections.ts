// Corrections of logs in an approved (locked) month: the original stays as approved, a correcting entry dated in an
// open month carries the corrected values and points to it (`corrects`; the original's `corrected_by`). The provider's
// staff correct their provider's logs, the client's coordinator their clients' logs; managers read them.
import type { Schemas } from "../../api/client";
import type { Role } from "../../auth/roles";

type Delivery = Pick<Schemas["Delivery"], "statement" | "corrected_by">;

/** The values a correcting entry may carry (the API's CorrectionRequest but the reason), in the form's order. */
export const CORRECTION_FIELDS = ["duration_minutes", "units", "outcome", "start_time", "worker_name", "note", "date"] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

/** The correction form's values: everything as typed (strings), the reason required. */
export interface CorrectionForm {
  date: string;
  start_time: string;
  duration_minutes: string;
  units: string;
  worker_name: string;
  outcome: Schemas["OutcomeEnum"];
  note: string;
  reason: string;
}

/** Roles that correct logs (the API decides whose: the provider's own, the coordinator's clients'). */
const CORRECTING_ROLES: readonly Role[] = ["provider", "coordinator"];

/** A log is corrected, not edited, once its month's statement is approved (it then belongs to it), and only once:
 * a corrected log's correcting entry is corrected instead. */
export function isLocked(delivery: Delivery): boolean {
  return !!delivery.statement;
}

export function canCorrect(delivery: Delivery, role: Role | null | undefined): boolean {
  return !!role && CORRECTING_ROLES.includes(role) && isLocked(delivery) && !delivery.corrected_by;
}

/** The form starts from the original's values; the date stays empty (the server dates the entry today). */
export function correctionFormOf(delivery: Schemas["Delivery"]): CorrectionForm {
  return {
    date: "",
    start_time: delivery.start_time ? delivery.start_time.slice(0, 5) : "",
    duration_minutes: delivery.duration_minutes == null ? "" : String(delivery.duration_minutes),
    units: delivery.units ?? "",
    worker_name: delivery.worker_name ?? "",
    outcome: delivery.outcome,
    note: delivery.note ?? "",
    reason: "",
  };
}

/**
 * The request's body: the reason, and only the values that differ from the form's start (`initial`, the original's),
 * so that the server copies the others from the original. Changing the duration of an hourly service alone lets the
 * server recompute the units.
 */
export function correctionBody(values: CorrectionForm, initial: CorrectionForm): Schemas["CorrectionRequest"] {
  const body: Schemas["CorrectionRequest"] = { reason: values.reason.trim() };
  for (const name of CORRECTION_FIELDS) {
    const raw = values[name].trim();
    if (raw === initial[name].trim()) continue;
    switch (name) {
      case "duration_minutes":
        body.duration_minutes = raw === "" ? null : Number(raw);
        break;
      case "units":
        body.units = raw === "" ? null : raw.replace(",", ".");
        break;
      case "start_time":
        body.start_time = raw === "" ? null : raw;
        break;
      case "date":
        if (raw) body.date = raw;
        break;
      case "outcome":
        body.outcome = values.outcome;
        break;
      default:
        body[name] = raw;
    }
  }
  return body;
}
