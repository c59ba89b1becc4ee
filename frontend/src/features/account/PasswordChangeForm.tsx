import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { NewPasswordFields } from "./NewPasswordFields";
import { useChangePassword } from "./queries";
import { Form } from "../../components/Form";

interface Form {
  current_password: string;
  new_password: string;
  repeat: string;
}
const FIELDS = ["current_password", "new_password"] as const;

/** The profile's "Change your password": the current one, then the new one twice. */
export function PasswordChangeForm() {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const { register, handleSubmit, setError, getValues, reset, formState } = useForm<Form>();
  const change = useChangePassword();

  const onSubmit = handleSubmit(async (values) => {
    setMessages([]);
    setDone(false);
    try {
      await change.mutateAsync({ current_password: values.current_password, new_password: values.new_password });
      reset();
      setDone(true);
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, FIELDS));
    }
  });

  return (
    <section aria-labelledby="password-heading" className="account-section">
      <h2 id="password-heading">{t("password.changeTitle")}</h2>
      <ErrorAlert messages={messages} />
      <div role="status" aria-live="polite">
        {done ? <p className="alert alert-ok">{t("password.changed")}</p> : null}
      </div>
      <Form className="form" onSubmit={onSubmit} noValidate>
        <Field label={t("password.current")} error={formState.errors.current_password?.message} required>
          <input
            type="password"
            autoComplete="current-password"
            {...register("current_password", { required: t("form.required") })}
          />
        </Field>
        <NewPasswordFields register={register} getValues={getValues} errors={formState.errors} />
        <div>
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {t("password.change")}
          </button>
        </div>
      </Form>
    </section>
  );
}
