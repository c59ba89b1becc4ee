import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { formatNumber } from "../../lib/format";
import {
  useLogRules,
  useResetDailyLimit,
  useSaveConfirmationRules,
  useSaveDailyLimit,
  useSaveFrequencyTolerance,
  type DailyLimit,
} from "./queries";
import "./logRules.css";
import { Form } from "../../components/Form";

type Say = (text: string) => void;

const MAX_TOLERANCE = 500;

/** A refusal's message at `field` (400), or nothing: other refusals are shown above the form. */
function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors[field]?.join(" ") || undefined : undefined;
}

/** The error to show above the form: anything but the named field's own message. */
function otherError(error: unknown, field: string): unknown {
  return error && !fieldError(error, field) ? error : null;
}

function ToleranceForm({ tolerance, onSaid }: { tolerance: number; onSaid: Say }) {
  const { t } = useTranslation();
  const save = useSaveFrequencyTolerance();
  const [value, setValue] = useState(String(tolerance));
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setValue(String(tolerance)), [tolerance]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setProblem(undefined);
    const text = value.trim();
    const percent = Number(text);
    if (!/^\d+$/.test(text) || percent > MAX_TOLERANCE) {
      setProblem(t("manager.logRules.toleranceRange", { max: MAX_TOLERANCE }));
      return;
    }
    try {
      const rules = await save.mutateAsync({ frequency_tolerance: percent });
      onSaid(t("manager.logRules.toleranceSaved", { percent: rules?.frequency_tolerance ?? percent }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Form className="form log-rules-tolerance" aria-labelledby="tolerance-title" noValidate onSubmit={submit}>
      <h2 id="tolerance-title">{t("manager.logRules.toleranceTitle")}</h2>
      <p className="muted">{t("manager.logRules.toleranceIntro")}</p>
      <ErrorAlert error={otherError(error, "frequency_tolerance")} />
      <Field
        label={t("manager.logRules.tolerance")}
        hint={t("manager.logRules.toleranceHint", { max: MAX_TOLERANCE })}
        error={problem ?? fieldError(error, "frequency_tolerance")}
        required
      >
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_TOLERANCE}
          step={1}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t("common.save")}
        </button>
      </div>
    </Form>
  );
}

const MAX_AUTO_DAYS = 365;

/** Whether coordinators confirm logs, and after how many days from a statement's submission the logs nobody disputed
 * or flagged are confirmed automatically (0: never). */
function ConfirmationForm({ need, days, onSaid }: { need: boolean; days: number; onSaid: Say }) {
  const { t } = useTranslation();
  const save = useSaveConfirmationRules();
  const [needs, setNeeds] = useState(need);
  const [value, setValue] = useState(String(days));
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setNeeds(need), [need]);
  useEffect(() => setValue(String(days)), [days]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setProblem(undefined);
    const text = value.trim();
    const number = Number(text);
    if (!/^\d+$/.test(text) || number > MAX_AUTO_DAYS) {
      setProblem(t("manager.logRules.autoDaysRange", { max: MAX_AUTO_DAYS }));
      return;
    }
    try {
      const rules = await save.mutateAsync({ logs_need_confirmation: needs, auto_confirm_after_days: number });
      const saved = rules?.auto_confirm_after_days ?? number;
      if (!(rules?.logs_need_confirmation ?? needs)) onSaid(t("manager.logRules.noConfirmationSaved"));
      else if (saved === 0) onSaid(t("manager.logRules.neverSaved"));
      else onSaid(t("manager.logRules.autoDaysSaved", { days: saved }));
    } catch (err) {
      setError(err);
    }
  };

  const fields = ["logs_need_confirmation", "auto_confirm_after_days"];
  const other = error && !fields.some((name) => fieldError(error, name)) ? error : null;
  return (
    <Form className="form log-rules-confirmation" aria-labelledby="confirmation-title" noValidate onSubmit={submit}>
      <h2 id="confirmation-title">{t("manager.logRules.confirmationTitle")}</h2>
      <p className="muted">{t("manager.logRules.confirmationIntro")}</p>
      <ErrorAlert error={other} />
      <Field
        label={t("manager.logRules.needConfirmation")}
        hint={t("manager.logRules.needConfirmationHint")}
        error={fieldError(error, "logs_need_confirmation")}
      >
        <input type="checkbox" checked={needs} onChange={(e) => setNeeds(e.target.checked)} />
      </Field>
      <Field
        label={t("manager.logRules.autoDays")}
        hint={t("manager.logRules.autoDaysHint", { max: MAX_AUTO_DAYS })}
        error={problem ?? fieldError(error, "auto_confirm_after_days")}
        required
      >
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_AUTO_DAYS}
          step={1}
          disabled={!needs}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t("common.save")}
        </button>
      </div>
    </Form>
  );
}

/** A decimal as typed (a comma or a point) in the API's form; empty stays empty. */
function apiDecimal(text: string): string {
  return text.trim().replace(/\s/g, "").replace(",", ".");
}

