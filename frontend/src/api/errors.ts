// The API's error bodies: 400 `{"field": ["msg"]}` (nested for lists and objects) or `{"detail": "..."}`.

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly fieldErrors: FieldErrors;
  readonly detail: string | null;

  constructor(status: number, body: unknown) {
    // Only a 400 carries field errors; a 409's extra keys (e.g. the duplicates found) stay in `body`.
    const fields = status === 400 ? flattenErrors(body) : {};
    const detail = detailOf(body, fields);
    super(detail ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
    this.fieldErrors = fields;
    this.detail = detail;
  }
}

/** Flattens DRF errors into dotted paths: `{"goals": [{"description": ["x"]}]}` → `{"goals.0.description": ["x"]}`. */
export function flattenErrors(body: unknown, prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  if (body === null || body === undefined) return out;
  if (typeof body === "string") {
    out[prefix || "non_field_errors"] = [body];
    return out;
  }
  if (Array.isArray(body)) {
    if (body.every((item) => typeof item === "string")) {
      if (body.length) out[prefix || "non_field_errors"] = body as string[];
      return out;
    }
    body.forEach((item, index) => {
      Object.assign(out, flattenErrors(item, prefix ? `${prefix}.${index}` : String(index)));
    });
    return out;
  }
  if (typeof body === "object") {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === "detail" && !prefix && typeof value === "string") continue;
      if (key === "code" && !prefix && typeof value === "string") continue;
      Object.assign(out, flattenErrors(value, prefix ? `${prefix}.${key}` : key));
    }
  }
  return out;
}

function detailOf(body: unknown, fields: FieldErrors): string | null {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const detail = (body as Record<string, unknown>).detail;
    if (typeof detail === "string") return detail;
  }
  const general = fields.non_field_errors ?? fields.__all__;
  return general?.length ? general.join(" ") : null;
}

/**
 * Puts the API's field errors on a react-hook-form form. Returns the messages that belong to no field
 * of the form (shown above the form), so nothing the server said is lost.
 */
export function applyFieldErrors(
  error: unknown,
  setError: (name: never, error: { type: string; message: string }) => void,
  knownFields: readonly string[],
): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const general: string[] = error.detail ? [error.detail] : [];
  const other: string[] = [];
  for (const [path, messages] of Object.entries(error.fieldErrors)) {
    if (knownFields.includes(path)) {
      setError(path as never, { type: "server", message: messages.join(" ") });
    } else if (path === "non_field_errors" || path === "__all__") {
      general.push(...messages);
    } else {
      other.push(`${path}: ${messages.join(" ")}`);
    }
  }
  const rest = [...new Set([...general, ...other])];
  if (!rest.length && !Object.keys(error.fieldErrors).length) rest.push(error.message);
  return rest;
}
