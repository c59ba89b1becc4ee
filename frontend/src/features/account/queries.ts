// The account screens' API: logging in, the user's own profile, and the UI language saved to it.
// (Who is signed in, and logging out, are src/auth/'s.)
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import { changeLanguage, type LanguageCode } from "../../i18n";

/** Logs in (after fetching the CSRF cookie the login needs); resolves with the signed-in user. */
export function useLogin() {
  return useMutation({
    mutationFn: async (body: BodyOf<"/api/v1/auth/login/">) => {
      await api.GET("/api/v1/auth/csrf/");
      return unwrap(api.POST("/api/v1/auth/login/", { body }));
    },
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
