import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { deliveryQueue, onDeliverySynced } from "../../offline/deliveries";

export const PROVIDER_KEY = ["provider"] as const;
export const PAGE_SIZE = 20;

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

export function useVisits(page: number, search: string) {
  return useQuery({
    queryKey: [...PROVIDER_KEY, "visits", page, search],
    queryFn: async () => {
      const data = await unwrap(
        api.GET("/api/v1/planned-services/", {
          params: { query: { page, page_size: PAGE_SIZE, status: "assigned", search: search || undefined } },
        }),
      );
      return data as unknown as { count: number; results: Visit[] };
    },
    placeholderData: (previous) => previous,
    staleTime: 5 * 60_000,
  });
}

export function useDeliveries(page: number, month: string) {
  return useQuery({
    queryKey: [...PROVIDER_KEY, "deliveries", page, month],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/deliveries/", {
          params: { query: { page, page_size: PAGE_SIZE, month: month || undefined, ordering: "-date" } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** The signed-in provider worker's outbox; lists refresh whenever a queued log reaches the server. */
export function useDeliveryQueue() {
  const { me, centreId } = useAuth();
  const queryClient = useQueryClient();
  const queue = deliveryQueue(`${me?.id ?? "anon"}.${centreId ?? "none"}`);
  useEffect(
    () => onDeliverySynced(() => void queryClient.invalidateQueries({ queryKey: [...PROVIDER_KEY, "deliveries"] })),
    [queryClient],
  );
  return queue;
}

export function useStatements(page: number) {
  return useQuery({
    queryKey: [...PROVIDER_KEY, "statements", page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/statements/", { params: { query: { page, page_size: PAGE_SIZE, ordering: "-month" } } })),
    placeholderData: (previous) => previous,
  });
}

export function useMyContracts() {
  return useQuery({
    queryKey: [...PROVIDER_KEY, "contracts"],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/", { params: { query: { page_size: 200 } } })),
    staleTime: 10 * 60_000,
  });
}

export function useOpenStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { contract: string; month: string }) => unwrap(api.POST("/api/v1/statements/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PROVIDER_KEY, "statements"] }),
  });
}

export function useSubmitStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/statements/{id}/submit/", { params: { path: { id } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PROVIDER_KEY, "statements"] }),
  });
}
