// Processing purposes and consents as their legal basis: the centre's purposes with the legal basis of each
// (its administrator changes them), and what a client's consents cover. The coverage's query key starts with
// ["consents", clientId], so recording or withdrawing a consent (clients/queries.ts) refreshes it too.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf } from "../../api/client";

export const PURPOSES_KEY = ["processing-purposes"] as const;

/** Which purposes the client's data may be processed for, and on what ground (law, public task, consent, missing). */
export function useConsentCoverage(clientId: string) {
  return useQuery({
    queryKey: ["consents", clientId, "coverage"],
    queryFn: () => unwrap(api.GET("/api/v1/consent-coverage/{id}/", { params: { path: { id: clientId } } })),
    enabled: !!clientId,
  });
}

/** The centre's processing purposes, in their own order, with the legal basis of each and the country's default. */
export function useProcessingPurposes() {
  return useQuery({
    queryKey: [...PURPOSES_KEY],
    queryFn: () => unwrap(api.GET("/api/v1/processing-purposes/", { params: { query: { page_size: 50 } } })),
    select: (page) => page.results,
  });
}

export type PurposeChange = BodyOf<"/api/v1/processing-purposes/{id}/", "patch">;

/** Change a purpose's legal basis (the centre's administrator), with a reason for the history. */
export function useUpdatePurpose() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: PurposeChange }) =>
      unwrap(api.PATCH("/api/v1/processing-purposes/{id}/", { params: { path: { id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PURPOSES_KEY });
      await queryClient.invalidateQueries({ queryKey: ["consents"] });
    },
  });
}

/** Who changed a purpose's legal basis, when and why. */
export function usePurposeHistory(id: string, page: number, enabled: boolean) {
  return useQuery({
    queryKey: [...PURPOSES_KEY, "history", id, page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/processing-purposes/{id}/history/", { params: { path: { id }, query: { page, page_size: 10 } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The centre's active providers, which a consent to sharing may name. */
export function useConsentProviders(enabled = true) {
  return useQuery({
    queryKey: ["providers", "for-consents"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/providers/", { params: { query: { is_active: true, ordering: "name", page_size: 200 } } })),
    select: (page) => page.results,
    staleTime: 5 * 60_000,
    enabled,
  });
}
