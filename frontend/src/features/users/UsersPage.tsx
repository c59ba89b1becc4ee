import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ApiError, applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import type { Role } from "../../auth/roles";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { ReasonAction } from "../../components/ReasonAction";
import { SearchToolbar } from "../../components/SearchToolbar";
import { LANGUAGES } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import {
  PAGE_SIZE,
  useCentreSecurity,
  useCentreUsers,
  useInvite,
  usePendingInvitations,
  usePartnerChoices,
  useProviderChoices,
  useRevokeInvitation,
  useUnlockUser,
  useUpdateCentreSecurity,
  useUpdateMembership,
  type CentreUser,
  type Invitation,
  type InviteBody,
} from "./queries";
import { PlanRulesSection } from "../plans/PlanRulesSection";
import "./users.css";
import { Form } from "../../components/Form";

const ROLES: readonly Role[] = ["admin", "manager", "coordinator", "provider", "volunteer", "auditor", "partner"];

type Say = (text: string) => void;

function displayName(user: { first_name: string; last_name: string; email: string }): string {
  return `${user.first_name} ${user.last_name}`.trim() || user.email;
}

type RoleErrors = { role?: string; provider?: string; partner?: string };

/** The field errors of a role change, by the role fields' names. */
function roleErrors(error: ApiError): RoleErrors {
  const own = error.fieldErrors;
  return { role: own.role?.join(" "), provider: own.provider?.join(" "), partner: own.partner?.join(" ") };
}

const isRoleLine = (line: string) => ["role:", "provider:", "partner:"].some((field) => line.startsWith(field));

