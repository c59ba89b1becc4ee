import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export function useClient(id: string) {
  return useQuery({
    queryKey: ["clients", "detail", id],
    queryFn: () => unwrap(api.GET("/api/v1/clients/{id}/", { params: { path: { id } } })),
    enabled: !!id,
  });
}
