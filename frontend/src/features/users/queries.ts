// The centre administrator's users screen: the centre's members (role, active, two-factor sign-in, lockout),
// invitations (send, list the open ones, revoke), and which roles must use two-factor sign-in. And the public
// invitation page: read an invitation by its link's token and accept it.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type Schemas } from "../../api/client";

export type CentreUser = Schemas["User"];
export type Invitation = Schemas["Invitation"];
export type InvitationLink = Schemas["InvitationLink"];
export type CentreSecurity = Schemas["CentreSecurity"];
export type InviteBody = BodyOf<"/api/v1/invitations/">;
export type MembershipChange = BodyOf<"/api/v1/memberships/{id}/", "patch">;

export const USERS_KEY = ["centre-users"] as const;
export const INVITATIONS_KEY = ["invitations"] as const;
export const SECURITY_KEY = ["centre-security"] as const;
export const PAGE_SIZE = 25;

/** A page of the centre's members, searched by name or e-mail. */
export function useCentreUsers(page: number, search: string) {
  return useQuery({
    queryKey: [...USERS_KEY, page, search],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/users/", {
          params: { query: { page, page_size: PAGE_SIZE, search: search || undefined, ordering: "last_name" } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The centre's open invitations, newest first. */
export function usePendingInvitations() {
  return useQuery({
    queryKey: [...INVITATIONS_KEY, "pending"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/invitations/", {
          params: { query: { status: "pending", ordering: "-created_at", page_size: 100 } },
        }),
      ),
    select: (page) => page.results,
  });
}

/** The centre's providers, which provider staff belong to. */
export function useProviderChoices(enabled: boolean) {
  return useQuery({
    queryKey: ["providers", "for-memberships"],
    queryFn: () => unwrap(api.GET("/api/v1/providers/", { params: { query: { ordering: "name", page_size: 200 } } })),
    select: (page) => page.results,
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** The centre's active partner organisations, which partner staff belong to. */
export function usePartnerChoices(enabled: boolean) {
  return useQuery({
    queryKey: ["partners", "for-memberships"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/partners/", { params: { query: { ordering: "name", is_active: true, page_size: 200 } } })),
    select: (page) => page.results,
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** Invites a person by e-mail: the answer is the same whether the address is known anywhere or not. */
export function useInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteBody) => unwrap(api.POST("/api/v1/invitations/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
}

/** Withdraws an open invitation: its link stops working. */
export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/invitations/{id}/revoke/", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
}

/** Changes a member's role (and provider) or active flag in this centre, with a reason for the history. */
export function useUpdateMembership() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MembershipChange }) =>
      unwrap(api.PATCH("/api/v1/memberships/{id}/", { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

/** Lifts a member's sign-in lockout. */
export function useUnlockUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/users/{id}/unlock/", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

/** Which roles of the centre must use two-factor sign-in. */
export function useCentreSecurity() {
  return useQuery({
    queryKey: [...SECURITY_KEY],
    queryFn: () => unwrap(api.GET("/api/v1/centre/security/")),
  });
}

export function useUpdateCentreSecurity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/centre/security/", "patch">) =>
      unwrap(api.PATCH("/api/v1/centre/security/", { body })),
    onSuccess: (data) => {
      queryClient.setQueryData(SECURITY_KEY, data);
      return queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
}

/** An invitation opened by its link (no login needed). */
export function useInvitationLink(token: string) {
  return useQuery({
    queryKey: ["invitation-link", token],
    queryFn: () => unwrap(api.GET("/api/v1/invitation-links/{id}/", { params: { path: { id: token } } })),
    retry: false,
  });
}

/** Accepts the invitation: signed in as the invited address, or as someone new with a name and password. */
export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: BodyOf<"/api/v1/invitation-links/{id}/accept/">) => {
      await api.GET("/api/v1/auth/csrf/");
      return unwrap(api.POST("/api/v1/invitation-links/{id}/accept/", { params: { path: { id: token } }, body }));
    },
    onSuccess: (data) => queryClient.setQueryData(["invitation-link", token], data),
  });
}
