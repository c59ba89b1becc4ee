// Closing and re-opening the centre's months (/api/v1/month-closes/): which months there are to close, their state,
// and where each blocker of a close is dealt with.
import type { Schemas } from "../../api/client";

export type MonthClose = Schemas["MonthClose"];
export type MonthBlocker = Schemas["MonthBlocker"];
/** A month that was never closed is open; a closed one may be re-opened (and closed again). */
export type MonthState = "open" | MonthClose["status"];

export interface MonthRow {
  month: string; // YYYY-MM
  state: MonthState;
  close: MonthClose | null;
}

/** How many finished months the screen lists (besides older ones that were ever closed). */
export const MONTHS_SHOWN = 12;

function monthOf(year: number, monthIndex: number): string {
  const date = new Date(Date.UTC(year, monthIndex, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The last `count` finished months before `today`'s, newest first, as YYYY-MM. */
export function finishedMonths(today: Date, count = MONTHS_SHOWN): string[] {
  return Array.from({ length: count }, (_, i) => monthOf(today.getFullYear(), today.getMonth() - 1 - i));
}

/** The finished months and every month with a close record, newest first, each with its state. */
export function monthRows(closes: readonly MonthClose[], today: Date, count = MONTHS_SHOWN): MonthRow[] {
  const byMonth = new Map(closes.map((close) => [close.month, close]));
  const months = new Set([...finishedMonths(today, count), ...byMonth.keys()]);
  return [...months]
    .sort((a, b) => b.localeCompare(a))
    .map((month) => {
      const close = byMonth.get(month) ?? null;
      return { month, state: close ? close.status : "open", close };
    });
}

/** Whether a close may be asked for: the month is not closed (an open or re-opened month). */
export function closable(row: Pick<MonthRow, "state">): boolean {
  return row.state !== "closed";
}

/** Where a blocker is dealt with: the month's statements in that state, or, for logs without a statement, the
 * provider's logs of the month (the provider opens and submits the statement). */
export function blockerLink(blocker: MonthBlocker, month: string): string {
  if (blocker.statement) return `/statements?status=${encodeURIComponent(blocker.status)}&month=${month}`;
  return `/deliveries?status=all&month=${month}&provider=${blocker.provider}`;
}
