import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { LANGUAGES, changeLanguage, isLanguage, type LanguageCode } from "../../i18n";
import "./account.css";
import { PasswordChangeForm } from "./PasswordChangeForm";
import { useUpdateProfile } from "./queries";
import { TwoFactorSection } from "./TwoFactorSection";
import { Form } from "../../components/Form";

interface Form {
  first_name: string;
  last_name: string;
  phone: string;
  language: LanguageCode;
  notification_email: "off" | "immediate" | "daily_digest";
}
const FIELDS = ["first_name", "last_name", "phone", "language", "notification_email"] as const;
const EMAIL_CHOICES = ["off", "immediate", "daily_digest"] as const;

export default function ProfilePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, setError, formState } = useForm<Form>({
    values: {
      first_name: me?.first_name ?? "",
      last_name: me?.last_name ?? "",
      phone: me?.phone ?? "",
      language: isLanguage(me?.language) ? me.language : "en",
      notification_email: me?.notification_email ?? "daily_digest",
    },
  });
  const save = useUpdateProfile();

  return (
    <section>
      <h1>{t("profile.title")}</h1>
      <dl className="facts">
        <dt>{t("profile.email")}</dt>
        <dd>{me?.email}</dd>
        <dt>{t("profile.memberships")}</dt>
        <dd>
          <ul className="plain">
            {me?.memberships.map((m) => (
              <li key={m.id}>
                {m.centre_name} — {t(`roles.${m.role}`)}
                {m.provider_name ? ` (${m.provider_name})` : ""}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <ErrorAlert messages={messages} />
      {saved ? <p role="status" className="alert alert-ok">{t("common.saved")}</p> : null}
      <Form
        className="form"
        noValidate
        onSubmit={handleSubmit((values) => {
          setMessages([]);
          setSaved(false);
          save.mutate(values, {
            onSuccess: async (user) => {
              if (isLanguage(user.language)) await changeLanguage(user.language);
              setSaved(true);
            },
            onError: (error) => setMessages(applyFieldErrors(error, setError, FIELDS)),
          });
        })}
      >
        <Field label={t("profile.firstName")} error={formState.errors.first_name?.message}>
          <input autoComplete="given-name" {...register("first_name")} />
        </Field>
        <Field label={t("profile.lastName")} error={formState.errors.last_name?.message}>
          <input autoComplete="family-name" {...register("last_name")} />
        </Field>
        <Field label={t("profile.phone")} error={formState.errors.phone?.message}>
          <input type="tel" autoComplete="tel" {...register("phone")} />
        </Field>
        <Field label={t("profile.language")} error={formState.errors.language?.message}>
          <select {...register("language")}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("profile.notificationEmail")} error={formState.errors.notification_email?.message}>
          <select {...register("notification_email")}>
            {EMAIL_CHOICES.map((c) => (
              <option key={c} value={c}>
                {t(`enum.notificationEmail.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t("common.save")}
        </button>
      </Form>
      <PasswordChangeForm />
      <TwoFactorSection />
    </section>
  );
}
