// A report run's figures and files. The schema types `data` as a free object; its shape
// (cus/reports/shape.py) is spelled out here for the charts until the schema publishes it. The calls
// to /api/v1/reports/ are in ./queries.ts.
import type { Schemas } from "../../api/client";

export type ReportStatus = "queued" | "running" | "done" | "failed";
export type ReportFormat = "pdf" | "xlsx" | "csv";

export interface ServiceRow {
  service_type: string;
  name: string;
  unit: string;
  units_planned: string;
  units_contracted: string;
  units_delivered: string;
  hours: string;
  clients: number;
  cost: string;
}

export interface ReportData {
  month: string;
  cut_off_at: string;
  services: ServiceRow[];
  waiting_list?: { count: number; clients: number; median_wait_days: string };
  volunteers?: { volunteers: number; hours: string; in_kind_value: string };
  plans?: { opened: number; reviewed: number; closed: number; goals_achieved: number; active_at_month_end: number };
  centre?: { currency?: string };
}

export type ReportRun = Omit<Schemas["ReportRun"], "data"> & { data: ReportData | null };

export interface RunPage {
  count: number;
  results: ReportRun[];
}

/** The generated type with the figures given their shape (cus/reports/shape.py). */
export function typed(run: Schemas["ReportRun"]): ReportRun {
  return { ...run, data: (run.data as unknown as ReportData | null) ?? null };
}

/** A run's download link for a format: the server's URL made same-origin, or the documented path. */
export function fileUrl(run: ReportRun, format: ReportFormat): string | null {
  const file = run.files?.find((f) => f.format === format);
  if (!file) return null;
  try {
    const url = new URL(file.url, window.location.origin);
    return url.pathname + url.search;
  } catch {
    return `/api/v1/reports/${run.id}/${format}/`;
  }
}

export const isBusy = (run: ReportRun) => run.status === "queued" || run.status === "running";
