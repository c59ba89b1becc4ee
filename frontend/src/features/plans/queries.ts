// The individual plans API: a client's plans, a plan with its goals and planned services, its lifecycle,
// reviews and history, provider assignment from the candidate contract lines, planned-vs-delivered, and
// the waiting list.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type QueryOf } from "../../api/client";
import { compact } from "../../lib/useListParams";
import { ifMatch } from "../../api/versions";
import { saveBlob } from "../../lib/download";

export const planKey = (id: string) => ["plans", "detail", id] as const;

export function usePlan(id: string) {
  return useQuery({
    queryKey: planKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/plans/{id}/", { params: { path: { id } } })),
    enabled: !!id,
  });
}

/** After any write under a plan: the plan (goals and services are nested in it) and the lists that show it. */
function useRefreshPlan(id: string) {
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

export function useClientPlans(clientId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ["plans", "client", clientId, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/plans/", { params: { query: { client: clientId, page, page_size: pageSize, ordering: "-start_date" } } }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** A coordinator's active plans with a review due before a date, soonest first. */
export function useReviewsDue(coordinatorId: string | undefined, before: string, count: number) {
  return useQuery({
    queryKey: ["plans", "reviews-due", coordinatorId, before],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/plans/", {
          params: {
            query: { coordinator: coordinatorId, review_due_before: before, status: "active", ordering: "next_review_date", page_size: count },
          },
        }),
      ),
    enabled: !!coordinatorId,
  });
}

export function useCreatePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/plans/">) => unwrap(api.POST("/api/v1/plans/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["plans", "client"] }),
  });
}

export function useUpdatePlan(id: string) {
  const refresh = useRefreshPlan(id);
  return useMutation({
    mutationFn: ({ body, revision }: { body: BodyOf<"/api/v1/plans/{id}/", "patch">; revision?: number }) =>
      unwrap(api.PATCH("/api/v1/plans/{id}/", { params: { path: { id } }, body, headers: ifMatch(revision) })),
    onSuccess: refresh,
  });
}

/** A lifecycle move, with what it needs. */
export type PlanAction =
  | { action: "activate"; body: BodyOf<"/api/v1/plans/{id}/activate/"> }
  | { action: "close"; body: BodyOf<"/api/v1/plans/{id}/close/"> }
  | { action: "suspend"; body: BodyOf<"/api/v1/plans/{id}/suspend/"> }
  | { action: "resume"; body: BodyOf<"/api/v1/plans/{id}/resume/"> }
  | { action: "cancel"; body: BodyOf<"/api/v1/plans/{id}/cancel/"> }
  | { action: "submit"; body: BodyOf<"/api/v1/plans/{id}/submit/"> }
  | { action: "approve"; body: BodyOf<"/api/v1/plans/{id}/approve/"> }
  | { action: "return"; body: BodyOf<"/api/v1/plans/{id}/return/"> };

export function usePlanAction(id: string) {
  const refresh = useRefreshPlan(id);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (move: PlanAction) => {
      const path = { params: { path: { id } } };
      switch (move.action) {
        case "activate":
          return unwrap(api.POST("/api/v1/plans/{id}/activate/", { ...path, body: move.body }));
        case "close":
          return unwrap(api.POST("/api/v1/plans/{id}/close/", { ...path, body: move.body }));
        case "suspend":
          return unwrap(api.POST("/api/v1/plans/{id}/suspend/", { ...path, body: move.body }));
        case "resume":
          return unwrap(api.POST("/api/v1/plans/{id}/resume/", { ...path, body: move.body }));
        case "cancel":
          return unwrap(api.POST("/api/v1/plans/{id}/cancel/", { ...path, body: move.body }));
        case "submit":
          return unwrap(api.POST("/api/v1/plans/{id}/submit/", { ...path, body: move.body }));
        case "approve":
          return unwrap(api.POST("/api/v1/plans/{id}/approve/", { ...path, body: move.body }));
        case "return":
          return unwrap(api.POST("/api/v1/plans/{id}/return/", { ...path, body: move.body }));
      }
    },
    onSuccess: async () => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ["plans", "awaiting-approval"] });
    },
  });
}

/** The centre's rule on plans: whether a manager approves a plan before it is activated. */
export function usePlanRules() {
  return useQuery({
    queryKey: ["plan-rules"],
    queryFn: () => unwrap(api.GET("/api/v1/centre/plan-rules/")),
    staleTime: 60_000,
  });
}

export function useUpdatePlanRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/centre/plan-rules/", "patch">) =>
      unwrap(api.PATCH("/api/v1/centre/plan-rules/", { body })),
    onSuccess: (data) => queryClient.setQueryData(["plan-rules"], data),
  });
}

