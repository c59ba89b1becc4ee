import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { LANGUAGES, isLanguage, type LanguageCode } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import "../account/account.css";
import { LanguageSwitch } from "../account/LanguageSwitch";
import { NewPasswordFields } from "../account/NewPasswordFields";
import { useAcceptInvitation, useInvitationLink, type InvitationLink } from "./queries";
import "./users.css";
import { Form } from "../../components/Form";

interface NewAccount {
  first_name: string;
  last_name: string;
  new_password: string;
  repeat: string;
  language: LanguageCode;
}

/** Someone new: their name and a password (the server's rules), then the account is made and the invitation accepted. */
function NewAccountForm({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const { t, i18n } = useTranslation();
  const accept = useAcceptInvitation(token);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, getValues, formState } = useForm<NewAccount>({
    defaultValues: { language: isLanguage(i18n.language) ? i18n.language : "en" },
  });
  return (
    <Form
      aria-label={t("invitation.newAccountTitle")}
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await accept.mutateAsync({
            first_name: values.first_name.trim(),
            last_name: values.last_name.trim(),
            password: values.new_password,
            language: values.language,
          });
          onAccepted();
        } catch (error) {
          // The server names the password "password"; this form's field is "new_password".
          const rest = applyFieldErrors(error, (name, err) => setError((name === "password" ? "new_password" : name) as never, err), [
            "first_name",
            "last_name",
            "password",
            "language",
          ]);
          setMessages(rest);
        }
      })}
    >
      <h2>{t("invitation.newAccountTitle")}</h2>
      <ErrorAlert messages={messages} />
      <Field label={t("invitation.firstName")} error={formState.errors.first_name?.message} required>
        <input autoComplete="given-name" {...register("first_name", { required: t("form.required") })} />
      </Field>
      <Field label={t("invitation.lastName")} error={formState.errors.last_name?.message} required>
        <input autoComplete="family-name" {...register("last_name", { required: t("form.required") })} />
      </Field>
      <NewPasswordFields register={register} getValues={getValues} errors={formState.errors} />
      <Field label={t("invitation.language")} error={formState.errors.language?.message}>
        <select {...register("language")}>
          {LANGUAGES.map((lang) => (
            <option key={lang.code} value={lang.code}>
              {lang.label}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="primary" disabled={formState.isSubmitting}>
        {t("invitation.createAndAccept")}
      </button>
    </Form>
  );
}

/** Signed in as the invited address: one button. */
function AcceptAsMe({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const { t } = useTranslation();
  const accept = useAcceptInvitation(token);
  return (
    <>
      <ErrorAlert error={accept.error} />
      <button
        type="button"
        className="primary"
        disabled={accept.isPending}
        onClick={async () => {
          try {
            await accept.mutateAsync({});
            onAccepted();
          } catch {
            /* shown above */
          }
        }}
      >
        {t("invitation.accept")}
      </button>
    </>
  );
}

function Closed({ status }: { status: InvitationLink["status"] }) {
  const { t } = useTranslation();
  return <p className="alert alert-error" role="alert">{t(`invitation.closed.${status}`)}</p>;
}

function Body({ token, invitation }: { token: string; invitation: InvitationLink }) {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const queryClient = useQueryClient();
  const [accepted, setAccepted] = useState<"signedIn" | "new" | null>(null);
  const next = encodeURIComponent(`/invitations/${token}`);

  if (accepted) {
    return (
      <div role="status" aria-live="polite">
        <p className="alert alert-ok">{t("invitation.accepted", { centre: invitation.centre_name })}</p>
        <p>
          {accepted === "signedIn" ? (
            <Link to="/" className="button primary">
              {t("invitation.openCus")}
            </Link>
          ) : (
            <Link to="/login" className="button primary">
              {t("login.submit")}
            </Link>
          )}
        </p>
      </div>
    );
  }
  if (invitation.status !== "pending") return <Closed status={invitation.status} />;

  const sameAddress = me && me.email.toLowerCase() === invitation.email.toLowerCase();
  return (
    <>
      {me && sameAddress ? (
        <AcceptAsMe
          token={token}
          onAccepted={() => {
            setAccepted("signedIn");
            void queryClient.invalidateQueries({ queryKey: ME_KEY });
          }}
        />
      ) : me ? (
        <>
          <p className="alert alert-error">{t("invitation.otherAccount", { me: me.email, email: invitation.email })}</p>
          <button type="button" onClick={() => void logout()}>
            {t("invitation.signOut")}
          </button>
        </>
      ) : invitation.account_exists ? (
        <>
          <p>{t("invitation.signInToAccept", { email: invitation.email })}</p>
          <Link to={`/login?next=${next}`} className="button primary">
            {t("login.submit")}
          </Link>
        </>
      ) : (
        <NewAccountForm token={token} onAccepted={() => setAccepted("new")} />
      )}
    </>
  );
}

/** The page the invitation e-mail links to (/invitations/:token): who invites whom to what, and accepting it. */
export default function InvitationPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const link = useInvitationLink(token);
  const invitation = link.data;
  return (
    <div className="login">
      <main id="main" className="login-card invitation-card">
        <h1>{t("invitation.title")}</h1>
        {link.isLoading ? <Loading /> : null}
        <ErrorAlert error={link.error} />
        {invitation ? (
          <>
            <dl className="facts">
              <dt>{t("invitation.centre")}</dt>
              <dd>{invitation.centre_name}</dd>
              <dt>{t("invitation.role")}</dt>
              <dd>
                {t(`roles.${invitation.role}`)}
                {invitation.provider_name ? ` (${invitation.provider_name})` : ""}
              </dd>
              <dt>{t("invitation.email")}</dt>
              <dd className="member-email">{invitation.email}</dd>
              {invitation.status === "pending" ? (
                <>
                  <dt>{t("invitation.expires")}</dt>
                  <dd>{formatDateTime(invitation.expires_at)}</dd>
                </>
              ) : null}
            </dl>
            <Body token={token} invitation={invitation} />
          </>
        ) : null}
        <div className="login-footer">
          <LanguageSwitch />
        </div>
      </main>
    </div>
  );
}
