import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useAuth } from "./AuthProvider";

/** The centre the user acts in (name, currency, timezone, language). */
export function useCentre() {
  const { centreId } = useAuth();
  return useQuery({
    queryKey: ["centres", centreId],
    queryFn: () => unwrap(api.GET("/api/v1/centres/{id}/", { params: { path: { id: centreId! } } })),
    enabled: !!centreId,
    staleTime: 30 * 60_000,
  });
}

export function useCurrency(): string {
  return useCentre().data?.currency ?? "EUR";
}
