// The community planning API: community plans with their indicators' live progress, the needs register,
// partnership meetings with decisions and follow-ups, and the partners to choose from. Every write
// refreshes what is cached under "planning" (a plan's tree, the lists).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type QueryOf, type Schemas } from "../../api/client";
import { saveBlob } from "../../lib/download";
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

// ---- the community plan's tree (managers) ----

export type NodeKind = "priority" | "measure" | "activity" | "indicator";
export type PriorityBody = BodyOf<"/api/v1/priorities/">;
export type MeasureBody = BodyOf<"/api/v1/measures/">;
export type ActivityBody = BodyOf<"/api/v1/activities/">;
export type IndicatorBody = BodyOf<"/api/v1/indicators/">;

/** Adds a node under its parent (the body names the parent: plan, priority, measure or activity). */
export function useAddNode() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (node:
      | { kind: "priority"; body: PriorityBody }
      | { kind: "measure"; body: MeasureBody }
      | { kind: "activity"; body: ActivityBody }
      | { kind: "indicator"; body: IndicatorBody }): Promise<unknown> => {
      switch (node.kind) {
        case "priority":
          return unwrap(api.POST("/api/v1/priorities/", { body: node.body }));
        case "measure":
          return unwrap(api.POST("/api/v1/measures/", { body: node.body }));
        case "activity":
          return unwrap(api.POST("/api/v1/activities/", { body: node.body }));
        case "indicator":
          return unwrap(api.POST("/api/v1/indicators/", { body: node.body }));
      }
    },
    onSuccess: () => refresh(),
  });
}

/** Changes a node (only the fields given). */
export function useChangeNode() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (node:
      | { kind: "priority"; id: string; body: Partial<PriorityBody> }
      | { kind: "measure"; id: string; body: Partial<MeasureBody> }
      | { kind: "activity"; id: string; body: Partial<ActivityBody> }
      | { kind: "indicator"; id: string; body: Partial<IndicatorBody> }): Promise<unknown> => {
      const params = { path: { id: node.id } };
      switch (node.kind) {
        case "priority":
          return unwrap(api.PATCH("/api/v1/priorities/{id}/", { params, body: node.body }));
        case "measure":
          return unwrap(api.PATCH("/api/v1/measures/{id}/", { params, body: node.body }));
        case "activity":
          return unwrap(api.PATCH("/api/v1/activities/{id}/", { params, body: node.body }));
        case "indicator":
          return unwrap(api.PATCH("/api/v1/indicators/{id}/", { params, body: node.body }));
      }
    },
    onSuccess: () => refresh(),
  });
}

/** Removes a node with everything under it, or moves it one place up or down among its siblings. */
export function useNodeAction() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: ({ kind, id, action }: { kind: NodeKind; id: string; action: "delete" | "up" | "down" }): Promise<unknown> => {
      const params = { path: { id } };
      if (action === "delete") {
        switch (kind) {
          case "priority":
            return unwrap(api.DELETE("/api/v1/priorities/{id}/", { params }));
          case "measure":
            return unwrap(api.DELETE("/api/v1/measures/{id}/", { params }));
          case "activity":
            return unwrap(api.DELETE("/api/v1/activities/{id}/", { params }));
          case "indicator":
            return unwrap(api.DELETE("/api/v1/indicators/{id}/", { params }));
        }
      }
      const body = { direction: action };
      switch (kind) {
        case "priority":
          return unwrap(api.POST("/api/v1/priorities/{id}/move/", { params, body }));
        case "measure":
          return unwrap(api.POST("/api/v1/measures/{id}/move/", { params, body }));
        case "activity":
          return unwrap(api.POST("/api/v1/activities/{id}/move/", { params, body }));
        case "indicator":
          return unwrap(api.POST("/api/v1/indicators/{id}/move/", { params, body }));
      }
    },
    onSuccess: () => refresh(),
  });
}

/** The plan document (PDF, in the reader's language), saved as a file. */
export function usePrintCommunityPlan() {
  return useMutation({
    mutationFn: async ({ id, lang }: { id: string; lang: string }) => {
      const blob = (await unwrap(
        api.GET("/api/v1/community-plans/{id}/document/", {
          params: { path: { id }, query: { lang: lang as "en" | "pl" | "cs" | "sl" } },
          parseAs: "blob",
        }),
      )) as unknown as Blob;
      saveBlob(blob, `community-plan-${id.slice(0, 8)}.pdf`);
      return blob;
    },
  });
}

// ---- raised needs answered by an activity ----

export function useRaisedNeeds(query: QueryOf<"/api/v1/raised-needs/">) {
  return useQuery({
    queryKey: [...PLANNING_KEY, "raised-needs", query],
    queryFn: () => unwrap(api.GET("/api/v1/raised-needs/", { params: { query: { ordering: "-raised_on", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

/** Activities of the centre's community plans, to name the one that answers a need. */
export function useActivities() {
  return useQuery({
    queryKey: [...PLANNING_KEY, "lookup", "activities"],
    // A closed plan takes no new links: only the activities of draft and adopted plans are offered.
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/activities/", {
          params: { query: { page_size: 200, ordering: "code", plan_status: ["draft", "adopted"] } },
        }),
      ),
    select: (page) => page.results,
  });
}

export function useNeedAction() {
  const refresh = useRefreshPlanning();
  return useMutation({
    mutationFn: (move:
      | { action: "link"; id: string; activity: string | null }
      | { action: "close"; id: string; note: string }
      | { action: "reopen"; id: string; reason: string }) => {
      const params = { path: { id: move.id } };
      if (move.action === "link")
        return unwrap(api.POST("/api/v1/raised-needs/{id}/link/", { params, body: { activity: move.activity } }));
      if (move.action === "close")
        return unwrap(api.POST("/api/v1/raised-needs/{id}/close/", { params, body: { note: move.note } }));
      return unwrap(api.POST("/api/v1/raised-needs/{id}/reopen/", { params, body: { reason: move.reason } }));
    },
    onSuccess: () => refresh(),
  });
}
