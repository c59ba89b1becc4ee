import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type QueryOf } from "../../api/client";

export const NOTIFICATIONS_KEY = ["notifications"] as const;

export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "unread-count"],
    queryFn: () => unwrap(api.GET("/api/v1/notifications/unread-count/")),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useNotifications(page: number, unreadOnly: boolean) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "list", page, unreadOnly],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/notifications/", {
          params: { query: { page, page_size: 25, ...(unreadOnly ? { unread: true } : {}) } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** The unread notifications of one kind (e.g. the under-delivery alerts), newest first. */
export function useUnreadOfKind(kind: QueryOf<"/api/v1/notifications/">["kind"], count: number) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "unread-of-kind", kind, count],
    queryFn: () => unwrap(api.GET("/api/v1/notifications/", { params: { query: { kind, unread: true, page_size: count } } })),
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/notifications/{id}/read/", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all/")),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
