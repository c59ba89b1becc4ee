// Exports of lists (CSV/XLSX) with the filters their screens have: POST /api/v1/list-exports/ answers a small
// list at once (201, done) and queues a large one for the worker (202), which reports the rows written so far.
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";

export type ListExport = Schemas["ListExport"];
export type ExportFormat = Schemas["ListExportFormatEnum"];
export type ExportableList = "clients" | "deliveries" | "waiting-list" | "contracts";

/** A list's query as the export wants it: no paging, no empty values, every value as text. */
export function exportFilters(query: Record<string, unknown>): Record<string, string | string[]> {
  const filters: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === "page" || key === "page_size" || value === undefined || value === null || value === "") continue;
    filters[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return filters;
}

export const isExportBusy = (e: Pick<ListExport, "status">) => e.status === "queued" || e.status === "running";

export function useStartExport() {
  return useMutation({
    mutationFn: (body: { list: ExportableList; format: ExportFormat; filters: Record<string, string | string[]> }) =>
      unwrap(api.POST("/api/v1/list-exports/", { body })),
  });
}

/** One export, followed every second and a half while the worker writes it. */
export function useListExport(id: string | null) {
  return useQuery({
    queryKey: ["list-exports", id],
    queryFn: () => unwrap(api.GET("/api/v1/list-exports/{id}/", { params: { path: { id: id! } } })),
    enabled: !!id,
    refetchInterval: (query) => (query.state.data && isExportBusy(query.state.data) ? 1_500 : false),
  });
}

/** Start the browser's download of a finished export (the session cookie goes with it). */
export function downloadExport(href: string) {
  const link = document.createElement("a");
  link.href = href;
  link.download = "";
  document.body.appendChild(link);
  link.click();
  link.remove();
}
