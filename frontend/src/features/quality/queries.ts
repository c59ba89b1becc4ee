// The quality API: providers' survey and evaluation summary, the standards, clients' satisfaction surveys
// (taken down by a coordinator, or answered by the client through a one-time link), and the public survey
// page's own endpoint (/api/public/surveys/{token}/, no login).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type Schemas } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { surveyableServices } from "./invitations";

export const QUALITY_KEY = ["quality"] as const;

export function useQualitySummary(from: string, to: string) {
  return useQuery({
    queryKey: [...QUALITY_KEY, "summary", from, to],
    queryFn: () =>
      unwrap(api.GET("/api/v1/evaluations/summary/", { params: { query: { from: from || undefined, to: to || undefined } } })),
    placeholderData: keepPreviousData,
  });
}

/** A page of standards: those in use, or all (retired ones too). */
export function useStandards(page: number, pageSize: number, activeOnly = true) {
  return useQuery({
    queryKey: [...QUALITY_KEY, "standards", page, activeOnly],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/standards/", {
          params: { query: { page, page_size: pageSize, is_active: activeOnly ? true : undefined, ordering: "name" } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** One standard with all its criteria (retired ones too: the form shows the active ones). */
export function useStandard(id: string | undefined) {
  return useQuery({
    queryKey: [...QUALITY_KEY, "standard", id],
    queryFn: () => unwrap(api.GET("/api/v1/standards/{id}/", { params: { path: { id: id ?? "" } } })),
    enabled: Boolean(id),
  });
}

/** Every standard in use, for the evaluation form's select. */
export function useActiveStandards() {
  return useQuery({
    queryKey: [...QUALITY_KEY, "standards", "active"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/standards/", { params: { query: { is_active: true, ordering: "name", page_size: 200 } } })),
    select: (page) => page.results,
  });
}

export function useSaveStandard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: BodyOf<"/api/v1/standards/"> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/standards/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/standards/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUALITY_KEY }),
  });
}

/** Retire a standard (no new evaluations against it) or bring it back. */
export function useSetStandardActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, is_active, reason }: { id: string; is_active: boolean; reason: string }) =>
      unwrap(api.PATCH("/api/v1/standards/{id}/", { params: { path: { id } }, body: { is_active, reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUALITY_KEY }),
  });
}

// ---- provider evaluations ----

/** A page of evaluations, newest period first: by status, and searched in provider, standard and notes. */
export function useEvaluations(page: number, pageSize: number, status: string, search = "") {
  return useQuery({
    queryKey: [...QUALITY_KEY, "evaluations", page, status, search],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/evaluations/", {
          params: {
            query: {
              page,
              page_size: pageSize,
              ordering: "-period_end",
              status: (status || undefined) as "draft" | "final" | undefined,
              search: search || undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useEvaluation(id: string | undefined) {
  return useQuery({
    queryKey: [...QUALITY_KEY, "evaluation", id],
    queryFn: () => unwrap(api.GET("/api/v1/evaluations/{id}/", { params: { path: { id: id ?? "" } } })),
    enabled: Boolean(id),
  });
}

/** The centre's active providers, for the evaluation form. */
export function useEvaluatedProviders() {
  return useQuery({
    queryKey: [...QUALITY_KEY, "providers"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/providers/", { params: { query: { is_active: true, ordering: "name", page_size: 200 } } })),
    select: (page) => page.results,
    staleTime: 60_000,
  });
}

export function useSaveEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: BodyOf<"/api/v1/evaluations/"> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/evaluations/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/evaluations/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUALITY_KEY }),
  });
}

export function useFinaliseEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/v1/evaluations/{id}/finalise/", { params: { path: { id } }, body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUALITY_KEY }),
  });
}

// ---- satisfaction surveys ----

export function useSurveys(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...QUALITY_KEY, "surveys", page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/satisfaction-surveys/", { params: { query: { page, page_size: pageSize, ordering: "-date" } } })),
    placeholderData: keepPreviousData,
  });
}

export function useRecordSurvey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/satisfaction-surveys/">) => unwrap(api.POST("/api/v1/satisfaction-surveys/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUALITY_KEY }),
  });
}

/** The planned services with a provider on the plans this coordinator leads: what they may survey. */
export function useSurveyableServices() {
  const { me } = useAuth();
  const userId = me?.id ?? "";
  return useQuery({
    queryKey: [...QUALITY_KEY, "planned-services", userId],
    queryFn: async () => {
      const [plans, services] = await Promise.all([
        unwrap(api.GET("/api/v1/plans/", { params: { query: { coordinator: userId, page_size: 200 } } })),
        unwrap(api.GET("/api/v1/planned-services/", { params: { query: { status: "assigned", page_size: 200 } } })),
      ]);
      // Coordinators read the plan's view of a service (provider staff's reduced one has no client name).
      const staffView = services.results.filter((s): s is Schemas["PlannedService"] => "client_name" in s);
      return surveyableServices(staffView, plans.results);
    },
    enabled: Boolean(userId),
    staleTime: 60_000,
  });
}

// ---- one-time survey links ----

export function useSurveyLinks() {
  return useQuery({
    queryKey: [...QUALITY_KEY, "invitations"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/survey-invitations/", { params: { query: { page_size: 10, ordering: "-created_at" } } })),
  });
}

/** Creates a link; its address is in the answer, this once (shown at once, the lists refresh behind it). */
export function useCreateSurveyLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/survey-invitations/">) => unwrap(api.POST("/api/v1/survey-invitations/", { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: QUALITY_KEY });
    },
  });
}

export function useRevokeSurveyLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/survey-invitations/{id}/revoke/", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...QUALITY_KEY, "invitations"] }),
  });
}

// ---- the client's public survey page ----

/** The survey behind a link, in the page's language; a refused link is an ApiError (404, 410). */
export function usePublicSurvey(token: string, language: string) {
  return useQuery({
    queryKey: ["public", "survey", token, language],
    queryFn: async () =>
      (await unwrap(api.GET("/api/public/surveys/{token}/", { params: { path: { token } } }))) as Schemas["PublicSurvey"],
    retry: false,
  });
}

/** Sends the client's answers; resolves with the server's thank-you text (may be empty). */
export function useSubmitSurvey(token: string) {
  return useMutation({
    mutationFn: async (body: BodyOf<"/api/public/surveys/{token}/">) => {
      const data = await unwrap(api.POST("/api/public/surveys/{token}/", { params: { path: { token } }, body }));
      return (data as Schemas["PublicSurveyMessage"] | undefined)?.detail ?? "";
    },
  });
}
