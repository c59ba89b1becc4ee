import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../components/Field";
import { isoDate } from "../../lib/format";
import type { DeliveryPayload } from "../../offline/deliveries";
import { Form } from "../../components/Form";

const DURATIONS = [30, 45, 60, 90, 120] as const;
const OUTCOMES = ["delivered", "client_absent", "cancelled_by_provider"] as const;
const FIELDS = ["date", "start_time", "duration_minutes", "units", "outcome", "worker_name", "note"] as const;

interface Props {
  plannedService: string;
  /** A queued log's payload being fixed; otherwise a new log for today. */
  initial?: DeliveryPayload;
  fieldErrors?: Record<string, string[]>;
  /** The server's general reason for refusing the log (e.g. a duplicate visit), shown above the form. */
  error?: string | null;
  busy?: boolean;
  submitLabel?: string;
  onSubmit: (payload: DeliveryPayload) => void;
  onCancel?: () => void;
}

/** Logging a visit in a few taps: today, a duration button, the outcome; the rest is optional. */
export function LogVisitForm({ plannedService, initial, fieldErrors = {}, error: refusal, busy, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [date, setDate] = useState(initial?.date ?? isoDate());
  const [startTime, setStartTime] = useState(initial?.start_time?.slice(0, 5) ?? "");
  const [duration, setDuration] = useState(initial?.duration_minutes ? String(initial.duration_minutes) : "60");
  const [units, setUnits] = useState(initial?.units ?? "");
  const [outcome, setOutcome] = useState<DeliveryPayload["outcome"]>(initial?.outcome ?? "delivered");
  const [workerName, setWorkerName] = useState(initial?.worker_name ?? "");
  const [note, setNote] = useState(initial?.note ?? "");
  const error = (name: string) => fieldErrors[name]?.join(" ");
  const other = Object.entries(fieldErrors)
    .filter(([name]) => !(FIELDS as readonly string[]).includes(name))
    .map(([name, messages]) => (name === "non_field_errors" ? messages.join(" ") : `${name}: ${messages.join(" ")}`));
  // The general reason first (said once, even when it is also the field's message below).
  if (refusal && !other.includes(refusal)) other.unshift(refusal);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minutes = Number.parseInt(duration, 10);
    onSubmit({
      planned_service: plannedService,
      date,
      start_time: startTime || null,
      duration_minutes: Number.isFinite(minutes) && minutes > 0 ? minutes : null,
      units: units.trim() || null,
      outcome,
      worker_name: workerName.trim(),
      note: note.trim(),
    });
  };

  return (
    <Form className="form log-visit" onSubmit={submit} noValidate>
      {other.length ? (
        <div className="alert alert-error" role="alert">
          {other.map((line, i) => <p key={i}>{line}</p>)}
        </div>
      ) : null}
      <fieldset className="choice-buttons">
        <legend>{t("provider.log.outcome")}</legend>
        {OUTCOMES.map((value) => (
          <label key={value} className={outcome === value ? "choice selected" : "choice"}>
            <input type="radio" name="outcome" value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
            {t(`provider.outcome.${value}`)}
          </label>
        ))}
        {error("outcome") ? <p className="field-error">{error("outcome")}</p> : null}
      </fieldset>
      <fieldset className="choice-buttons">
        <legend>{t("provider.log.duration")}</legend>
        {DURATIONS.map((minutes) => (
          <label key={minutes} className={duration === String(minutes) ? "choice selected" : "choice"}>
            <input
              type="radio"
              name="duration-preset"
              value={minutes}
              checked={duration === String(minutes)}
              onChange={() => setDuration(String(minutes))}
            />
            {t("provider.log.minutes", { minutes })}
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <Field label={t("provider.log.durationMinutes")} error={error("duration_minutes")}>
          <input type="number" inputMode="numeric" min={1} max={1440} value={duration} onChange={(e) => setDuration(e.target.value)} />
        </Field>
        <Field label={t("provider.log.date")} error={error("date")} required>
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </Field>
        <Field label={t("provider.log.startTime")} error={error("start_time")}>
          <input type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)} />
        </Field>
        <Field label={t("provider.log.units")} error={error("units")} hint={t("provider.log.unitsHint")}>
          <input type="text" inputMode="decimal" value={units} onChange={(e) => setUnits(e.target.value)} />
        </Field>
        <Field label={t("provider.log.worker")} error={error("worker_name")}>
          <input type="text" autoComplete="name" value={workerName} onChange={(e) => setWorkerName(e.target.value)} />
        </Field>
        <Field label={t("provider.log.note")} error={error("note")}>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel ?? t("provider.log.save")}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
