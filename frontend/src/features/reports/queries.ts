// The reports API (/api/v1/reports/): report runs started by managers, computed by the worker.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type QueryOf } from "../../api/client";
import { isBusy, type ReportData, type ReportRun, type RunPage } from "./reportsApi";

export const REPORTS_KEY = ["reports"] as const;
export const PAGE_SIZE = 20;

function listRuns(query: QueryOf<"/api/v1/reports/">): Promise<RunPage> {
  return unwrap(api.GET("/api/v1/reports/", { params: { query } }));
}

function getRun(id: string): Promise<ReportRun> {
  return unwrap(api.GET("/api/v1/reports/{id}/", { params: { path: { id } } }));
}

/** Report runs, polled every 2 s while one of them is queued or running. */
export function useRuns(page: number, month: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, page, month],
    queryFn: () => listRuns({ page, page_size: PAGE_SIZE, month: month || undefined, ordering: "-created_at" }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.results.some(isBusy) ? 2_000 : false),
  });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => unwrap(api.POST("/api/v1/reports/", { body: { kind: "funder_monthly", month } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REPORTS_KEY }),
  });
}

/** A run whose figures are there (`data` is null until a run is done). */
export type RunWithData = ReportRun & { data: ReportData };
const hasData = (run: ReportRun): run is RunWithData => run.data !== null && run.data !== undefined;

/**
 * The finished report runs with their figures (the newest version per month), oldest month first; a run
 * whose figures are still missing once fetched on its own is left out.
 */
export function useDoneRuns() {
  return useQuery({
    queryKey: [...REPORTS_KEY, "done"],
    queryFn: async () => {
      const page = await listRuns({ status: "done", kind: "funder_monthly", page_size: 200, ordering: "-created_at" });
      const newest = new Map<string, ReportRun>();
      for (const run of page.results) if (!newest.has(run.month)) newest.set(run.month, run);
      const runs = await Promise.all(
        [...newest.values()].map((run) => (hasData(run) ? Promise.resolve(run) : getRun(run.id))),
      );
      return runs.filter(hasData).sort((a, b) => a.month.localeCompare(b.month));
    },
    staleTime: 60_000,
  });
}

/** The manager's overview: the last twelve months computed by the API from the live records. */
export function useOverview() {
  return useQuery({
    queryKey: ["overview"],
    queryFn: () => unwrap(api.GET("/api/v1/overview/")),
    staleTime: 60_000,
  });
}

// ---- closing and re-opening months (/api/v1/month-closes/) ----

export const MONTH_CLOSES_KEY = ["month-closes"] as const;

/** Every month ever closed (or re-opened), newest first. */
export function useMonthCloses() {
  return useQuery({
    queryKey: [...MONTH_CLOSES_KEY, "list"],
    queryFn: () => unwrap(api.GET("/api/v1/month-closes/", { params: { query: { page_size: 100, ordering: "-month" } } })),
  });
}

/** What keeps a month from being closed: statements not approved, logs without a statement. */
export function useMonthBlockers(month: string) {
  return useQuery({
    queryKey: [...MONTH_CLOSES_KEY, "blockers", month],
    queryFn: () => unwrap(api.GET("/api/v1/month-closes/blockers/", { params: { query: { month } } })),
    enabled: !!month,
  });
}

export function useCloseMonth() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ month, reason }: { month: string; reason: string }) =>
      unwrap(api.POST("/api/v1/month-closes/", { body: { month, reason } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: MONTH_CLOSES_KEY });
      void queryClient.invalidateQueries({ queryKey: REPORTS_KEY });
    },
  });
}

export function useReopenMonth() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/v1/month-closes/{id}/reopen/", { params: { path: { id } }, body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MONTH_CLOSES_KEY }),
  });
}
