import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { useConfirmTotp, type TotpEnrolment } from "./queries";
import { Form } from "../../components/Form";

/** Adding an authenticator app: the QR code and the key to type, then a code from the app to confirm. */
export function MfaEnrolment({
  enrolment,
  onConfirmed,
  onCancel,
}: {
  enrolment: TotpEnrolment;
  onConfirmed: (recoveryCodes: string[]) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<{ code: string }>();
  const confirm = useConfirmTotp();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const onSubmit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const answer = await confirm.mutateAsync({ code: values.code.trim() });
      onConfirmed(answer.recovery_codes);
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, ["code"]));
    }
  });

  return (
    <div className="mfa-enrolment">
      <h3 ref={heading} tabIndex={-1}>
        {t("mfa.scanTitle")}
      </h3>
      <p>{t("mfa.scanIntro")}</p>
      <img
        className="mfa-qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_svg)}`}
        alt={t("mfa.qrAlt")}
        width={200}
        height={200}
      />
      <p>
        {t("mfa.key")}: <code className="mfa-key">{groups(enrolment.secret)}</code>
      </p>
      <h3>{t("mfa.confirmTitle")}</h3>
      <ErrorAlert messages={messages} />
      <Form className="form" onSubmit={onSubmit} noValidate>
        <Field label={t("login.code")} error={formState.errors.code?.message} required>
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            {...register("code", { required: t("form.required") })}
          />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {t("mfa.confirm")}
          </button>
          {onCancel ? (
            <button type="button" onClick={onCancel}>
              {t("common.cancel")}
            </button>
          ) : null}
        </div>
      </Form>
    </div>
  );
}

/** The key in groups of four, as authenticator apps show it (easier to type). */
function groups(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/** The recovery codes, shown once, to save before going on. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="mfa-codes">
      <h3 ref={heading} tabIndex={-1}>
        {t("mfa.codesTitle")}
      </h3>
      <p>{t("mfa.codesIntro")}</p>
      <ul className="plain mfa-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div role="status" aria-live="polite" className="visually-hidden">
        {copied ? t("mfa.copied") : ""}
      </div>
      <div className="actions">
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(codes.join("\n"));
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          {t("mfa.copy")}
        </button>
        <button type="button" className="primary" onClick={onDone}>
          {t("mfa.done")}
        </button>
      </div>
    </div>
  );
}
