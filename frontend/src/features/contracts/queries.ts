// The contracts API (/api/v1/contracts/): the centre's contracts with providers and their budget use, and
// the contracts to choose from (provider staff see their own organisation's).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf } from "../../api/client";
import { ifMatch } from "../../api/versions";

export const CONTRACTS_KEY = ["contracts"] as const;
export const PAGE_SIZE = 20;

export function useContracts(page: number, status: string, search: string) {
  return useQuery({
    queryKey: [...CONTRACTS_KEY, "list", page, status, search],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/contracts/", {
          params: {
            query: {
              page,
              page_size: PAGE_SIZE,
              status: status ? [status as "active" | "draft" | "ended" | "terminated"] : undefined,
              search: search || undefined,
              ordering: "-start_date",
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Every contract the user may see, for a select (provider staff: their own, to open a statement). */
export function useContractChoices() {
  return useQuery({
    queryKey: [...CONTRACTS_KEY, "choices"],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/", { params: { query: { page_size: 200 } } })),
    staleTime: 10 * 60_000,
  });
}

export function useContract(id: string) {
  return useQuery({
    queryKey: [...CONTRACTS_KEY, "contract", id],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/{id}/", { params: { path: { id } } })),
    enabled: id !== "", // a new contract has none to read
  });
}

export function useUsage(id: string) {
  return useQuery({
    queryKey: [...CONTRACTS_KEY, "usage", id],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/{id}/usage/", { params: { path: { id } } })),
    staleTime: 60_000,
  });
}

// ---- writing contracts (managers and administrators) ----

export type ContractInput = BodyOf<"/api/v1/contracts/">;

/** The providers and funding sources of the centre, for a contract's selects. */
export function useContractChoicesToWrite() {
  const providers = useQuery({
    queryKey: ["providers", "choices"],
    queryFn: () => unwrap(api.GET("/api/v1/providers/", { params: { query: { page_size: 200 } } })),
    staleTime: 5 * 60_000,
  });
  const funding = useQuery({
    queryKey: ["funding-sources", "choices"],
    queryFn: () => unwrap(api.GET("/api/v1/funding-sources/", { params: { query: { page_size: 200 } } })),
    staleTime: 5 * 60_000,
  });
  return { providers, funding };
}

/** Creates a contract (no `id`) or changes one, from the revision the form was opened at (`If-Match`). */
export function useSaveContract() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, revision }: { id?: string; body: ContractInput; revision?: number }) =>
      id
        ? unwrap(api.PATCH("/api/v1/contracts/{id}/", { params: { path: { id } }, body, headers: ifMatch(revision) }))
        : unwrap(api.POST("/api/v1/contracts/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CONTRACTS_KEY }),
  });
}

export type ContractAction = "activate" | "end" | "terminate";

export function useContractAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason, revision }: { action: ContractAction; reason: string; revision: number }) =>
      unwrap(
        api.POST(`/api/v1/contracts/{id}/${action}/`, {
          params: { path: { id } },
          body: reason ? { reason } : {},
          headers: ifMatch(revision),
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CONTRACTS_KEY }),
  });
}

// ---- funding sources: who pays (managers and administrators write) ----

export const FUNDING_KEY = ["funding-sources"] as const;
export type FundingSourceInput = BodyOf<"/api/v1/funding-sources/">;

export function useFundingSources(page: number, search: string, active: string) {
  return useQuery({
    queryKey: [...FUNDING_KEY, "list", page, search, active],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/funding-sources/", {
          params: {
            query: {
              page,
              page_size: PAGE_SIZE,
              ordering: "name",
              search: search || undefined,
              is_active: active === "" ? undefined : active === "true",
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useSaveFundingSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: FundingSourceInput }) =>
      id
        ? unwrap(api.PATCH("/api/v1/funding-sources/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/funding-sources/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FUNDING_KEY }),
  });
}

/** A contract's spending month by month over its period, from the live records (/api/v1/overview/contracts/{id}/). */
export function useContractSpending(id: string) {
  return useQuery({
    queryKey: [...CONTRACTS_KEY, "spending", id],
    queryFn: () => unwrap(api.GET("/api/v1/overview/contracts/{id}/", { params: { path: { id } } })),
    staleTime: 60_000,
  });
}
