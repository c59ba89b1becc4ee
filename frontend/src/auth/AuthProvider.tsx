import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { getCentre, onAuthEvent, setCentre as storeCentre } from "../api/client";
import { changeLanguage, isLanguage } from "../i18n";
import i18n from "../i18n";
import { clearOfflineData, onServiceWorkerControl } from "../offline/serviceWorker";
import { logOut, ME_KEY, useMe } from "./queries";
import { currentMembership, type Me, type Membership, type Role } from "./roles";

interface Auth {
  me: Me | null;
  loading: boolean;
  membership: Membership | null;
  role: Role | null;
  centreId: string | null;
  chooseCentre: (centreId: string) => void;
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [centreId, setCentreId] = useState<string | null>(getCentre());
  const query = useMe();
  const me = query.data ?? null;
  const membership = currentMembership(me, centreId);

  // Keep the stored centre (the X-Centre header) in step with the membership actually used.
  useEffect(() => {
    if (membership && membership.centre !== centreId) {
      storeCentre(membership.centre);
      setCentreId(membership.centre);
    }
  }, [membership, centreId]);

  // An answer saying the session or token has ended shows the login; one saying the user must first set up
  // two-factor sign-in fetches "me" again, whose `mfa` then shows the set-up.
  useEffect(() => {
    onAuthEvent((event) => {
      if (event === "mfaEnrolmentRequired") {
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
      } else if (queryClient.getQueryData(ME_KEY)) {
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
        queryClient.setQueryData(ME_KEY, null);
      }
    });
    return () => onAuthEvent(null);
  }, [queryClient]);

  // Who is signed in is kept for offline use by the service worker (src/offline/swPolicy.ts), from the moment it
  // takes charge of the page: ask again then, so that the app opened without network knows the user.
  useEffect(() => onServiceWorkerControl(() => void queryClient.invalidateQueries({ queryKey: ME_KEY })), [queryClient]);

  // Nobody signed in (the session ended, or never began): what was kept for offline use goes.
  useEffect(() => {
    if (query.data === null) void clearOfflineData();
  }, [query.data]);

  // The user's saved language wins over the browser's once they are signed in.
  useEffect(() => {
    if (me && isLanguage(me.language) && me.language !== i18n.language) void changeLanguage(me.language);
  }, [me]);

  const chooseCentre = useCallback(
    (id: string) => {
      storeCentre(id);
      setCentreId(id);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    },
    [queryClient],
  );

  const signedIn = useCallback(
    (user: Me) => {
      // Drop every cached answer of the last session, but keep the "me" query its observers watch.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      const chosen = currentMembership(user, getCentre());
      storeCentre(chosen?.centre ?? null);
      setCentreId(chosen?.centre ?? null);
      queryClient.setQueryData(ME_KEY, user);
      // Asked for once more, through the service worker, which keeps it so the app opens offline as this user.
      // (What an earlier user left was deleted when nobody was signed in, on the login page: see above. Deleting
      // it here would race with this user's first lists, which the worker is keeping meanwhile.)
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    await clearOfflineData(); // first: also when the phone is offline and the server cannot be told
    await logOut();
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    queryClient.setQueryData(ME_KEY, null);
  }, [queryClient]);

  const value = useMemo<Auth>(
    () => ({
      me,
      loading: query.isLoading,
      membership,
      role: (membership?.role as Role | undefined) ?? null,
      centreId: membership?.centre ?? null,
      chooseCentre,
      signedIn,
      logout,
    }),
    [me, query.isLoading, membership, chooseCentre, signedIn, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
