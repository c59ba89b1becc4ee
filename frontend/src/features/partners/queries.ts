// The partners registry (partner organisations of community planning: NGOs, schools, employers, health, public
// bodies, providers) and what a partner's page and a partner's own home read: its staff, meetings, follow-ups,
// raised needs and the community-plan activities it is responsible for. Writes refresh everything under
// "planning" (the meetings' partner pickers read the same lists).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type QueryOf } from "../../api/client";
import { compact } from "../../lib/useListParams";
import { PLANNING_KEY } from "../planning/queries";

const PARTNERS_KEY = [...PLANNING_KEY, "partners"] as const;

export type PartnerBody = BodyOf<"/api/v1/partners/">;

export function usePartnerList(query: QueryOf<"/api/v1/partners/">) {
  return useQuery({
    queryKey: [...PARTNERS_KEY, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/partners/", { params: { query: { ordering: "name", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

export function usePartner(id: string) {
  return useQuery({
    queryKey: [...PARTNERS_KEY, "one", id],
    queryFn: () => unwrap(api.GET("/api/v1/partners/{id}/", { params: { path: { id } } })),
    enabled: !!id,
  });
}

export function usePartnerStaff(id: string) {
  return useQuery({
    queryKey: [...PARTNERS_KEY, "staff", id],
    queryFn: () => unwrap(api.GET("/api/v1/partners/{id}/staff/", { params: { path: { id }, query: { page_size: 100 } } })),
    enabled: !!id,
  });
}

/** Creates a partner (no id) or changes one; the answer is the partner as the API shows it. */
export function useSavePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<PartnerBody> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/partners/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/partners/", { body: body as PartnerBody })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PLANNING_KEY }),
  });
}

/** The catalogue's providers a partner of kind "provider" may link. */
export function useCatalogueProviders(enabled: boolean) {
  return useQuery({
    queryKey: ["providers", "for-partners"],
    queryFn: () => unwrap(api.GET("/api/v1/providers/", { params: { query: { ordering: "name", page_size: 200 } } })),
    select: (page) => page.results,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useFollowUps(query: QueryOf<"/api/v1/follow-ups/">) {
  return useQuery({
    queryKey: [...PLANNING_KEY, "follow-ups", query],
    queryFn: () => unwrap(api.GET("/api/v1/follow-ups/", { params: { query: { ordering: "due_date", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useRaisedNeeds(query: QueryOf<"/api/v1/raised-needs/">) {
  return useQuery({
    queryKey: [...PLANNING_KEY, "raised-needs", query],
    queryFn: () =>
      unwrap(api.GET("/api/v1/raised-needs/", { params: { query: { ordering: "-raised_on", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useActivities(query: QueryOf<"/api/v1/activities/">) {
  return useQuery({
    queryKey: [...PLANNING_KEY, "activities", query],
    queryFn: () => unwrap(api.GET("/api/v1/activities/", { params: { query: compact(query) } })),
  });
}

/** Records a need a partner's staff raise (the API makes it their partner's). */
export function usePartnerRaiseNeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/needs/">) => unwrap(api.POST("/api/v1/needs/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PLANNING_KEY }),
  });
}
