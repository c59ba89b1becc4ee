// Pure helpers of the ESF+ participation forms and lists (tested in participation.test.ts).

/** A yes / no / not known answer: the select's value ("yes", "no", "") as the API's boolean or null. */
export function triState(value: string): boolean | null {
  if (value === "yes") return true;
  if (value === "no") return false;
  return null;
}

/** The API's boolean or null as the select's value. */
export function triValue(value: boolean | null | undefined): "yes" | "no" | "" {
  if (value === true) return "yes";
  if (value === false) return "no";
  return "";
}

/** Is the six-month follow-up due by `today` (an ISO date) and not recorded yet? */
export function followupOpen(
  p: { followup_due?: string | null; followup_in_employment?: boolean | null; followup_improved_situation?: boolean | null },
  today: string,
): boolean {
  if (!p.followup_due) return false;
  const recorded = (p.followup_in_employment ?? null) !== null || (p.followup_improved_situation ?? null) !== null;
  return !recorded && p.followup_due <= today;
}

/** The client fields a refused start names (409 `esf_attributes_missing`), or [] for any other error. */
export function missingAttributes(error: unknown): string[] {
  const body = (error as { body?: { code?: string; missing?: unknown } } | null)?.body;
  if (!body || body.code !== "esf_attributes_missing" || !Array.isArray(body.missing)) return [];
  return body.missing.filter((name): name is string => typeof name === "string");
}
