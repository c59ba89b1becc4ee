// The reports API (/api/v1/reports/): report runs started by managers, computed by the worker.
// Called through the one API client (same CSRF, centre and language headers); typed here by hand until
// the generated schema (src/api/schema.d.ts) is regenerated with the reports endpoints.
import { api } from "../../api/client";
import { ApiError } from "../../api/errors";

export type ReportStatus = "queued" | "running" | "done" | "failed";
export type ReportFormat = "pdf" | "xlsx" | "csv";

export interface ReportFile {
  format: ReportFormat | string;
  filename?: string;
  content_type?: string;
  size?: number;
  sha256: string;
  url: string;
}

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

export interface ReportRun {
  id: string;
  kind: string;
  month: string;
  version: number;
  status: ReportStatus;
  cut_off_at: string | null;
  data: ReportData | null;
  files: ReportFile[];
  message?: string;
  requested_by?: string;
  created_at: string;
  finished_at?: string | null;
}

export interface RunPage {
  count: number;
  results: ReportRun[];
}

type Result = { data?: unknown; error?: unknown; response: Response };
interface Untyped {
  GET(path: string, init?: { params?: { query?: Record<string, unknown>; path?: Record<string, string> } }): Promise<Result>;
  POST(path: string, init?: { body?: unknown; params?: { path?: Record<string, string> } }): Promise<Result>;
}
const untyped = api as unknown as Untyped;

async function call<T>(promise: Promise<Result>): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok) throw new ApiError(response.status, error);
  return data as T;
}

export function listRuns(query: { page?: number; page_size?: number; month?: string; status?: ReportStatus; kind?: string; ordering?: string }) {
  return call<RunPage>(untyped.GET("/api/v1/reports/", { params: { query } }));
}

export function getRun(id: string) {
  return call<ReportRun>(untyped.GET("/api/v1/reports/{id}/", { params: { path: { id } } }));
}

export function startRun(month: string, kind = "funder_monthly") {
  return call<ReportRun>(untyped.POST("/api/v1/reports/", { body: { kind, month } }));
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