/** The role select, with the provider select beside it for provider staff, the partner select for partners. */
function RoleFields({
  role,
  provider,
  partner,
  onRole,
  onProvider,
  onPartner,
  errors,
}: {
  role: Role;
  provider: string;
  partner: string;
  onRole: (role: Role) => void;
  onProvider: (provider: string) => void;
  onPartner: (partner: string) => void;
  errors: RoleErrors;
}) {
  const { t } = useTranslation();
  const providers = useProviderChoices(role === "provider");
  const partners = usePartnerChoices(role === "partner");
  return (
    <>
      <Field label={t("users.role")} error={errors.role} required>
        <select value={role} onChange={(e) => onRole(e.target.value as Role)}>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`roles.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      {role === "provider" ? (
        <Field label={t("users.provider")} error={errors.provider} required>
          <select value={provider} onChange={(e) => onProvider(e.target.value)}>
            <option value="">{t("users.chooseProvider")}</option>
            {(providers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {role === "partner" ? (
        <Field label={t("users.partner")} error={errors.partner} required>
          <select value={partner} onChange={(e) => onPartner(e.target.value)}>
            <option value="">{t("users.choosePartner")}</option>
            {(partners.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </>
  );
}

interface InviteValues {
  email: string;
  language: string;
}

function InviteForm({ onSaid }: { onSaid: Say }) {
  const { t } = useTranslation();
  const invite = useInvite();
  const [role, setRole] = useState<Role>("coordinator");
  const [provider, setProvider] = useState("");
  const [partner, setPartner] = useState("");
  const [messages, setMessages] = useState<string[]>([]);
  const [fieldErrors, setFieldErrors] = useState<RoleErrors>({});
  const { register, handleSubmit, setError, reset, formState } = useForm<InviteValues>({
    defaultValues: { email: "", language: "" },
  });
  return (
    <Form
      className="form invite-form"
      aria-labelledby="invite-title"
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        setFieldErrors({});
        try {
          const sent = await invite.mutateAsync({
            email: values.email.trim(),
            role,
            provider: role === "provider" ? provider || null : null,
            partner: role === "partner" ? partner || null : null,
            ...(values.language ? { language: values.language as InviteLanguage } : {}),
          });
          reset();
          setProvider("");
          setPartner("");
          onSaid(t("users.invited", { email: sent.email }));
        } catch (error) {
          const rest = applyFieldErrors(error, setError, ["email", "language"]);
          if (error instanceof ApiError) {
            setFieldErrors(roleErrors(error));
            setMessages(rest.filter((line) => !isRoleLine(line)));
          } else setMessages(rest);
        }
      })}
    >
      <h2 id="invite-title">{t("users.inviteTitle")}</h2>
      <p className="muted">{t("users.inviteIntro")}</p>
      <ErrorAlert messages={messages} />
      <Field label={t("users.email")} error={formState.errors.email?.message} required>
        <input type="email" autoComplete="off" {...register("email", { required: t("form.required") })} />
      </Field>
      <RoleFields
        role={role}
        provider={provider}
        partner={partner}
        onRole={setRole}
        onProvider={setProvider}
        onPartner={setPartner}
        errors={fieldErrors}
      />
      <Field label={t("users.language")} hint={t("users.languageHint")} error={formState.errors.language?.message}>
        <select {...register("language")}>
          <option value="">{t("users.centreLanguage")}</option>
          {LANGUAGES.map((lang) => (
            <option key={lang.code} value={lang.code}>
              {lang.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("users.sendInvitation")}
        </button>
      </div>
    </Form>
  );
}
type InviteLanguage = NonNullable<InviteBody["language"]>;

function InvitationCard({ invitation, onSaid }: { invitation: Invitation; onSaid: Say }) {
  const { t } = useTranslation();
  const revoke = useRevokeInvitation();
  return (
    <li className="card" data-testid="invitation">
      <h3 className="card-title">{invitation.email}</h3>
      <p>
        {t(`roles.${invitation.role}`)}
        {invitation.provider_name ? ` (${invitation.provider_name})` : ""}
        {invitation.partner_name ? ` (${invitation.partner_name})` : ""}
      </p>
      <p className="muted">
        {t("users.invitationSent", {
          by: invitation.invited_by_name ?? "—",
          date: formatDateTime(invitation.created_at),
        })}
        {" · "}
        {t("users.invitationExpires", { date: formatDateTime(invitation.expires_at) })}
      </p>
      <ErrorAlert error={revoke.error} />
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={revoke.isPending}
          onClick={async () => {
            try {
              await revoke.mutateAsync(invitation.id);
              onSaid(t("users.revoked", { email: invitation.email }));
            } catch {
              /* shown above */
            }
          }}
        >
          {t("users.revoke")}
        </button>
      </div>
    </li>
  );
}

function PendingInvitations({ onSaid }: { onSaid: Say }) {
  const { t } = useTranslation();
  const invitations = usePendingInvitations();
  return (
    <section aria-labelledby="pending-title" className="users-section">
      <h2 id="pending-title">{t("users.pendingTitle")}</h2>
      <ErrorAlert error={invitations.error} />
      {invitations.isLoading ? <Loading /> : null}
      {invitations.data && !invitations.data.length ? <p className="muted">{t("users.noPending")}</p> : null}
      <ul className="cards">
        {(invitations.data ?? []).map((invitation) => (
          <InvitationCard key={invitation.id} invitation={invitation} onSaid={onSaid} />
        ))}
      </ul>
    </section>
  );
}

function RoleForm({ user, onDone, onCancel }: { user: CentreUser; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateMembership();
  const membership = user.membership!;
  const [role, setRole] = useState<Role>(membership.role as Role);
  const [provider, setProvider] = useState(membership.provider ?? "");
  const [partner, setPartner] = useState(membership.partner ?? "");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<RoleErrors>({});
  const title = t("users.changeRoleOf", { name: displayName(user) });
  return (
    <Form
      className="form"
      aria-label={title}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setFieldErrors({});
        try {
          await update.mutateAsync({
            id: membership.id,
            body: {
              role,
              provider: role === "provider" ? provider || null : null,
              partner: role === "partner" ? partner || null : null,
              reason: reason.trim(),
            },
          });
          onDone();
        } catch (err) {
          if (err instanceof ApiError && (err.fieldErrors.role || err.fieldErrors.provider || err.fieldErrors.partner)) {
            setFieldErrors(roleErrors(err));
          } else setError(err);
        }
      }}
    >
      <ErrorAlert error={error} />
      <RoleFields
        role={role}
        provider={provider}
        partner={partner}
        onRole={setRole}
        onProvider={setProvider}
        onPartner={setPartner}
        errors={fieldErrors}
      />
      <Field label={t("common.reason")}>
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={update.isPending}>
          {t("common.save")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

function MemberCard({ user, isSelf, onSaid }: { user: CentreUser; isSelf: boolean; onSaid: Say }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const update = useUpdateMembership();
  const unlock = useUnlockUser();
  const membership = user.membership;
  const name = displayName(user);
  const active = !!membership?.is_active && user.is_active;
  return (
    <li className="card member-card" aria-labelledby={headingId} data-testid="member">
      <h3 className="card-title" id={headingId}>
        {name}
      </h3>
      <p className="member-email">{user.email}</p>
      <p>
        {membership ? t(`roles.${membership.role}`) : "—"}
        {membership?.provider_name ? ` (${membership.provider_name})` : ""}
        {membership?.partner_name ? ` (${membership.partner_name})` : ""}
      </p>
      <p className="member-states">
        <span className={`status ${active ? "status-active" : "status-inactive"}`}>
          {active ? t("users.active") : t("users.inactive")}
        </span>{" "}
        <span className="status">{user.mfa_enabled ? t("users.mfaOn") : t("users.mfaOff")}</span>{" "}
        {user.locked ? <span className="status status-locked">{t("users.locked")}</span> : null}
      </p>
      <ErrorAlert error={unlock.error} />
      {editing && membership ? (
        <RoleForm
          user={user}
          onDone={() => {
            setEditing(false);
            onSaid(t("users.roleChanged", { name }));
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className="actions">
          {user.locked ? (
            <button
              type="button"
              className="primary"
              aria-describedby={headingId}
              disabled={unlock.isPending}
              onClick={async () => {
                try {
                  await unlock.mutateAsync(user.id);
                  onSaid(t("users.unlocked", { name }));
                } catch {
                  /* shown above */
                }
              }}
            >
              {t("users.unlock")}
            </button>
          ) : null}
          {membership && !isSelf ? (
            <>
              <button type="button" aria-describedby={headingId} onClick={() => setEditing(true)}>
                {t("users.changeRole")}
              </button>
              {membership.is_active ? (
                <ReasonAction
                  label={t("users.deactivate")}
                  danger
                  onConfirm={async (reason) => {
                    await update.mutateAsync({ id: membership.id, body: { is_active: false, reason } });
                    onSaid(t("users.deactivated", { name }));
                  }}
                />
              ) : (
                <ReasonAction
                  label={t("users.reactivate")}
                  onConfirm={async (reason) => {
                    await update.mutateAsync({ id: membership.id, body: { is_active: true, reason } });
                    onSaid(t("users.reactivated", { name }));
                  }}
                />
              )}
            </>
          ) : null}
        </div>
      )}
    </li>
  );
}

function Members({ onSaid }: { onSaid: Say }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const users = useCentreUsers(page, search);
  return (
    <section aria-labelledby="members-title" className="users-section">
      <h2 id="members-title">{t("users.membersTitle")}</h2>
      <SearchToolbar
        initial={search}
        label={t("users.search")}
        onSearch={(text) => {
          setSearch(text);
          setPage(1);
        }}
      />
      <ErrorAlert error={users.error} />
      {users.isLoading ? <Loading /> : null}
      {users.data && !users.data.results.length ? <p className="muted">{t("common.nothing")}</p> : null}
      <ul className="cards member-list">
        {(users.data?.results ?? []).map((user) => (
          <MemberCard key={user.id} user={user} isSelf={user.id === me?.id} onSaid={onSaid} />
        ))}
      </ul>
      {users.data ? (
        <Pagination page={page} count={users.data.count} pageSize={PAGE_SIZE} onPage={setPage} />
      ) : null}
    </section>
  );
}

function TwoFactorRequirement({ onSaid }: { onSaid: Say }) {
  const { t } = useTranslation();
  const security = useCentreSecurity();
  const update = useUpdateCentreSecurity();
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (security.isLoading) return <Loading />;
  if (!security.data) return <ErrorAlert error={security.error} />;
  const always = security.data.always_required_roles as string[];
  const current = chosen ?? (security.data.mfa_required_roles as string[]);
  return (
    <section aria-labelledby="mfa-rule-title" className="users-section">
      <Form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await update.mutateAsync({ mfa_required_roles: current as Role[] });
            setChosen(null);
            onSaid(t("users.mfaRuleSaved"));
          } catch (err) {
            setError(err);
          }
        }}
      >
        <fieldset>
          <legend>
            <h2 id="mfa-rule-title">{t("users.mfaRuleTitle")}</h2>
          </legend>
          <p className="muted">{t("users.mfaRuleIntro")}</p>
          <ErrorAlert error={error} />
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input
                type="checkbox"
                checked={current.includes(role)}
                disabled={always.includes(role)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...current, role] : current.filter((value) => value !== role))
                }
              />{" "}
              {t(`roles.${role}`)}
              {always.includes(role) ? <span className="muted"> — {t("users.mfaAlways")}</span> : null}
            </label>
          ))}
          <div className="actions">
            <button type="submit" className="primary" disabled={update.isPending || chosen === null}>
              {t("common.save")}
            </button>
          </div>
        </fieldset>
      </Form>
    </section>
  );
}

/** The centre administrator's screen: the centre's members, invitations and the two-factor sign-in rule. */
export default function UsersPage() {
  const { t } = useTranslation();
  const [said, setSaid] = useState("");
  return (
    <section className="users-page">
      <h1>{t("users.title")}</h1>
      <p>{t("users.intro")}</p>
      <div role="status" aria-live="polite">
        {said ? <p className="alert alert-ok">{said}</p> : null}
      </div>
      <div className="users-columns">
        <div>
          <Members onSaid={setSaid} />
        </div>
        <div>
          <InviteForm onSaid={setSaid} />
          <PendingInvitations onSaid={setSaid} />
          <TwoFactorRequirement onSaid={setSaid} />
          <PlanRulesSection onSaid={setSaid} />
        </div>
      </div>
    </section>
  );
}
