// The signed-in user's API: who is signed in (/api/v1/me/), logging out, and the centre they act in.
// (Logging in and changing one's profile are the account screens' own, in features/account/queries.ts.)
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
import type { Me } from "./roles";

export const ME_KEY = ["me"] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET("/api/v1/me/"));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** The signed-in user, or null when nobody is. */
export function useMe() {
  // Asked also when the browser says it is offline: the service worker may answer from what it kept (src/sw.ts).
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false, networkMode: "offlineFirst" });
}

/** Ends the session on the server (the caller drops the cached answers). */
export async function logOut(): Promise<void> {
  await api.POST("/api/v1/auth/logout/");
}

export function useCentreDetail(centreId: string | null) {
  return useQuery({
    queryKey: ["centres", centreId],
    queryFn: () => unwrap(api.GET("/api/v1/centres/{id}/", { params: { path: { id: centreId! } } })),
    enabled: !!centreId,
    staleTime: 30 * 60_000,
  });
}
