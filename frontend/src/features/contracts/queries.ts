// The contracts API (/api/v1/contracts/): the centre's contracts with providers and their budget use, and
// the contracts to choose from (provider staff see their own organisation's).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

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
  });
}

export function useUsage(id: string) {
  return useQuery({
    queryKey: [...CONTRACTS_KEY, "usage", id],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/{id}/usage/", { params: { path: { id } } })),
    staleTime: 60_000,
  });
}
