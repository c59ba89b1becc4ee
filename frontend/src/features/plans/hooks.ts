import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export const planKey = (id: string) => ["plans", "detail", id] as const;

export function usePlan(id: string) {
  return useQuery({
    queryKey: planKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/plans/{id}/", { params: { path: { id } } })),
    enabled: !!id,
  });
}

/** After any write under a plan: the plan (goals and services are nested in it) and the lists that show it. */
export function useRefreshPlan(id: string) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: planKey(id) }),
      queryClient.invalidateQueries({ queryKey: ["plans", "history", id] }),
      queryClient.invalidateQueries({ queryKey: ["reviews", id] }),
      queryClient.invalidateQueries({ queryKey: ["waiting-list"] }),
      queryClient.invalidateQueries({ queryKey: ["plans", "client"] }),
    ]);
  };
}

export function useServiceTypes() {
  return useQuery({
    queryKey: ["service-types", "active"],
    queryFn: () => unwrap(api.GET("/api/v1/service-types/", { params: { query: { active: true, page_size: 200 } } })),
    select: (page) => page.results,
    staleTime: 10 * 60_000,
  });
}
