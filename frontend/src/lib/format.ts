// Dates, money and durations shown the same way everywhere, in the UI's language.
import { differenceInCalendarDays, format, isValid, parseISO } from "date-fns";
import { cs, enGB, pl, sl } from "date-fns/locale";
import i18n from "../i18n";

const LOCALES = { en: enGB, pl, cs, sl } as const;

function locale() {
  return LOCALES[(i18n.language as keyof typeof LOCALES) ?? "en"] ?? enGB;
}

function parse(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const date = value instanceof Date ? value : parseISO(value);
  return isValid(date) ? date : null;
}

/** `2026-11-29` → "29 Nov 2026" (in the UI's language); empty for no date. */
export function formatDate(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? format(date, "PP", { locale: locale() }) : "";
}

export function formatDateTime(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? format(date, "PPp", { locale: locale() }) : "";
}

/** A month `2026-10` → "October 2026". */
export function formatMonth(value: string | null | undefined): string {
  if (!value) return "";
  const date = parse(`${value}-01`);
  return date ? format(date, "LLLL yyyy", { locale: locale() }) : value;
}

/** A month `2026-10` → "Oct 26" (a chart's axis). */
export function formatMonthShort(value: string | null | undefined): string {
  if (!value) return "";
  const date = parse(`${value}-01`);
  return date ? format(date, "LLL yy", { locale: locale() }) : value;
}

/** Money arrives as a decimal string; it is shown, never computed with, in the UI. */
export function formatMoney(value: string | number | null | undefined, currency = "EUR"): string {
  if (value === null || value === undefined || value === "") return "";
  const amount = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(amount)) return String(value);
  return new Intl.NumberFormat(i18n.language || "en", { style: "currency", currency }).format(amount);
}

/** Units or other decimals from the API ("12.50") shown in the UI's number format. */
export function formatNumber(value: string | number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(i18n.language || "en", { maximumFractionDigits: digits }).format(n);
}

/** Minutes → "1 h 30 min". */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return "";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h} h ${m} min`;
  if (h) return `${h} h`;
  return `${m} min`;
}

/** Today as `YYYY-MM-DD` in the browser's time zone (what the API's date filters expect). */
export function isoDate(date: Date = new Date()): string {
  return format(date, "yyyy-MM-dd");
}

/** The current month as `YYYY-MM`. */
export function isoMonth(date: Date = new Date()): string {
  return format(date, "yyyy-MM");
}

/** Days from today to a date: negative when it is past. */
export function daysUntil(value: string | null | undefined, today: Date = new Date()): number | null {
  const date = parse(value);
  return date ? differenceInCalendarDays(date, today) : null;
}

/**
 * The instant to record for something that happened on a picked day (`YYYY-MM-DD`): noon of that day,
 * except today, which is now, so that a day picked this morning is never "in the future" to the server.
 */
export function dayInstant(day: string, now: Date = new Date()): string {
  if (day === isoDate(now)) return now.toISOString();
  return new Date(`${day}T12:00:00`).toISOString();
}
