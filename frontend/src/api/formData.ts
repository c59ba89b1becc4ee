// Request bodies that carry a file go as multipart form data (openapi-fetch's `bodySerializer`).

/** A request body as multipart form data (a file among the fields): lists repeat their key, empty values are left out. */
export function formData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) value.forEach((item) => form.append(key, String(item)));
    else form.append(key, value instanceof Blob ? value : String(value));
  }
  return form;
}
