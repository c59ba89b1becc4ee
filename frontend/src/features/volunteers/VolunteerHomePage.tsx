import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatMinutes, formatMoney, formatMonth, formatNumber, isoDate } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { HoursTable } from "./HoursTable";
import { PAGE_SIZE, newKey, useActivityTypes, useAssignments, useHours, useLogHours, useTotals } from "./queries";

/** A volunteer's page: log hours, see the totals (verified and waiting) and the entries. */
export default function VolunteerHomePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const hours = useHours(page);
  return (
    <section>
      <h1>{t("volunteer.home.title")}</h1>
      <LogHoursForm />
      <Totals />
      <h2>{t("volunteer.hours.title")}</h2>
      <ErrorAlert error={hours.error} />
      {hours.isLoading ? <Loading /> : null}
      {hours.data ? (
        <>
          {hours.data.results.length === 0 ? <p>{t("volunteer.hours.none")}</p> : null}
          {hours.data.results.length ? <HoursTable rows={hours.data.results} /> : null}
          <Pagination page={page} count={hours.data.count} pageSize={PAGE_SIZE} onPage={(p) => setParams({ page: String(p) })} />
        </>
      ) : null}
    </section>
  );
}

const HOURS_FIELDS = ["date", "minutes", "activity_type", "assignment", "note"];

function LogHoursForm() {
  const { t } = useTranslation();
  const types = useActivityTypes();
  const assignments = useAssignments();
  const log = useLogHours();
  const [key, setKey] = useState(newKey);
  const [date, setDate] = useState(isoDate());
  const [minutes, setMinutes] = useState("60");
  const [activityType, setActivityType] = useState("");
  const [assignment, setAssignment] = useState("");
  const [note, setNote] = useState("");
  const fieldErrors = log.error instanceof ApiError ? log.error.fieldErrors : {};
  const other = Object.entries(fieldErrors)
    .filter(([name]) => !HOURS_FIELDS.includes(name))
    .map(([name, m]) => (name === "non_field_errors" ? m.join(" ") : `${name}: ${m.join(" ")}`));
  const err = (name: string) => fieldErrors[name]?.join(" ");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number.parseInt(minutes, 10);
    log.mutate(
      {
        key,
        body: {
          date,
          minutes: Number.isFinite(value) ? value : 0,
          activity_type: activityType || null,
          assignment: assignment || null,
          note: note.trim(),
        },
      },
      {
        onSuccess: () => {
          setKey(newKey());
          setNote("");
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="log-hours-title">
      <h2 id="log-hours-title">{t("volunteer.log.title")}</h2>
      {log.error && !(log.error instanceof ApiError && Object.keys(fieldErrors).length && !other.length) ? (
        <ErrorAlert messages={other.length ? other : undefined} error={other.length ? undefined : log.error} />
      ) : null}
      <div className="form-grid">
        <Field label={t("volunteer.hours.date")} error={err("date")} required>
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </Field>
        <Field label={t("volunteer.log.minutes")} error={err("minutes")} required>
          <input type="number" inputMode="numeric" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} required />
        </Field>
        <Field label={t("volunteer.hours.activity")} error={err("activity_type")}>
          <select value={activityType} onChange={(e) => setActivityType(e.target.value)}>
            <option value="">—</option>
            {(types.data?.results ?? []).filter((a) => a.is_active).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("volunteer.log.assignment")} error={err("assignment")}>
          <select value={assignment} onChange={(e) => setAssignment(e.target.value)}>
            <option value="">—</option>
            {(assignments.data?.results ?? []).filter((a) => a.is_active).map((a) => (
              <option key={a.id} value={a.id}>
                {a.activity_type_name}
                {a.client_name ? ` · ${a.client_name}` : ""}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("volunteer.hours.note")} error={err("note")}>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={log.isPending}>
          {t("volunteer.log.save")}
        </button>
      </div>
      {log.isSuccess ? (
        <p className="alert alert-ok" role="status">
          {t("volunteer.log.saved")}
        </p>
      ) : null}
    </form>
  );
}

function Totals() {
  const { t } = useTranslation();
  const totals = useTotals();
  if (totals.isLoading) return <Loading />;
  if (totals.error) return <ErrorAlert error={totals.error} />;
  if (!totals.data) return null;
  const { total, results, currency } = totals.data;
  const byMonth = new Map<string, { minutes: number; verified: number }>();
  for (const row of results) {
    const entry = byMonth.get(row.month) ?? { minutes: 0, verified: 0 };
    entry.minutes += row.minutes;
    entry.verified += row.verified_minutes;
    byMonth.set(row.month, entry);
  }
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title">{t("volunteer.totals.title")}</h2>
      <div className="tiles">
        <div className="tile">
          <h3>{t("volunteer.totals.all")}</h3>
          <p data-testid="total-hours">{t("volunteer.totals.hours", { hours: formatNumber(total.hours) })}</p>
        </div>
        <div className="tile">
          <h3>{t("volunteer.totals.verified")}</h3>
          <p>{t("volunteer.totals.hours", { hours: formatNumber(total.verified_hours) })}</p>
        </div>
        <div className="tile">
          <h3>{t("volunteer.totals.waiting")}</h3>
          <p>{t("volunteer.totals.hours", { hours: formatNumber(total.logged_hours) })}</p>
        </div>
        <div className="tile">
          <h3>{t("volunteer.totals.value")}</h3>
          <p>{formatMoney(total.value, currency)}</p>
        </div>
      </div>
      {byMonth.size ? (
        <div className="table-wrap">
          <table>
            <caption>{t("volunteer.totals.byMonth")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("volunteer.totals.month")}</th>
                <th scope="col">{t("volunteer.totals.all")}</th>
                <th scope="col">{t("volunteer.totals.verified")}</th>
              </tr>
            </thead>
            <tbody>
              {[...byMonth.entries()]
                .sort(([a], [b]) => b.localeCompare(a))
                .map(([month, v]) => (
                  <tr key={month}>
                    <td>{formatMonth(month)}</td>
                    <td>{formatMinutes(v.minutes)}</td>
                    <td>{formatMinutes(v.verified)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
