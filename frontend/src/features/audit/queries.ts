// The access log (/api/v1/access-log/, its export/ and a client's access-log/print/): who read which client's data,
// when, from where and why. The data-protection officer and the administrators search it and export it as CSV;
// a client's own log is printed (PDF) for a subject-access request.
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap, type QueryOf, type Schemas } from "../../api/client";
import { compact } from "../../lib/useListParams";
import { saveBlob } from "../../lib/download";

export type AccessLogEntry = Schemas["CentreAccessLog"];
export type AccessLogQuery = QueryOf<"/api/v1/access-log/">;
export type AccessLogFilters = Omit<AccessLogQuery, "page" | "page_size" | "ordering" | "search">;

export const ACCESS_LOG_KEY = ["access-log"] as const;

/** A page of the centre's access log, newest first. */
export function useAccessLog(query: AccessLogQuery) {
  return useQuery({
    queryKey: [...ACCESS_LOG_KEY, query],
    queryFn: () => unwrap(api.GET("/api/v1/access-log/", { params: { query: compact(query) } })),
    placeholderData: keepPreviousData,
  });
}

/** The entries the filters select, as a CSV file handed to the browser. */
export function useExportAccessLog() {
  return useMutation({
    mutationFn: async (filters: AccessLogFilters) => {
      const blob = (await unwrap(
        api.GET("/api/v1/access-log/export/", { params: { query: compact(filters) }, parseAs: "blob" }),
      )) as unknown as Blob;
      saveBlob(blob, "access-log.csv");
      return blob;
    },
  });
}

/** A client's own access log as a PDF (in the client's language), for a subject-access request. */
export function usePrintClientAccessLog() {
  return useMutation({
    mutationFn: async ({ clientId, reference }: { clientId: string; reference: string }) => {
      const blob = (await unwrap(
        api.GET("/api/v1/clients/{id}/access-log/print/", { params: { path: { id: clientId } }, parseAs: "blob" }),
      )) as unknown as Blob;
      saveBlob(blob, `access-log-${reference.replace(/[^\w-]+/g, "-")}.pdf`);
      return blob;
    },
  });
}

