import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router-dom";
import { Loading } from "../components/Loading";
import { MfaHoldPage } from "../features/account/MfaHoldPage";
import { useAuth } from "./AuthProvider";
import { allows, type Role } from "./roles";

/**
 * Signed-in users only; others go to the login page and come back afterwards. A user whose role requires
 * two-factor sign-in and who has not set it up sees its set-up instead of any page (the API answers them
 * nothing else), and then the page they asked for.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mfa?.enrolment_required) return <MfaHoldPage />;
  return <>{children}</>;
}

/** A screen limited to some roles says so instead of failing against the API. */
export function RequireRole({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { role, membership } = useAuth();
  const { t } = useTranslation();
  if (!membership) {
    return (
      <section>
        <h1>{t("errors.noMembershipTitle")}</h1>
        <p>{t("errors.noMembership")}</p>
      </section>
    );
  }
  if (!allows(role, roles)) {
    return (
      <section>
        <h1>{t("errors.forbiddenTitle")}</h1>
        <p>{t("errors.forbidden")}</p>
      </section>
    );
  }
  return <>{children}</>;
}

/** Only a same-site path is a safe place to return to after login. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/login")) return null;
  return next;
}
