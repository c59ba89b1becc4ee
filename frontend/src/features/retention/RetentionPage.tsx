// The centre's retention: the rules per record category (the country's defaults, changed by the administrator
// or put back), the disposal log (no personal data) and a dry run of what the daily job would dispose of.
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate, formatDateTime, isoDate } from "../../lib/format";
import { useDisposalLog, useDryRun, useResetRule, useRetentionRules, useUpdateRule, type RetentionRule } from "./queries";
import "./retention.css";
import { SaveCancel } from "../../components/SaveCancel";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

const LOG_PAGE_SIZE = 20;

interface RuleValues {
  years: string;
  keep_until: string;
  legal_basis: string;
  change_reason: string;
}

function kept(t: (key: string, options?: Record<string, unknown>) => string, years: number | null, keepUntil: string | null) {
  if (years != null) return t("retention.rules.years", { years });
  if (keepUntil) return t("retention.rules.until", { date: formatDate(keepUntil) });
  return "—";
}

function RuleForm({ rule, onDone }: { rule: RetentionRule; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const update = useUpdateRule();
  const [messages, setMessages] = useState<string[]>([]);
  const byDate = rule.years == null;
  const { register, handleSubmit, setError, formState } = useForm<RuleValues>({
    defaultValues: {
      years: rule.years != null ? String(rule.years) : "",
      keep_until: rule.keep_until ?? "",
      legal_basis: rule.legal_basis,
      change_reason: "",
    },
  });
  const title = t("retention.rules.changeTitle", { category: t(`enum.disposalCategory.${rule.category}`) });
  return (
    <Form
      className="form"
      aria-label={title}
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        const body = byDate
          ? { keep_until: values.keep_until || null, legal_basis: values.legal_basis, change_reason: values.change_reason }
          : { years: values.years === "" ? null : Number(values.years), legal_basis: values.legal_basis, change_reason: values.change_reason };
        if (!byDate && (values.years === "" || !Number.isInteger(Number(values.years)))) {
          setError("years", { message: t("retention.rules.yearsNeeded") });
          return;
        }
        if (byDate && !values.keep_until) {
          setError("keep_until", { message: t("form.required") });
          return;
        }
        try {
          await update.mutateAsync({ id: rule.id, body });
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["years", "keep_until", "legal_basis", "change_reason"]));
        }
      })}
    >
      <h3>{title}</h3>
      <ErrorAlert messages={messages} />
      {byDate ? (
        <Field label={t("retention.rules.keepUntil")} error={formState.errors.keep_until?.message} required>
          <input type="date" autoFocus {...register("keep_until")} />
        </Field>
      ) : (
        <Field label={t("retention.rules.yearsLabel")} hint={t("retention.rules.yearsHint")} error={formState.errors.years?.message} required>
          <input type="number" inputMode="numeric" min={1} max={100} autoFocus {...register("years")} />
        </Field>
      )}
      <Field label={t("retention.rules.legalBasis")} error={formState.errors.legal_basis?.message}>
        <textarea rows={3} {...register("legal_basis")} />
      </Field>
      <Field label={t("common.reason")} hint={t("retention.rules.reasonHint")} error={formState.errors.change_reason?.message}>
        <input {...register("change_reason")} />
      </Field>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}

