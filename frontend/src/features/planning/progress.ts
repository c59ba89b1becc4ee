// Indicator progress as the server computed it (progress_percent: actual / target × 100), made ready to
// show: a bar width clamped to 0–100, the exact percentage in words (never colour alone), and a tone.
import { formatNumber } from "../../lib/format";

export type Tone = "none" | "low" | "mid" | "reached";

export interface ProgressView {
  /** The percentage as a number, or null when there is none (target zero). */
  value: number | null;
  /** Width of the bar, 0–100. */
  width: number;
  /** The percentage as text, e.g. "42 %", or "—". */
  text: string;
  tone: Tone;
}

export function progressView(percent: string | number | null | undefined): ProgressView {
  if (percent === null || percent === undefined || percent === "") return { value: null, width: 0, text: "—", tone: "none" };
  const value = Number(percent);
  if (!Number.isFinite(value)) return { value: null, width: 0, text: "—", tone: "none" };
  const width = Math.max(0, Math.min(100, value));
  const tone: Tone = value >= 100 ? "reached" : value >= 50 ? "mid" : "low";
  const digits = Number.isInteger(value) ? 0 : 1;
  return { value, width, text: `${formatNumber(value, digits)} %`, tone };
}

/** Demand over capacity in the needs register: the people waiting, assessed and raised against the places offered. */
export function demandExceedsCapacity(row: { total: number; offering_capacity: number | null }): boolean {
  return row.offering_capacity !== null && row.total > row.offering_capacity;
}

/** A datetime-local input's value ("2026-05-01T10:00") as an ISO instant in the browser's time zone. */
export function localToIso(value: string): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}
