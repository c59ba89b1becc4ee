import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { safeNext } from "../../auth/guards";
import { currentMembership, type Role } from "../../auth/roles";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { homeFor } from "../../nav";
import { getCentre } from "../../api/client";
import { LanguageSwitch } from "./LanguageSwitch";
import { useLogin } from "./queries";

interface Form {
  email: string;
  password: string;
}
const FIELDS = ["email", "password"] as const;

export function LoginPage() {
  const { t } = useTranslation();
  const { me, role, signedIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<Form>();
  const login = useLogin();

  if (me) return <Navigate to={safeNext(params.get("next")) ?? homeFor(role)} replace />;

  const onSubmit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const user = await login.mutateAsync(values);
      signedIn(user);
      const landing = homeFor((currentMembership(user, getCentre())?.role as Role | undefined) ?? null);
      navigate(safeNext(params.get("next")) ?? landing, { replace: true });
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, FIELDS));
    }
  });

  return (
    <div className="login">
      <main id="main" className="login-card">
        <h1>{t("login.title")}</h1>
        <p className="muted">{t("login.intro")}</p>
        <ErrorAlert messages={messages} />
        <form onSubmit={onSubmit} noValidate>
          <Field label={t("login.email")} error={formState.errors.email?.message} required>
            <input type="email" autoComplete="username" {...register("email", { required: t("form.required") })} />
          </Field>
          <Field label={t("login.password")} error={formState.errors.password?.message} required>
            <input
              type="password"
              autoComplete="current-password"
              {...register("password", { required: t("form.required") })}
            />
          </Field>
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {t("login.submit")}
          </button>
        </form>
        <div className="login-footer">
          <LanguageSwitch />
          <a href="/catalogue/">{t("login.catalogue")}</a>
        </div>
      </main>
    </div>
  );
}
