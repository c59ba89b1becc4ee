import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { getCentre } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { safeNext } from "../../auth/guards";
import { currentMembership, type Me, type Role } from "../../auth/roles";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { homeFor } from "../../nav";
import "./account.css";
import { LanguageSwitch } from "./LanguageSwitch";
import { useLogin, useVerifyCode } from "./queries";
import { Form } from "../../components/Form";

interface Credentials {
  email: string;
  password: string;
}
const FIELDS = ["email", "password"] as const;

/** The login: e-mail and password, then — for a user with two-factor sign-in — a code. */
export function LoginPage() {
  const { t } = useTranslation();
  const { me, role, signedIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<"password" | "code">("password");

  if (me) return <Navigate to={safeNext(params.get("next")) ?? homeFor(role)} replace />;

  const finish = (user: Me) => {
    signedIn(user);
    const landing = homeFor((currentMembership(user, getCentre())?.role as Role | undefined) ?? null);
    navigate(safeNext(params.get("next")) ?? landing, { replace: true });
  };

  return (
    <div className="login">
      <main id="main" className="login-card">
        {step === "password" ? (
          <PasswordStep onSignedIn={finish} onCodeNeeded={() => setStep("code")} />
        ) : (
          <CodeStep onSignedIn={finish} onStartOver={() => setStep("password")} />
        )}
        <div className="login-footer">
          <LanguageSwitch />
          <a href="/catalogue/">{t("login.catalogue")}</a>
        </div>
      </main>
    </div>
  );
}

function PasswordStep({ onSignedIn, onCodeNeeded }: { onSignedIn: (user: Me) => void; onCodeNeeded: () => void }) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<Credentials>();
  const login = useLogin();

  const onSubmit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const result = await login.mutateAsync(values);
      if ("signedIn" in result) onSignedIn(result.signedIn);
      else onCodeNeeded();
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, FIELDS));
    }
  });

  return (
    <>
      <h1>{t("login.title")}</h1>
      <p className="muted">{t("login.intro")}</p>
      <ErrorAlert messages={messages} />
      <Form onSubmit={onSubmit} noValidate>
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
      </Form>
      <p className="login-forgot">
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </>
  );
}

function CodeStep({ onSignedIn, onStartOver }: { onSignedIn: (user: Me) => void; onStartOver: () => void }) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<{ code: string }>();
  const verify = useVerifyCode();
  const heading = useRef<HTMLHeadingElement>(null);

  // The page changed under the user: take them (and their screen reader) to the new question.
  useEffect(() => heading.current?.focus(), []);

  const onSubmit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      onSignedIn(await verify.mutateAsync({ code: values.code.trim() }));
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, ["code"]));
    }
  });

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t("login.mfaTitle")}
      </h1>
      <p className="muted">{t("login.mfaIntro")}</p>
      <ErrorAlert messages={messages} />
      <Form onSubmit={onSubmit} noValidate>
        <Field label={t("login.code")} error={formState.errors.code?.message} hint={t("login.codeHint")} required>
          <input
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            {...register("code", { required: t("form.required") })}
          />
        </Field>
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("login.verify")}
        </button>
      </Form>
      <p className="login-forgot">
        <button type="button" className="link" onClick={onStartOver}>
          {t("login.startOver")}
        </button>
      </p>
    </>
  );
}
