import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import "./account.css";
import { LanguageSwitch } from "./LanguageSwitch";
import { useRequestPasswordReset } from "./queries";
import { Form } from "../../components/Form";

/** "Forgot your password?": asks for the e-mail and says the same whether an account uses it. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const [sent, setSent] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<{ email: string }>();
  const request = useRequestPasswordReset();

  const onSubmit = handleSubmit(async (values) => {
    setMessages([]);
    setSent(null);
    try {
      const answer = await request.mutateAsync(values);
      setSent(answer.detail);
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, ["email"]));
    }
  });

  return (
    <div className="login">
      <main id="main" className="login-card">
        <h1>{t("password.forgotTitle")}</h1>
        <p className="muted">{t("password.forgotIntro")}</p>
        <ErrorAlert messages={messages} />
        <div role="status" aria-live="polite">
          {sent ? <p className="alert alert-ok">{sent}</p> : null}
        </div>
        <Form onSubmit={onSubmit} noValidate>
          <Field label={t("login.email")} error={formState.errors.email?.message} required>
            <input type="email" autoComplete="username" {...register("email", { required: t("form.required") })} />
          </Field>
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {t("password.send")}
          </button>
        </Form>
        <p className="login-forgot">
          <Link to="/login">{t("password.backToLogin")}</Link>
        </p>
        <div className="login-footer">
          <LanguageSwitch />
        </div>
      </main>
    </div>
  );
}
