// The public, login-free community plans (/api/public/community-plans/): adopted and closed plans only.
// Not in the typed schema (the public API is excluded from it), so their shapes are declared here.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export interface PublicPlan {
  id: string;
  centre: string;
  centre_name: string;
  title: string;
  start_date: string;
  end_date: string;
  status: "adopted" | "closed";
  status_name: string;
  description: string;
}

export interface PublicIndicator {
  id: string;
  name: string;
  kind: string;
  kind_name: string;
  period_start: string;
  period_end: string;
  baseline: string | null;
  target: string;
  unit_label: string;
  actual: string;
  progress_percent: string | null;
}

export interface PublicActivity {
  id: string;
  code: string;
  title: string;
  description: string;
  responsible_partner: string | null;
  target_groups: { code: string; name: string }[];
  service_types: { code: string; name: string }[];
  indicators: PublicIndicator[];
}

export interface PublicPlanTree extends PublicPlan {
  priorities: {
    id: string;
    code: string;
    title: string;
    description: string;
    measures: { id: string; code: string; title: string; description: string; activities: PublicActivity[] }[];
  }[];
}

type Result = { data?: unknown; error?: unknown; response: Response };
const untyped = api as unknown as { GET(path: string, init?: object): Promise<Result> };
export const PUBLIC_PLANS_PAGE_SIZE = 20;

export function usePublicPlans(page: number, centre: string) {
  return useQuery({
    queryKey: ["public", "community-plans", page, centre],
    queryFn: async () =>
      (await unwrap(
        untyped.GET("/api/public/community-plans/", {
          params: { query: { page, page_size: PUBLIC_PLANS_PAGE_SIZE, centre: centre || undefined } },
        }),
      )) as { count: number; results: PublicPlan[] },
    placeholderData: keepPreviousData,
  });
}

export function usePublicPlan(id: string) {
  return useQuery({
    queryKey: ["public", "community-plan", id],
    queryFn: async () => (await unwrap(untyped.GET(`/api/public/community-plans/${encodeURIComponent(id)}/`))) as PublicPlanTree,
  });
}
