import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { getRun, isBusy, listRuns, startRun, type ReportRun } from "./reportsApi";

export const MANAGER_KEY = ["manager"] as const;
export const PAGE_SIZE = 20;

export function useContracts(page: number, status: string, search: string) {
  return useQuery({
    queryKey: [...MANAGER_KEY, "contracts", page, status, search],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/contracts/", {
          params: {
            query: {
              page,
              page_size: PAGE_SIZE,
              status: status ? [status as "active" | "draft" | "ended" | "terminated"] : undefined,
              search: search || undefined,
              ordering: "-start_date",
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useContract(id: string) {
  return useQuery({
    queryKey: [...MANAGER_KEY, "contract", id],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/{id}/", { params: { path: { id } } })),
  });
}

export function useUsage(id: string) {
  return useQuery({
    queryKey: [...MANAGER_KEY, "usage", id],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/{id}/usage/", { params: { path: { id } } })),
    staleTime: 60_000,
  });
}

export function useCentreCurrency(): string {
  const centres = useQuery({
    queryKey: [...MANAGER_KEY, "centres"],
    queryFn: () => unwrap(api.GET("/api/v1/centres/")),
    staleTime: 30 * 60_000,
  });
  const list = centres.data as { results?: { currency?: string }[] } | { currency?: string }[] | undefined;
  const first = Array.isArray(list) ? list[0] : list?.results?.[0];
  return first?.currency || "EUR";
}

/** Report runs, polled every 2 s while one of them is queued or running. */
export function useRuns(page: number, month: string) {
  return useQuery({
    queryKey: [...MANAGER_KEY, "reports", page, month],
    queryFn: () => listRuns({ page, page_size: PAGE_SIZE, month: month || undefined, ordering: "-created_at" }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.results.some(isBusy) ? 2_000 : false),
  });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => startRun(month),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...MANAGER_KEY, "reports"] }),
  });
}

/** The finished report runs with their figures (the newest version per month), oldest month first. */
export function useDoneRuns() {
  return useQuery({
    queryKey: [...MANAGER_KEY, "done-runs"],
    queryFn: async () => {
      const page = await listRuns({ status: "done", kind: "funder_monthly", page_size: 200, ordering: "-created_at" });
      const newest = new Map<string, ReportRun>();
      for (const run of page.results) if (!newest.has(run.month)) newest.set(run.month, run);
      const runs = await Promise.all(
        [...newest.values()].map((run) => (run.data ? Promise.resolve(run) : getRun(run.id))),
      );
      return runs.sort((a, b) => a.month.localeCompare(b.month));
    },
    staleTime: 60_000,
  });
}
