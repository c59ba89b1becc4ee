// The catalogue's providers as the centre's managers and administrators keep them (/api/v1/providers/, offerings/,
// locations/, provider-contacts/) and the funding sources that pay for contracts (/api/v1/funding-sources/).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type QueryOf } from "../../api/client";

export const PROVIDERS_KEY = ["providers"] as const;
export const FUNDING_KEY = ["funding-sources"] as const;
export const PAGE_SIZE = 20;

export type ProviderQuery = QueryOf<"/api/v1/providers/">;
export type ProviderInput = BodyOf<"/api/v1/providers/">;
export type OfferingInput = BodyOf<"/api/v1/offerings/">;
export type LocationInput = BodyOf<"/api/v1/locations/">;
export type ProviderContactInput = BodyOf<"/api/v1/provider-contacts/">;
export type FundingSourceInput = BodyOf<"/api/v1/funding-sources/">;

export function useProviders(query: ProviderQuery) {
  return useQuery({
    queryKey: [...PROVIDERS_KEY, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/providers/", { params: { query: { page_size: PAGE_SIZE, ordering: "name", ...query } } })),
    placeholderData: keepPreviousData,
  });
}

export function useProvider(id: string) {
  return useQuery({
    queryKey: [...PROVIDERS_KEY, "provider", id],
    queryFn: () => unwrap(api.GET("/api/v1/providers/{id}/", { params: { path: { id } } })),
    enabled: id !== "",
  });
}

/** A provider's offerings, locations and contacts (the inactive too: the manager sees what was withdrawn). */
export function useProviderParts(provider: string) {
  const query = { provider, page_size: 200 };
  const offerings = useQuery({
    queryKey: [...PROVIDERS_KEY, "offerings", provider],
    queryFn: () => unwrap(api.GET("/api/v1/offerings/", { params: { query: { ...query, ordering: "service_type__sort_order" } } })),
  });
  const locations = useQuery({
    queryKey: [...PROVIDERS_KEY, "locations", provider],
    queryFn: () => unwrap(api.GET("/api/v1/locations/", { params: { query: { ...query, ordering: "name" } } })),
  });
  const contacts = useQuery({
    queryKey: [...PROVIDERS_KEY, "contacts", provider],
    queryFn: () => unwrap(api.GET("/api/v1/provider-contacts/", { params: { query: { ...query, ordering: "name" } } })),
  });
  return { offerings, locations, contacts };
}

function useInvalidate(key: readonly string[]) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: key });
}

export function useSaveProvider() {
  const invalidate = useInvalidate(PROVIDERS_KEY);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ProviderInput }) =>
      id
        ? unwrap(api.PATCH("/api/v1/providers/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/providers/", { body })),
    onSuccess: invalidate,
  });
}

export function useSaveOffering() {
  const invalidate = useInvalidate(PROVIDERS_KEY);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<OfferingInput> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/offerings/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/offerings/", { body: body as OfferingInput })),
    onSuccess: invalidate,
  });
}

export function useSaveLocation() {
  const invalidate = useInvalidate(PROVIDERS_KEY);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<LocationInput> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/locations/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/locations/", { body: body as LocationInput })),
    onSuccess: invalidate,
  });
}

export function useSaveProviderContact() {
  const invalidate = useInvalidate(PROVIDERS_KEY);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<ProviderContactInput> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/provider-contacts/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/provider-contacts/", { body: body as ProviderContactInput })),
    onSuccess: invalidate,
  });
}

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
  const invalidate = useInvalidate(FUNDING_KEY);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: FundingSourceInput }) =>
      id
        ? unwrap(api.PATCH("/api/v1/funding-sources/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/funding-sources/", { body })),
    onSuccess: invalidate,
  });
}
