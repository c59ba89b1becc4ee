// Small look-up lists for the planning and quality forms' selects (service types, partners, planned services).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export function useServiceTypes() {
  return useQuery({
    queryKey: ["planning", "lookup", "service-types"],
    queryFn: () => unwrap(api.GET("/api/v1/service-types/", { params: { query: { page_size: 200, active: true, ordering: "name" } } })),
    staleTime: 10 * 60_000,
  });
}

export function usePartners() {
  return useQuery({
    queryKey: ["planning", "lookup", "partners"],
    queryFn: () => unwrap(api.GET("/api/v1/partners/", { params: { query: { page_size: 200 } } })),
    staleTime: 10 * 60_000,
  });
}
