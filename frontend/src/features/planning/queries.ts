// The community planning API: community plans with their indicators' live progress, the needs register,
// partnership meetings with decisions and follow-ups, and the partners to choose from. Every write
// refreshes what is cached under "planning" (a plan's tree, the lists).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type QueryOf, type Schemas } from "../../api/client";
import { compact } from "../../lib/useListParams";

export const PLANNING_KEY = ["planning"] as const;

/** After a write: put the answer in place (when the server sent the record back) and refresh the rest. */
function useRefreshPlanning() {
  const queryClient = useQueryClient();
  return async (key?: readonly unknown[], data?: unknown) => {
    if (key && data) queryClient.setQueryData(key, data);
    await queryClient.invalidateQueries({ queryKey: PLANNING_KEY });
  };
}

export function usePartners() {
  return useQuery({
    queryKey: [...PLANNING_KEY, "lookup", "partners"],
    queryFn: () => unwrap(api.GET("/api/v1/partners/", { params: { query: { page_size: 200 } } })),
    staleTime: 10 * 60_000,
  });
}

// ---- community plans ----

export function useCommunityPlans(query: QueryOf<"/api/v1/community-plans/">) {
  return useQuery({
    queryKey: [...PLANNING_KEY, "plans", query],
    queryFn: () =>
      unwrap(api.GET("/api/v1/community-plans/", { params: { query: { ordering: "-start_date", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

const communityPlanKey = (id: string) => [...PLANNING_KEY, "plan", id] as const;

export function useCommunityPlan(id: string) {
  return useQuery({
    queryKey: communityPlanKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/community-plans/{id}/", { params: { path: { id } } })),
  });
}

export function useCreateCommunityPlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/community-plans/">) => unwrap(api.POST("/api/v1/community-plans/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PLANNING_KEY, "plans"] }),
  });
}

/** Adopts a draft plan or closes an adopted one. */
export function useCommunityPlanAction(id: string) {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: ({ action, reason }: { action: "adopt" | "close"; reason: string }) =>
      action === "adopt"
        ? unwrap(api.POST("/api/v1/community-plans/{id}/adopt/", { params: { path: { id } }, body: { reason } }))
        : unwrap(api.POST("/api/v1/community-plans/{id}/close/", { params: { path: { id } }, body: { reason } })),
    onSuccess: (plan: Schemas["CommunityPlanTree"]) => refresh(communityPlanKey(id), plan),
  });
}

/** Records a manual indicator's value as of a date. */
export function useAddIndicatorValue() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/indicator-values/">) => unwrap(api.POST("/api/v1/indicator-values/", { body })),
    onSuccess: () => refresh(),
  });
}

// ---- needs ----

export function useNeeds(query: QueryOf<"/api/v1/needs/">) {
  return useQuery({
    queryKey: [...PLANNING_KEY, "needs", query],
    queryFn: () => unwrap(api.GET("/api/v1/needs/", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useRaiseNeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/needs/">) => unwrap(api.POST("/api/v1/needs/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PLANNING_KEY, "needs"] }),
  });
}

// ---- meetings ----

export function useMeetings(query: QueryOf<"/api/v1/meetings/">) {
  return useQuery({
    queryKey: [...PLANNING_KEY, "meetings", query],
    queryFn: () => unwrap(api.GET("/api/v1/meetings/", { params: { query: { ordering: "-starts_at", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

const meetingKey = (id: string) => [...PLANNING_KEY, "meeting", id] as const;

export function useMeeting(id: string) {
  return useQuery({
    queryKey: meetingKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/meetings/{id}/", { params: { path: { id } } })),
  });
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/meetings/">) => unwrap(api.POST("/api/v1/meetings/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PLANNING_KEY, "meetings"] }),
  });
}

/** Closes a planned meeting with its minutes, or cancels it with a reason. */
export function useMeetingAction(id: string) {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (move: { action: "close"; minutes: string } | { action: "cancel"; reason: string }) =>
      move.action === "close"
        ? unwrap(api.POST("/api/v1/meetings/{id}/close/", { params: { path: { id } }, body: { minutes: move.minutes } }))
        : unwrap(api.POST("/api/v1/meetings/{id}/cancel/", { params: { path: { id } }, body: { reason: move.reason } })),
    onSuccess: (meeting: Schemas["Meeting"]) => refresh(meetingKey(id), meeting),
  });
}

/** Sets the partners taking part in a meeting. */
export function useUpdateMeetingPartners(id: string) {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (partners: string[]) =>
      unwrap(api.PATCH("/api/v1/meetings/{id}/", { params: { path: { id } }, body: { partners } })),
    onSuccess: (meeting: Schemas["Meeting"]) => refresh(meetingKey(id), meeting),
  });
}

export function useAddDecision() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/meeting-decisions/">) => unwrap(api.POST("/api/v1/meeting-decisions/", { body })),
    onSuccess: () => refresh(),
  });
}

export function useAddFollowUp() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/follow-ups/">) => unwrap(api.POST("/api/v1/follow-ups/", { body })),
    onSuccess: () => refresh(),
  });
}

export function useCompleteFollowUp() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: ({ id, outcome }: { id: string; outcome: string }) =>
      unwrap(api.POST("/api/v1/follow-ups/{id}/complete/", { params: { path: { id } }, body: { outcome } })),
    onSuccess: () => refresh(),
  });
}