function LimitRow({ row, onSaid }: { row: DailyLimit; onSaid: Say }) {
  const { t } = useTranslation();
  const save = useSaveDailyLimit();
  const reset = useResetDailyLimit();
  const [value, setValue] = useState(row.daily_limit ?? "");
  const [error, setError] = useState<unknown>(null);
  // What applies now, after this row's or any other change.
  useEffect(() => setValue(row.daily_limit ?? ""), [row.daily_limit, row.own]);
  const name = row.service_type_name;
  const unit = t(`enum.unit.${row.unit}`, { defaultValue: row.unit });
  const busy = save.isPending || reset.isPending;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const limit = apiDecimal(value) || null;
    try {
      await save.mutateAsync({ serviceType: row.service_type, dailyLimit: limit });
      onSaid(
        limit
          ? t("manager.logRules.limitSaved", { name, limit: formatNumber(limit), unit })
          : t("manager.logRules.noLimitSaved", { name }),
      );
    } catch (err) {
      setError(err);
    }
  };

  const backToDefault = async () => {
    setError(null);
    try {
      await reset.mutateAsync(row.service_type);
      onSaid(t("manager.logRules.defaultAgain", { name }));
    } catch (err) {
      setError(err);
    }
  };

  const formId = `limit-${row.service_type}`;
  return (
    <tr data-testid="daily-limit">
      <th scope="row" data-label={t("manager.logRules.serviceType")}>
        {name}
      </th>
      <td data-label={t("manager.logRules.unit")}>{unit}</td>
      <td data-label={t("manager.logRules.defaultLimit")} className="num">
        {row.default_daily_limit ? formatNumber(row.default_daily_limit) : t("manager.logRules.noLimit")}
      </td>
      <td data-label={t("manager.logRules.centreLimit")}>
        <Form id={formId} className="limit-form" noValidate onSubmit={submit}>
          <Field
            label={<span className="visually-hidden">{t("manager.logRules.limitOf", { name })}</span>}
            hint={row.own ? t("manager.logRules.own") : t("manager.logRules.usingDefault")}
            error={fieldError(error, "daily_limit")}
          >
            <input
              type="text"
              inputMode="decimal"
              autoComplete="off"
              placeholder={t("manager.logRules.noLimit")}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </Field>
          <ErrorAlert error={otherError(error, "daily_limit")} />
        </Form>
      </td>
      <td data-label={t("common.actions")}>
        <div className="actions">
          <button type="submit" form={formId} className="primary" disabled={busy}>
            {t("common.save")}
            <span className="visually-hidden">: {name}</span>
          </button>
          {row.own ? (
            <button type="button" disabled={busy} onClick={() => void backToDefault()}>
              {t("manager.logRules.useDefault")}
              <span className="visually-hidden">: {name}</span>
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

/**
 * The centre's rules on service logs, for its managers and administrators: how far above a plan's frequency a log may
 * go before the coordinator is asked to check it, and the most of each service one client can get in a day (a log
 * above it is refused). Phone-friendly: on a narrow screen each service type is a card.
 */
export default function LogRulesPage() {
  const { t } = useTranslation();
  const rules = useLogRules();
  const [said, setSaid] = useState("");
  return (
    <section className="log-rules-page">
      <h1>{t("manager.logRules.title")}</h1>
      <nav className="toolbar" aria-label={t("manager.sections")}>
        <Link to="/manager/contracts">{t("manager.contracts.title")}</Link>
        <Link to="/manager/volumes">{t("manager.volumes.title")}</Link>
        <Link to="/manager/reports">{t("manager.reports.title")}</Link>
      </nav>
      <p>{t("manager.logRules.intro")}</p>
      <div role="status" aria-live="polite">
        {said ? <p className="alert alert-ok">{said}</p> : null}
      </div>
      <ErrorAlert error={rules.error} />
      {rules.isLoading ? <Loading /> : null}
      {rules.data ? (
        <>
          <ToleranceForm tolerance={rules.data.frequency_tolerance} onSaid={setSaid} />
          <ConfirmationForm
            need={rules.data.logs_need_confirmation}
            days={rules.data.auto_confirm_after_days}
            onSaid={setSaid}
          />
          <section aria-labelledby="limits-title">
            <h2 id="limits-title">{t("manager.logRules.limitsTitle")}</h2>
            <p className="muted">{t("manager.logRules.limitsIntro")}</p>
            {rules.data.daily_limits.length ? (
              <div className="table-wrap">
                <table className="log-rules-table">
                  <caption className="visually-hidden">{t("manager.logRules.limitsTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("manager.logRules.serviceType")}</th>
                      <th scope="col">{t("manager.logRules.unit")}</th>
                      <th scope="col" className="num">
                        {t("manager.logRules.defaultLimit")}
                      </th>
                      <th scope="col">{t("manager.logRules.centreLimit")}</th>
                      <th scope="col">{t("common.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rules.data.daily_limits.map((row) => (
                      <LimitRow key={row.service_type} row={row} onSaid={setSaid} />
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t("common.nothing")}</p>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}
