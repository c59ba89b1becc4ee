// No lost updates: records several people edit (clients, plans, planned services, assessments, contracts) carry a
// `revision`; a change is sent with `If-Match` naming the revision it was made from, and the API refuses it (412)
// when someone else saved the record in between, answering what they changed and the record as it is now.
import { ApiError } from "./errors";

export interface StaleRecord {
  revision: number;
  etag: string;
  changes: { by: string[]; at?: string | null; fields: { field: string; label: string }[] };
  current: Record<string, unknown>;
}

/** The `If-Match` header for a change made from `revision` (none when the revision is not known). */
export function ifMatch(revision: number | null | undefined): Record<string, string> {
  return revision === null || revision === undefined ? {} : { "If-Match": `"${revision}"` };
}

/** The API's 412 answer when `error` is one: someone else changed the record after it was read. */
export function staleRecordOf(error: unknown): StaleRecord | null {
  if (!(error instanceof ApiError) || error.status !== 412) return null;
  const body = error.body as Partial<StaleRecord> | null;
  if (!body || typeof body.revision !== "number" || typeof body.current !== "object" || !body.changes) return null;
  return {
    revision: body.revision,
    etag: body.etag ?? `"${body.revision}"`,
    changes: { by: body.changes.by ?? [], at: body.changes.at ?? null, fields: body.changes.fields ?? [] },
    current: body.current ?? {},
  };
}
