// The manager's overview: small pure helpers the page's charts and tables share (tested in overview.test.ts).
import { formatMonthShort } from "../../lib/format";

/** Chart points, one per month, labelled for the axis ("Jan 26"), with the figures `pick` takes from a month. */
export function chartMonths<M extends { month: string }, P extends object>(months: readonly M[], pick: (m: M) => P): (P & { label: string })[] {
  return months.map((m) => ({ label: formatMonthShort(m.month), ...pick(m) }));
}

/** Delivered as a percentage of planned; null when nothing was planned (no share to speak of). */
export function deliveredShare(planned: string, delivered: string): number | null {
  const p = Number(planned);
  const d = Number(delivered);
  if (!Number.isFinite(p) || !Number.isFinite(d) || p <= 0) return null;
  return (d / p) * 100;
}

/**
 * Is a contract spending ahead of its time? "ahead" when its budget is used more than ten points beyond the share
 * of its period that has passed (on course to run out before it ends), "" otherwise or without a limit.
 */
export function burnTone(usedPercent: string, elapsedPercent: string): "ahead" | "" {
  if (!usedPercent) return "";
  const used = Number(usedPercent);
  const elapsed = Number(elapsedPercent);
  if (!Number.isFinite(used) || !Number.isFinite(elapsed)) return "";
  return used > elapsed + 10 ? "ahead" : "";
}
