import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import "./account.css";
import { LanguageSwitch } from "./LanguageSwitch";
import { NewPasswordFields } from "./NewPasswordFields";
import { useConfirmPasswordReset } from "./queries";
import { Form } from "../../components/Form";

interface Form {
  new_password: string;
  repeat: string;
}

/** The page the reset e-mail links to (/reset-password/:uid/:token): choose a new password, once. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { uid = "", token = "" } = useParams();
  const [messages, setMessages] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, setError, getValues, formState } = useForm<Form>();
  const confirm = useConfirmPasswordReset();

  const onSubmit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const answer = await confirm.mutateAsync({ uid, token, new_password: values.new_password });
      setDone(answer.detail);
    } catch (error) {
      // A used or expired link is an error on "token", which is no field of this form: it is shown above it.
      setMessages(applyFieldErrors(error, setError, ["new_password"]));
    }
  });

  return (
    <div className="login">
      <main id="main" className="login-card">
        <h1>{t("password.resetTitle")}</h1>
        <div role="status" aria-live="polite">
          {done ? <p className="alert alert-ok">{done}</p> : null}
        </div>
        {done ? (
          <p>
            <Link to="/login" className="button primary">
              {t("login.submit")}
            </Link>
          </p>
        ) : (
          <>
            <ErrorAlert messages={messages} />
            <Form onSubmit={onSubmit} noValidate>
              <NewPasswordFields register={register} getValues={getValues} errors={formState.errors} />
              <button type="submit" className="primary" disabled={formState.isSubmitting}>
                {t("password.setNew")}
              </button>
            </Form>
            <p className="login-forgot">
              <Link to="/forgot-password">{t("password.askAgain")}</Link>
            </p>
          </>
        )}
        <div className="login-footer">
          <LanguageSwitch />
        </div>
      </main>
    </div>
  );
}
