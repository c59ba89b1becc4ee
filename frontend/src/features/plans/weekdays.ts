// The days of the week a planned service is planned on, as the API has them: ISO numbers, 1 (Monday) to 7 (Sunday);
// none means any day. Their names come from the browser's Intl in the UI's language, never from the catalogues.

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The Intl locale of a UI language: its English is British (as lib/format's dates are). */
function intlLocale(language: string): string {
  return !language || language === "en" ? "en-GB" : language;
}

/** The name of ISO weekday `day` in `language`: "Monday", "poniedziałek"… (or "Mon" with width "short"). */
export function weekdayName(day: number, language: string, width: "long" | "short" = "long"): string {
  // 1 January 2024 was a Monday, so day n of that month is ISO weekday n.
  return new Intl.DateTimeFormat(intlLocale(language), { weekday: width, timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, day)));
}

/** The chosen days, Monday first, as one phrase in `language`: "Monday, Wednesday and Friday". */
export function weekdayList(days: readonly number[], language: string, width: "long" | "short" = "long"): string {
  const names = [...new Set(days)]
    .filter((day) => day >= 1 && day <= 7)
    .sort((a, b) => a - b)
    .map((day) => weekdayName(day, language, width));
  return new Intl.ListFormat(intlLocale(language), { style: "long", type: "conjunction" }).format(names);
}

/** `days` with `day` ticked or not, Monday first and without repeats. */
export function toggleWeekday(days: readonly number[], day: number, on: boolean): number[] {
  const rest = days.filter((d) => d !== day);
  return (on ? [...rest, day] : rest).sort((a, b) => a - b);
}
