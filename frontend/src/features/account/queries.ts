// The account screens' API: logging in (with the second step of two-factor sign-in), the user's own profile,
// password and two-factor sign-in, resetting a forgotten password, and the UI language saved to the profile.
// (Who is signed in, and logging out, are src/auth/'s.)
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type Schemas } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import { changeLanguage, type LanguageCode } from "../../i18n";

/** What the password step of a login answers: signed in, or a code is needed next. */
export type LoginResult = { signedIn: Me } | { mfaRequired: true };

/**
 * Logs in (after fetching the CSRF cookie the login needs). A user with two-factor sign-in is not signed in
 * yet: the answer says a code is needed (`useVerifyCode`).
 */
export function useLogin() {
  return useMutation({
    mutationFn: async (body: BodyOf<"/api/v1/auth/login/">): Promise<LoginResult> => {
      await api.GET("/api/v1/auth/csrf/");
      const data = await unwrap(api.POST("/api/v1/auth/login/", { body }));
      if (data && "mfa_required" in data) return { mfaRequired: true };
      return { signedIn: data as Me };
    },
  });
}

/** The second step of a login: a code from the authenticator app or a recovery code; resolves with the user. */
export function useVerifyCode() {
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/auth/mfa/verify/">) => unwrap(api.POST("/api/v1/auth/mfa/verify/", { body })),
  });
}

/** Saves the signed-in user's profile; the answer becomes the cached "me". */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/me/", "patch">) => unwrap(api.PATCH("/api/v1/me/", { body })),
    onSuccess: (user) => queryClient.setQueryData(ME_KEY, user),
  });
}

/** Changes the signed-in user's password (this session stays signed in, the others end). */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/me/password/">) => unwrap(api.POST("/api/v1/me/password/", { body })),
  });
}

/** Asks for a password-reset e-mail; the answer is the same whether the account exists. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: async (body: BodyOf<"/api/v1/auth/password-reset/">) => {
      await api.GET("/api/v1/auth/csrf/");
      return unwrap(api.POST("/api/v1/auth/password-reset/", { body }));
    },
  });
}

/** Sets a new password from the e-mailed link. */
export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: async (body: BodyOf<"/api/v1/auth/password-reset/confirm/">) => {
      await api.GET("/api/v1/auth/csrf/");
      return unwrap(api.POST("/api/v1/auth/password-reset/confirm/", { body }));
    },
  });
}

export type TotpEnrolment = Schemas["TotpEnrolment"];

/** Every change to two-factor sign-in refreshes "me", whose `mfa` says where the user stands. */
function useRefreshMe() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ME_KEY });
}

/** Starts setting up an authenticator app: its secret, as a QR code and a key to type. */
export function useStartTotp() {
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/me/mfa/totp/">) => unwrap(api.POST("/api/v1/me/mfa/totp/", { body })),
  });
}

/** Confirms the app with a code: two-factor sign-in is on; resolves with the recovery codes (shown once). */
export function useConfirmTotp() {
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/me/mfa/totp/confirm/">) =>
      unwrap(api.POST("/api/v1/me/mfa/totp/confirm/", { body })),
    // "me" is refreshed when the user has saved the codes (refreshing at once would leave a held user's set-up
    // screen before the codes are read).
  });
}

/** Refreshes "me" after the recovery codes were saved: a held user then reaches the rest of the UI. */
export function useFinishTotp() {
  return useRefreshMe();
}

/** New recovery codes (the old ones stop working). */
export function useRegenerateRecoveryCodes() {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/me/mfa/recovery-codes/">) =>
      unwrap(api.POST("/api/v1/me/mfa/recovery-codes/", { body })),
    onSuccess: () => refreshMe(),
  });
}

/** Turns two-factor sign-in off (where the role does not require it). */
export function useDisableMfa() {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/me/mfa/disable/">) => unwrap(api.POST("/api/v1/me/mfa/disable/", { body })),
    onSuccess: () => refreshMe(),
  });
}

/**
 * Switches the UI language at once. A signed-in user's choice is saved to their profile too (sent first, so
 * it survives a reload at once; a failure to save leaves the switch made), and the server's translated
 * texts (service-type names, messages) are fetched again.
 */
export function useSwitchLanguage() {
  const { me } = useAuth();
  const queryClient = useQueryClient();
  return async (lang: LanguageCode) => {
    const saved = me ? api.PATCH("/api/v1/me/", { body: { language: lang } }) : null;
    await changeLanguage(lang);
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    const result = await saved;
    if (result?.data) queryClient.setQueryData(ME_KEY, result.data);
  };
}
