import { useState } from "react";
import { useTranslation } from "react-i18next";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import "./account.css";
import { LanguageSwitch } from "./LanguageSwitch";
import { MfaEnrolment, RecoveryCodes } from "./MfaEnrolment";
import { useFinishTotp, useStartTotp, type TotpEnrolment } from "./queries";

/**
 * What a user whose role requires two-factor sign-in sees, whatever page they open, until they have set it up
 * (the API answers them nothing else): the set-up, then their recovery codes; then the UI opens.
 */
export function MfaHoldPage() {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [messages, setMessages] = useState<string[]>([]);
  const start = useStartTotp();
  const finish = useFinishTotp();

  return (
    <div className="login">
      <main id="main" className="login-card mfa-hold">
        <h1>{t("mfa.holdTitle")}</h1>
        <p>{t("mfa.holdIntro")}</p>
        <p className="muted">{me?.email}</p>
        <ErrorAlert messages={messages} />
        {codes ? (
          <RecoveryCodes codes={codes} onDone={() => void finish()} />
        ) : enrolment ? (
          <MfaEnrolment enrolment={enrolment} onConfirmed={setCodes} />
        ) : (
          <button
            type="button"
            className="primary"
            disabled={start.isPending}
            onClick={async () => {
              setMessages([]);
              try {
                setEnrolment(await start.mutateAsync({}));
              } catch (error) {
                setMessages(applyFieldErrors(error, () => {}, []));
              }
            }}
          >
            {t("mfa.setUp")}
          </button>
        )}
        <div className="login-footer">
          <LanguageSwitch />
          <button
            type="button"
            onClick={async () => {
              await logout();
              window.location.assign("/login");
            }}
          >
            {t("shell.logout")}
          </button>
        </div>
      </main>
    </div>
  );
}
