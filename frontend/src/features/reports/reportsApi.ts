// A report run, its figures and files, as the API publishes them (ReportRun, ReportData and the Report*
// components it nests, generated into src/api/schema.d.ts), and the helpers the pages share. The calls to
// /api/v1/reports/ are in ./queries.ts.
import type { Schemas } from "../../api/client";

export type ReportRun = Schemas["ReportRun"];
/** The figures of a finished run (null on a run until it is done). */
export type ReportData = Schemas["ReportData"];
export type ReportServiceRow = Schemas["ReportServiceRow"];
export type ReportStatus = Schemas["ReportRunStatusEnum"];
export type ReportFormat = Schemas["ReportFileFormatEnum"];
export type RunPage = Schemas["PaginatedReportRunList"];

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

export type Overview = Schemas["ReportOverview"];
export type OverviewMonth = Schemas["ReportOverviewMonth"];
export type ContractBurn = Schemas["ReportContractBurn"];
export type VolumeRow = Schemas["ReportVolumeRow"];
