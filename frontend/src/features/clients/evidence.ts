// What the browser can tell of a consent's evidence file before sending it; the server checks the content too.
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
const EXTENSIONS = ["pdf", "jpg", "jpeg", "png"];

/** The i18n key of what is wrong with `file` as a consent's evidence, or null when it may be sent. */
export function evidenceProblem(file: { name: string; size: number }): string | null {
  const extension = file.name.includes(".") ? file.name.split(".").pop()!.toLowerCase() : "";
  if (!EXTENSIONS.includes(extension)) return "consents.evidenceType";
  if (file.size === 0) return "consents.evidenceEmpty";
  if (file.size > EVIDENCE_MAX_BYTES) return "consents.evidenceTooLarge";
  return null;
}
