// The service catalogue: the centre's service types for the staff's forms, and the public catalogue of
// local services (/api/public/services/, no login), which the typed schema does not describe.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

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