function RuleCard({ rule, editable, onNotice }: { rule: RetentionRule; editable: boolean; onNotice: (text: string) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const reset = useResetRule();
  const name = t(`enum.disposalCategory.${rule.category}`);
  return (
    <li className="card" data-testid={`rule-${rule.category}`}>
      <h3 className="card-title">{name}</h3>
      <p className="rule-years">{kept(t, rule.years, rule.keep_until)}</p>
      {rule.legal_basis ? <p className="muted">{rule.legal_basis}</p> : null}
      <p>
        {rule.is_customised ? t("retention.rules.customised") : t("retention.rules.isDefault")}
        {rule.is_customised ? <> · {t("retention.rules.default", { kept: kept(t, rule.default_years, rule.default_keep_until) })}</> : null}
      </p>
      {rule.shorter_than_default ? <p className="alert alert-error">{t("retention.rules.shorter")}</p> : null}
      <p className="muted">{t("retention.rules.changedAt", { date: formatDateTime(rule.updated_at) })}</p>
      <ErrorAlert error={reset.error} />
      {editing ? (
        <RuleForm
          rule={rule}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onNotice(t("retention.rules.saved", { category: name }));
          }}
        />
      ) : editable ? (
        <div className="actions">
          <button type="button" onClick={() => { onNotice(""); setEditing(true); }}>
            {t("common.edit")}
          </button>
          {rule.is_customised ? (
            <button
              type="button"
              disabled={reset.isPending}
              onClick={async () => {
                onNotice("");
                try {
                  await reset.mutateAsync(rule.id);
                  onNotice(t("retention.rules.resetDone", { category: name }));
                } catch {
                  /* shown above */
                }
              }}
            >
              {t("retention.rules.reset")}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function Rules() {
  const { t } = useTranslation();
  const { role } = useAuth();
  const rules = useRetentionRules();
  const [notice, setNotice] = useState("");
  return (
    <section aria-labelledby="retention-rules">
      <h2 id="retention-rules">{t("retention.rules.title")}</h2>
      <p className="muted">{t("retention.rules.intro")}</p>
      <Notice text={notice} />
      <ErrorAlert error={rules.error} />
      {rules.isLoading ? <Loading /> : null}
      {rules.data ? (
        <ul className="rule-list">
          {rules.data.map((rule) => (
            <RuleCard key={rule.id} rule={rule} editable={role === "admin"} onNotice={setNotice} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function DryRun() {
  const { t } = useTranslation();
  const [on, setOn] = useState(isoDate());
  const [asked, setAsked] = useState<string | null>(null);
  const plan = useDryRun(asked ?? "", asked !== null);
  return (
    <section aria-labelledby="retention-dry-run">
      <h2 id="retention-dry-run">{t("retention.dryRun.title")}</h2>
      <p className="muted">{t("retention.dryRun.intro")}</p>
      <Form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          if (asked === on) void plan.refetch();
          else setAsked(on);
        }}
      >
        <Field label={t("retention.dryRun.on")}>
          <input type="date" value={on} min={isoDate()} onChange={(e) => setOn(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={plan.isFetching}>
          {t("retention.dryRun.run")}
        </button>
      </Form>
      <ErrorAlert error={plan.error} />
      {plan.isFetching ? <Loading /> : null}
      {plan.data && !plan.isFetching ? (
        <div role="status">
          <p>
            <strong>{t("retention.dryRun.summary", { date: formatDate(plan.data.on), n: plan.data.categories.reduce((n, c) => n + c.count, 0) })}</strong>
          </p>
          <div className="table-wrap">
            <table className="retention-table">
              <caption>{t("retention.dryRun.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("retention.category")}</th>
                  <th scope="col">{t("retention.count")}</th>
                  <th scope="col">{t("retention.rule")}</th>
                  <th scope="col">{t("retention.dryRun.which")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.data.categories.map((c) => (
                  <tr key={c.category} data-testid={`plan-${c.category}`}>
                    <th scope="row">{t(`enum.disposalCategory.${c.category}`)}</th>
                    <td>{c.count}</td>
                    <td>{c.rule ? kept(t, c.rule.years, c.rule.keep_until) : "—"}</td>
                    <td className="wrap">
                      {c.items.length
                        ? c.items.map((item, i) => (
                            <span key={`${item.client}-${i}`}>
                              {i ? ", " : ""}
                              <Link to={`/clients/${item.client}`}>{item.reference}</Link>
                              {item.count > 1 ? ` ×${item.count}` : ""} ({formatDate(item.due_on)})
                            </span>
                          ))
                        : "—"}
                      {c.count > c.items.reduce((n, item) => n + item.count, 0) ? <span className="muted"> {t("retention.dryRun.more")}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t("retention.dryRun.held", { n: plan.data.held_count })}</p>
          {plan.data.held.length ? (
            <ul>
              {plan.data.held.map((item, i) => (
                <li key={`${item.client}-${i}`}>
                  <Link to={`/clients/${item.client}`}>{item.reference}</Link> ({formatDate(item.due_on)})
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function DisposalLog() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const log = useDisposalLog(page, LOG_PAGE_SIZE);
  return (
    <section aria-labelledby="retention-log">
      <h2 id="retention-log">{t("retention.log.title")}</h2>
      <p className="muted">{t("retention.log.intro")}</p>
      <ErrorAlert error={log.error} />
      {log.isLoading ? <Loading /> : null}
      {log.data ? (
        log.data.results.length ? (
          <>
            <div className="table-wrap">
              <table className="retention-table">
                <caption>{t("retention.log.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("retention.log.at")}</th>
                    <th scope="col">{t("retention.category")}</th>
                    <th scope="col">{t("retention.count")}</th>
                    <th scope="col">{t("retention.rule")}</th>
                    <th scope="col">{t("retention.rules.legalBasis")}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.results.map((entry) => (
                    <tr key={entry.id}>
                      <td>{formatDateTime(entry.at)}</td>
                      <td>{t(`enum.disposalCategory.${entry.category}`)}</td>
                      <td>{entry.count}</td>
                      <td>
                        {entry.rule_days != null ? t("retention.log.days", { days: entry.rule_days }) : kept(t, entry.rule_years, entry.rule_keep_until)}
                      </td>
                      <td className="wrap">{entry.legal_basis || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} count={log.data.count} pageSize={LOG_PAGE_SIZE} onPage={setPage} />
          </>
        ) : (
          <p className="muted">{t("retention.log.none")}</p>
        )
      ) : null}
    </section>
  );
}

/** Retention rules, the disposal log and the dry run: the administrator changes the rules, others read. */
export default function RetentionPage() {
  const { t } = useTranslation();
  return (
    <section className="retention">
      <h1>{t("retention.title")}</h1>
      <Rules />
      <DryRun />
      <DisposalLog />
    </section>
  );
}