/** The managers' work list: draft plans submitted for approval, longest waiting first. */
export function usePlansAwaitingApproval(page: number, pageSize: number) {
  return useQuery({
    queryKey: ["plans", "awaiting-approval", page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/plans/", { params: { query: { approval: "submitted", page, page_size: pageSize, ordering: "submitted_at" } } }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The printable plan (PDF, in the client's language), saved as a file; the print is in the client's access log. */
export function usePrintPlan() {
  return useMutation({
    mutationFn: async ({ id, reference }: { id: string; reference: string }) => {
      const blob = (await unwrap(
        api.GET("/api/v1/plans/{id}/pdf/", { params: { path: { id } }, parseAs: "blob" }),
      )) as unknown as Blob;
      saveBlob(blob, `plan-${reference.replace(/[^\w-]+/g, "-")}.pdf`);
      return blob;
    },
  });
}

export function usePlanHistory(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ["plans", "history", id, page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/plans/{id}/history/", { params: { path: { id }, query: { page, page_size: pageSize } } })),
    placeholderData: keepPreviousData,
  });
}

// ---- goals ----

/** Saves a goal of the plan: a change to an existing one (`id`), or a new one. */
export function useSaveGoal(planId: string) {
  const refresh = useRefreshPlan(planId);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Omit<BodyOf<"/api/v1/goals/">, "plan"> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/goals/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/goals/", { body: { ...body, plan: planId } })),
    onSuccess: refresh,
  });
}

// ---- planned services ----

export function useSaveService(planId: string) {
  const refresh = useRefreshPlan(planId);
  return useMutation({
    mutationFn: (
      change:
        | { id: string; body: BodyOf<"/api/v1/planned-services/{id}/", "patch">; revision?: number }
        | { id?: undefined; body: Omit<BodyOf<"/api/v1/planned-services/">, "plan"> },
    ) =>
      change.id === undefined
        ? unwrap(api.POST("/api/v1/planned-services/", { body: { ...change.body, plan: planId } }))
        : unwrap(
            api.PATCH("/api/v1/planned-services/{id}/", {
              params: { path: { id: change.id } },
              body: change.body,
              headers: ifMatch(change.revision),
            }),
          ),
    onSuccess: refresh,
  });
}

export function useUnassignService(planId: string) {
  const refresh = useRefreshPlan(planId);
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/v1/planned-services/{id}/unassign/", { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

export function useCancelService(planId: string) {
  const refresh = useRefreshPlan(planId);
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/v1/planned-services/{id}/cancel/", { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

/** The contract lines that can take a planned service (the server lists those with room left). */
export function useCandidates(serviceId: string) {
  return useQuery({
    queryKey: ["planned-services", "candidates", serviceId],
    queryFn: () => unwrap(api.GET("/api/v1/planned-services/{id}/candidates/", { params: { path: { id: serviceId } } })),
  });
}

export function useAssignService(planId: string) {
  const refresh = useRefreshPlan(planId);
  return useMutation({
    mutationFn: ({ id, contractLine }: { id: string; contractLine: string }) =>
      unwrap(api.POST("/api/v1/planned-services/{id}/assign/", { params: { path: { id } }, body: { contract_line: contractLine } })),
    onSuccess: refresh,
  });
}

/** Planned against delivered, month by month. */
export function useServiceProgress(serviceId: string) {
  return useQuery({
    queryKey: ["planned-services", "progress", serviceId],
    queryFn: () => unwrap(api.GET("/api/v1/planned-services/{id}/progress/", { params: { path: { id: serviceId } } })),
  });
}

// ---- reviews ----

export function useReviews(planId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ["reviews", planId, page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reviews/", { params: { query: { plan: planId, page, page_size: pageSize, ordering: "-date" } } })),
    placeholderData: keepPreviousData,
  });
}

export function useAddReview(planId: string) {
  const refresh = useRefreshPlan(planId);
  return useMutation({
    mutationFn: (body: Omit<BodyOf<"/api/v1/reviews/">, "plan">) =>
      unwrap(api.POST("/api/v1/reviews/", { body: { ...body, plan: planId } })),
    onSuccess: refresh,
  });
}

// ---- waiting list ----

/** Planned services without a provider, longest waiting first. */
export function useWaitingList(query: QueryOf<"/api/v1/waiting-list/">) {
  return useQuery({
    queryKey: ["waiting-list", query],
    queryFn: () =>
      unwrap(api.GET("/api/v1/waiting-list/", { params: { query: { ordering: "waiting_since", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}
