import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { MfaEnrolment, RecoveryCodes } from "./MfaEnrolment";
import {
  useDisableMfa,
  useFinishTotp,
  useRegenerateRecoveryCodes,
  useStartTotp,
  type TotpEnrolment,
} from "./queries";
import { Form } from "../../components/Form";

type Action = "replace" | "codes" | "off";
type Mode =
  | { kind: "idle" }
  | { kind: "password"; action: Action }
  | { kind: "enrol"; enrolment: TotpEnrolment }
  | { kind: "codes"; codes: string[] };

/** The profile's two-factor sign-in: its state, setting it up, new recovery codes, a new app, turning it off. */
export function TwoFactorSection() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const mfa = me?.mfa;
  const [mode, setMode] = useState<Mode>({ kind: "idle" });
  const [status, setStatus] = useState("");
  const [messages, setMessages] = useState<string[]>([]);
  const start = useStartTotp();
  const finish = useFinishTotp();

  const begin = async (password?: string) => {
    setMessages([]);
    setStatus("");
    const enrolment = await start.mutateAsync(password ? { password } : {});
    setMode({ kind: "enrol", enrolment });
  };

  return (
    <section aria-labelledby="mfa-heading" className="account-section">
      <h2 id="mfa-heading">{t("mfa.title")}</h2>
      <p>
        {mfa?.enabled ? t("mfa.on") : t("mfa.off")} {mfa?.required ? t("mfa.required") : null}
      </p>
      {mfa?.enabled ? <p className="muted">{t("mfa.codesLeft", { count: mfa.recovery_codes_left })}</p> : null}
      <div role="status" aria-live="polite">
        {status ? <p className="alert alert-ok">{status}</p> : null}
      </div>
      <ErrorAlert messages={messages} />

      {mode.kind === "idle" ? (
        <div className="actions">
          {mfa?.enabled ? (
            <>
              <button type="button" onClick={() => setMode({ kind: "password", action: "replace" })}>
                {t("mfa.replace")}
              </button>
              <button type="button" onClick={() => setMode({ kind: "password", action: "codes" })}>
                {t("mfa.newCodes")}
              </button>
              {!mfa.required ? (
                <button type="button" onClick={() => setMode({ kind: "password", action: "off" })}>
                  {t("mfa.turnOff")}
                </button>
              ) : null}
            </>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={start.isPending}
              onClick={() => begin().catch((error) => setMessages(applyFieldErrors(error, () => {}, [])))}
            >
              {t("mfa.setUp")}
            </button>
          )}
        </div>
      ) : null}

      {mode.kind === "password" ? (
        <PasswordConfirm
          action={mode.action}
          onCancel={() => setMode({ kind: "idle" })}
          onReplace={(password) => begin(password)}
          onCodes={(codes) => setMode({ kind: "codes", codes })}
          onOff={() => {
            setMode({ kind: "idle" });
            setStatus(t("mfa.disabled"));
          }}
        />
      ) : null}

      {mode.kind === "enrol" ? (
        <MfaEnrolment
          enrolment={mode.enrolment}
          onConfirmed={(codes) => setMode({ kind: "codes", codes })}
          onCancel={() => setMode({ kind: "idle" })}
        />
      ) : null}

      {mode.kind === "codes" ? (
        <RecoveryCodes
          codes={mode.codes}
          onDone={async () => {
            await finish();
            setMode({ kind: "idle" });
            setStatus(t("mfa.enabled"));
          }}
        />
      ) : null}
    </section>
  );
}

/** Asks for the password before changing a working set-up, then makes the change. */
function PasswordConfirm({
  action,
  onCancel,
  onReplace,
  onCodes,
  onOff,
}: {
  action: Action;
  onCancel: () => void;
  onReplace: (password: string) => Promise<void>;
  onCodes: (codes: string[]) => void;
  onOff: () => void;
}) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<{ password: string }>();
  const regenerate = useRegenerateRecoveryCodes();
  const disable = useDisableMfa();
  const labels: Record<Action, string> = { replace: "mfa.replace", codes: "mfa.newCodes", off: "mfa.turnOff" };

  const onSubmit = handleSubmit(async ({ password }) => {
    setMessages([]);
    try {
      if (action === "replace") await onReplace(password);
      else if (action === "codes") onCodes((await regenerate.mutateAsync({ password })).recovery_codes);
      else {
        await disable.mutateAsync({ password });
        onOff();
      }
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, ["password"]));
    }
  });

  return (
    <Form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert messages={messages} />
      <Field label={t("mfa.password")} hint={t("mfa.passwordHint")} error={formState.errors.password?.message} required>
        <input
          type="password"
          autoComplete="current-password"
          autoFocus
          {...register("password", { required: t("form.required") })}
        />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t(labels[action])}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}
