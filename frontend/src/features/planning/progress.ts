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

export interface PriorityProgress {
  code: string;
  title: string;
  /** Mean progress of the priority's indicators, each counted up to 100 %; null when none can be measured. */
  percent: number | null;
  /** Indicators with a target. */
  measured: number;
  /** Of those, how many reached it. */
  reached: number;
}

type TreeLike = {
  priorities: readonly {
    code: string;
    title: string;
    measures: readonly { activities: readonly { indicators: readonly { progress_percent: string | null }[] }[] }[];
  }[];
};

/** Each priority's progress at a glance: the mean of its indicators' progress (capped at 100 %) and how many reached their target. */
export function priorityProgress(tree: TreeLike): PriorityProgress[] {
  return tree.priorities.map((p) => {
    const values = p.measures
      .flatMap((m) => m.activities.flatMap((a) => a.indicators))
      .map((i) => progressView(i.progress_percent).value)
      .filter((v): v is number => v !== null);
    const capped = values.map((v) => Math.max(0, Math.min(100, v)));
    const percent = capped.length ? Math.round((capped.reduce((a, b) => a + b, 0) / capped.length) * 10) / 10 : null;
    return { code: p.code, title: p.title, percent, measured: values.length, reached: values.filter((v) => v >= 100).length };
  });
}
