// The service catalogue: the centre's service types for the staff's forms, the public catalogue of
// local services (/api/public/services/, no login), which the typed schema does not describe, and the centre's
// providers as managers and administrators keep them (/api/v1/providers/, offerings/, locations/,
// provider-contacts/).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type QueryOf } from "../../api/client";
import { ifMatch } from "../../api/versions";

/**
 * The active service types the centre may use (shipped and its own), for selects: in the catalogue's
 * order, or by name.
 */
export function useServiceTypes(order: "catalogue" | "name" = "catalogue") {
  return useQuery({
    queryKey: ["service-types", "active", order],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/service-types/", {
          params: { query: { active: true, page_size: 200, ...(order === "name" ? { ordering: "name" } : {}) } },
        }),
      ),
    select: (page) => page.results,
    staleTime: 10 * 60_000,
  });
}

/** A service as the public catalogue lists it. */
export interface PublicService {
  id: string;
  name: string;
  service_type: { code: string; name: string; category_name?: string };
  provider: { id: string; name: string };
  description: string;
  schedule: string;
  cost: string | null;
  cost_note: string;
  currency: string;
  target_groups: { code: string; name: string }[];
  languages: string[];
  areas: string[];
  wheelchair_accessible: boolean;
  locations: { id: string; name: string; street: string; postcode: string; municipality: string }[];
  contacts: { id: string; name: string; email: string; phone: string }[];
}

type Result = { data?: unknown; error?: unknown; response: Response };
const untyped = api as unknown as { GET(path: string, init?: object): Promise<Result> };
export const PUBLIC_PAGE_SIZE = 20;

export function usePublicServices(page: number, q: string) {
  return useQuery({
    queryKey: ["public", "services", page, q],
    queryFn: async () => {
      const data = await unwrap(
        untyped.GET("/api/public/services/", { params: { query: { page, page_size: PUBLIC_PAGE_SIZE, q: q || undefined } } }),
      );
      return data as { count: number; results: PublicService[] };
    },
    placeholderData: keepPreviousData,
  });
}

// ---- the centre's providers (managers and administrators write) ----

export const PROVIDERS_KEY = ["providers"] as const;
export const PROVIDERS_PAGE_SIZE = 20;

export type ProviderQuery = QueryOf<"/api/v1/providers/">;
export type ProviderInput = BodyOf<"/api/v1/providers/">;
export type OfferingInput = BodyOf<"/api/v1/offerings/">;
export type LocationInput = BodyOf<"/api/v1/locations/">;
export type ProviderContactInput = BodyOf<"/api/v1/provider-contacts/">;

export function useProviders(query: ProviderQuery) {
  return useQuery({
    queryKey: [...PROVIDERS_KEY, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/providers/", { params: { query: { page_size: PROVIDERS_PAGE_SIZE, ordering: "name", ...query } } })),
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
    // A change is made from the revision the form was opened at (`If-Match`): an older one is refused (412).
    mutationFn: ({ id, body, revision }: { id?: string; body: ProviderInput; revision?: number }) =>
      id
        ? unwrap(api.PATCH("/api/v1/providers/{id}/", { params: { path: { id } }, body, headers: ifMatch(revision) }))
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
