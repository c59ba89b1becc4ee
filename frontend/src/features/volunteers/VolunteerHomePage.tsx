import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate, formatMinutes, formatMoney, formatMonth, formatNumber, isoDate } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { HoursTable } from "./HoursTable";
import type { HoursItem, HoursPayload } from "../../offline/hours";
import type { OfflineQueue } from "../../offline/queue";
import { useOutbox } from "../../offline/useOutbox";
import { PAGE_SIZE, useActivityTypes, useAssignments, useHours, useHoursQueue, useTotals } from "./queries";
import { Form } from "../../components/Form";
import { OutboxActions } from "../../components/OutboxActions";

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

type Outcome = "saved" | "queued" | null;

/**
 * Logging hours goes through the phone's outbox (src/offline/hours.ts), as a provider's visits do: sent at once
 * when online; kept on the phone and sent when the network is back when not; refused entries stay in the
 * outbox with the server's reasons, shown at their fields, until corrected (same key: stored once) or discarded.
 */
function LogHoursForm() {
  const { t } = useTranslation();
  const types = useActivityTypes();
  const assignments = useAssignments();
  const queue = useHoursQueue();
  const outbox = useOutbox(queue);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // The refused entry the form is correcting (its key is kept, so the corrected entry is stored once).
  const [fixing, setFixing] = useState<string | null>(null);
  const [date, setDate] = useState(isoDate());
  const [minutes, setMinutes] = useState("60");
  const [activityType, setActivityType] = useState("");
  const [assignment, setAssignment] = useState("");
  const [note, setNote] = useState("");
  const rejected = fixing ? outbox.items.find((item) => item.key === fixing && item.state === "rejected") : undefined;
  const fieldErrors = rejected?.fieldErrors ?? {};
  const other = [
    ...Object.entries(fieldErrors)
      .filter(([name]) => !HOURS_FIELDS.includes(name))
      .filter(([, m]) => m.join(" ") !== rejected?.error)
      .map(([name, m]) => (name === "non_field_errors" ? m.join(" ") : `${name}: ${m.join(" ")}`)),
    ...(rejected?.error && !Object.values(fieldErrors).some((m) => m.join(" ") === rejected.error) ? [rejected.error] : []),
  ];
  const err = (name: string) => fieldErrors[name]?.join(" ");

  const edit = (item: HoursItem) => {
    setFixing(item.key);
    setOutcome(null);
    setDate(item.payload.date);
    setMinutes(String(item.payload.minutes));
    setActivityType(item.payload.activity_type ?? "");
    setAssignment(item.payload.assignment ?? "");
    setNote(item.payload.note ?? "");
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number.parseInt(minutes, 10);
    const body: HoursPayload = {
      date,
      minutes: Number.isFinite(value) ? value : 0,
      activity_type: activityType || null,
      assignment: assignment || null,
      note: note.trim(),
    };
    const label = `${formatDate(date)} · ${formatMinutes(body.minutes)}`;
    setBusy(true);
    setOutcome(null);
    try {
      const correcting = fixing && queue.get(fixing) ? fixing : null;
      const item = correcting ? await queue.update(correcting, body, label) : await queue.enqueue("hours", body, label);
      const key = item?.key ?? correcting;
      const after = key ? queue.get(key) : undefined;
      if (after?.state === "rejected") {
        setFixing(after.key);
        return;
      }
      setFixing(null);
      setNote("");
      setOutcome(after ? "queued" : "saved");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form className="form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="log-hours-title">
      <h2 id="log-hours-title">{t("volunteer.log.title")}</h2>
      {other.length ? <ErrorAlert messages={other} /> : null}
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
        <button type="submit" className="primary" disabled={busy}>
          {t("volunteer.log.save")}
        </button>
      </div>
      {outcome === "saved" ? (
        <p className="alert alert-ok" role="status">
          {t("volunteer.log.saved")}
        </p>
      ) : null}
      {outcome === "queued" ? (
        <p className="alert alert-warn" role="status">
          {t("volunteer.log.queued")}
        </p>
      ) : null}
      <HoursOutbox queue={queue} items={outbox.items} fixing={fixing} onFix={edit} />
    </Form>
  );
}

/** Hours kept on this phone: waiting for the network, or refused by the server until corrected or discarded. */
function HoursOutbox({
  queue,
  items,
  fixing,
  onFix,
}: {
  queue: OfflineQueue<HoursPayload>;
  items: HoursItem[];
  fixing: string | null;
  onFix: (item: HoursItem) => void;
}) {
  const { t } = useTranslation();
  if (!items.length) return null;
  const pending = items.filter((i) => i.state !== "rejected").length;
  const refused = items.length - pending;
  return (
    <section className="outbox" aria-labelledby="hours-outbox-title">
      <h3 id="hours-outbox-title">{t("offline.title")}</h3>
      <p role="status" data-testid="hours-outbox-status">
        {pending ? t("offline.pending", { pending }) : null} {refused ? t("offline.rejected", { rejected: refused }) : null}{" "}
        {typeof navigator !== "undefined" && !navigator.onLine ? t("offline.offlineNow") : null}
      </p>
      <ul className="cards">
        {items.map((item) => {
          const isRejected = item.state === "rejected";
          return (
            <li key={item.key} className={isRejected ? "card outbox-item rejected" : "card outbox-item"} data-testid="hours-outbox-item">
              <p className="card-title">{item.label}</p>
              <p>
                <span className={`status status-${isRejected ? "disputed" : "waiting"}`}>{t(`offline.state.${item.state}`)}</span>
              </p>
              {item.error ? <p className={isRejected ? "field-error" : "muted"}>{item.error}</p> : null}
              <OutboxActions
                rejected={isRejected}
                onFix={fixing === item.key ? undefined : () => onFix(item)}
                onRetry={() => void queue.retry(item.key)}
                onDiscard={() => queue.discard(item.key)}
              />
            </li>
          );
        })}
      </ul>
    </section>
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
