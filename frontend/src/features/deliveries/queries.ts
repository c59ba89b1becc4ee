// The deliveries API, for both sides of a delivered service: provider staff see their assigned visits
// (/api/v1/planned-services/ in its provider view), log them (through the offline outbox, src/offline/),
// read their logs and open and submit monthly statements; the centre confirms or disputes logs and
// approves or returns statements; its managers set the rules logs are checked by (daily limits, the frequency
// tolerance). The server scopes every list to the signed-in user's role.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, unwrap, type QueryOf, type Schemas } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { compact } from "../../lib/useListParams";
import { deliveryQueue, onDeliverySynced } from "../../offline/deliveries";
import { onServiceWorkerControl } from "../../offline/serviceWorker";

export const DELIVERIES_KEY = ["deliveries"] as const;
export const STATEMENTS_KEY = ["statements"] as const;
/** The provider's screens' page size (the centre's lists use lib/paging's). */
export const PROVIDER_PAGE_SIZE = 20;

// ---- logs ----

/** Delivered-service logs, newest first: filters as the API takes them (status, month, client, provider…). */
export function useDeliveries(query: QueryOf<"/api/v1/deliveries/">) {
  return useQuery({
    queryKey: [...DELIVERIES_KEY, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/deliveries/", { params: { query: { ordering: "-date", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

type ReasonInput = { id: string; reason: string };

/** After a log is confirmed or disputed: every list of logs. */
function useRefreshDeliveries() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: DELIVERIES_KEY });
}

export function useConfirmDelivery() {
  const refresh = useRefreshDeliveries();
  return useMutation({
    mutationFn: ({ id, reason }: ReasonInput) =>
      unwrap(api.POST("/api/v1/deliveries/{id}/confirm/", { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

export function useDisputeDelivery() {
  const refresh = useRefreshDeliveries();
  return useMutation({
    mutationFn: ({ id, reason }: ReasonInput) =>
      unwrap(api.POST("/api/v1/deliveries/{id}/dispute/", { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

/** One log, e.g. the correcting entry of a corrected log (shown beside the original). */
export function useDelivery(id: string | null | undefined) {
  return useQuery({
    queryKey: [...DELIVERIES_KEY, "one", id],
    queryFn: () => unwrap(api.GET("/api/v1/deliveries/{id}/", { params: { path: { id: id as string } } })),
    enabled: !!id,
  });
}

/** Correct a log of an approved month: the correcting entry is answered (201) and cached under its id, so the
 * original's row shows it at once; every list of logs refreshes (the original is now corrected). */
export function useCorrectDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["CorrectionRequest"] }) =>
      unwrap(api.POST("/api/v1/deliveries/{id}/correct/", { params: { path: { id } }, body })),
    onSuccess: (correction) => {
      if (correction) queryClient.setQueryData([...DELIVERIES_KEY, "one", correction.id], correction);
      void queryClient.invalidateQueries({ queryKey: [...DELIVERIES_KEY, "list"] });
      void queryClient.invalidateQueries({ queryKey: STATEMENTS_KEY });
    },
  });
}

export type SelectionInput = Schemas["ConfirmSelectionInputRequest"];
export type SelectionResult = Schemas["ConfirmSelectionResult"];

/** Confirm at once the logs of a statement or of the list's filters (the flagged and disputed stay); with
 * dry_run only the counts. Lists of logs and statements refresh after a real confirmation. */
export function useConfirmSelection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SelectionInput) => unwrap(api.POST("/api/v1/deliveries/confirm-selection/", { body })),
    onSuccess: (_result, body) => {
      if (body.dry_run) return;
      void queryClient.invalidateQueries({ queryKey: DELIVERIES_KEY });
      void queryClient.invalidateQueries({ queryKey: STATEMENTS_KEY });
    },
  });
}

/** The signed-in provider worker's outbox; lists of logs refresh whenever a queued log reaches the server. */
export function useDeliveryQueue() {
  const { me, centreId } = useAuth();
  const queryClient = useQueryClient();
  const queue = deliveryQueue(`${me?.id ?? "anon"}.${centreId ?? "none"}`);
  useEffect(
    () => onDeliverySynced(() => void queryClient.invalidateQueries({ queryKey: DELIVERIES_KEY })),
    [queryClient],
  );
  return queue;
}

// ---- the provider's visits ----

const VISITS_KEY = ["provider", "visits"] as const;

/** A planned service as its provider's staff receive it (the API's provider view of planned-services/). */
export interface Visit {
  id: string;
  plan: string;
  client: {
    id: string;
    first_name: string;
    last_name: string;
    street: string;
    postcode: string;
    municipality: string;
    phone: string;
    language: string;
    access_notes: string;
  };
  service_type_name: string;
  unit: Schemas["UnitEnum"];
  units: string;
  per: Schemas["PerEnum"];
  start_date: string;
  end_date: string | null;
  contract_number: string | null;
  status: string;
  note: string;
}

/**
 * The visits of the provider's "My visits" page. The service worker keeps the last answer for use without
 * network (src/offline/swPolicy.ts), so the list is asked for also when the browser says it is offline, and
 * asked again when the worker first takes charge of the page (an answer fetched before it did is not kept).
 */
export function useVisits(page: number, search: string) {
  const queryClient = useQueryClient();
  useEffect(
    () => onServiceWorkerControl(() => void queryClient.invalidateQueries({ queryKey: VISITS_KEY })),
    [queryClient],
  );
  return useQuery({
    queryKey: [...VISITS_KEY, page, search],
    networkMode: "offlineFirst",
    queryFn: async () => {
      const data = await unwrap(
        api.GET("/api/v1/planned-services/", {
          // Only what takes logs now: never a service of a suspended, closed or cancelled plan.
          params: { query: { page, page_size: PROVIDER_PAGE_SIZE, loggable: "true", search: search || undefined } },
        }),
      );
      return data as unknown as { count: number; results: Visit[] };
    },
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

// ---- statements ----

/** Monthly statements, newest month first: the provider's own, or every provider's for the centre. */
export function useStatements(query: QueryOf<"/api/v1/statements/">) {
  return useQuery({
    queryKey: [...STATEMENTS_KEY, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/statements/", { params: { query: { ordering: "-month", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

function useRefreshStatements() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: STATEMENTS_KEY });
}

export function useOpenStatement() {
  const refresh = useRefreshStatements();
  return useMutation({
    mutationFn: (body: { contract: string; month: string }) => unwrap(api.POST("/api/v1/statements/", { body })),
    onSuccess: refresh,
  });
}

export function useSubmitStatement() {
  const refresh = useRefreshStatements();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/statements/{id}/submit/", { params: { path: { id } }, body: {} })),
    onSuccess: refresh,
  });
}

export function useApproveStatement() {
  const refresh = useRefreshStatements();
  return useMutation({
    mutationFn: ({ id, reason }: ReasonInput) =>
      unwrap(api.POST("/api/v1/statements/{id}/approve/", { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

export function useReturnStatement() {
  const refresh = useRefreshStatements();
  return useMutation({
    mutationFn: ({ id, reason }: ReasonInput) =>
      unwrap(api.POST("/api/v1/statements/{id}/return/", { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

// ---- the centre's rules on logs (managers and administrators) ----

export const LOG_RULES_KEY = ["log-rules"] as const;
export type LogRules = Schemas["LogRules"];
export type DailyLimit = Schemas["DailyLimit"];

/** The frequency tolerance and each service type's daily limit (default, effective, whether the centre set it). */
export function useLogRules() {
  return useQuery({
    queryKey: LOG_RULES_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/log-rules/")),
  });
}

/** Every change answers with the rules as they now are: they replace the cached ones. */
function useRulesAnswer() {
  const queryClient = useQueryClient();
  return (rules: LogRules | undefined) => {
    if (rules) queryClient.setQueryData(LOG_RULES_KEY, rules);
    else void queryClient.invalidateQueries({ queryKey: LOG_RULES_KEY });
  };
}

/** How far above a planned service's frequency (per cent) a log may go before it is flagged. */
export function useSaveFrequencyTolerance() {
  const answer = useRulesAnswer();
  return useMutation({
    mutationFn: (body: { frequency_tolerance: number; reason?: string }) => unwrap(api.PATCH("/api/v1/log-rules/", { body })),
    onSuccess: answer,
  });
}

/** Whether coordinators confirm logs, and after how many days of a submitted statement they are confirmed
 * automatically (0: never). */
export function useSaveConfirmationRules() {
  const answer = useRulesAnswer();
  return useMutation({
    mutationFn: (body: { logs_need_confirmation?: boolean; auto_confirm_after_days?: number; reason?: string }) =>
      unwrap(api.PATCH("/api/v1/log-rules/", { body })),
    onSuccess: answer,
  });
}

/** The centre's own daily limit of a service type; null: no limit beyond 24 hours a day. */
export function useSaveDailyLimit() {
  const answer = useRulesAnswer();
  return useMutation({
    mutationFn: ({ serviceType, dailyLimit, reason }: { serviceType: string; dailyLimit: string | null; reason?: string }) =>
      unwrap(
        api.PUT("/api/v1/log-rules/daily-limits/{service_type}/", {
          params: { path: { service_type: serviceType } },
          body: { daily_limit: dailyLimit, ...(reason ? { reason } : {}) },
        }),
      ),
    onSuccess: answer,
  });
}

/** Back to the service type's default daily limit. */
export function useResetDailyLimit() {
  const answer = useRulesAnswer();
  return useMutation({
    mutationFn: (serviceType: string) =>
      // The schema says 204, but the server answers 200 with the rules as they now are.
      unwrap(api.DELETE("/api/v1/log-rules/daily-limits/{service_type}/", { params: { path: { service_type: serviceType } } })) as Promise<
        LogRules | undefined
      >,
    onSuccess: answer,
  });
}
