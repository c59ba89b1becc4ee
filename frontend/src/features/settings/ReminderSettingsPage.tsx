import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { useReminderSettings, useSaveReminder, type ReminderSetting } from "./queries";
import { parseLeadDays } from "./settings";
import { useNotice } from "../../lib/useNotice";
import "./settings.css";
import { Form } from "../../components/Form";

function ReminderRow({ row, onSaved }: { row: ReminderSetting; onSaved: (notice: string) => void }) {
  const { t } = useTranslation();
  const save = useSaveReminder();
  const [enabled, setEnabled] = useState(row.enabled);
  const [days, setDays] = useState(String(row.lead_days));
  const [error, setError] = useState("");
  const timed = row.meaning !== "switch";
  const dirty = enabled !== row.enabled || (timed && days !== String(row.lead_days));
  const headingId = `reminder-${row.kind}`;
  const daysId = `reminder-${row.kind}-days`;
  const errorId = `${daysId}-error`;
  return (
    <li className="card reminder" data-kind={row.kind}>
      <Form
        aria-labelledby={headingId}
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setError("");
          const leadDays = timed ? parseLeadDays(days) : null;
          if (timed && leadDays === null) {
            setError(t("settings.reminders.badDays"));
            return;
          }
          try {
            await save.mutateAsync({ kind: row.kind, body: { enabled, ...(timed && leadDays !== null ? { lead_days: leadDays } : {}) } });
            onSaved(t(enabled ? "settings.reminders.savedOn" : "settings.reminders.savedOff", { name: row.label }));
          } catch (caught) {
            const fieldError = caught instanceof ApiError ? caught.fieldErrors.lead_days?.join(" ") : undefined;
            setError(fieldError ?? (caught instanceof Error ? caught.message : String(caught)));
          }
        }}
      >
        <h2 id={headingId}>{row.label}</h2>
        <label className="inline-control">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>{t("settings.reminders.send")}</span>
        </label>
        {timed ? (
          <div className={`field${error ? " field-invalid" : ""}`}>
            <label htmlFor={daysId}>{t(`settings.reminders.meaning.${row.meaning}`)}</label>
            <input
              id={daysId}
              className="days"
              inputMode="numeric"
              value={days}
              disabled={!enabled}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => setDays(e.target.value)}
            />
            <p className="hint">
              {t("settings.reminders.default", { days: row.default_lead_days })}
              {row.customised ? null : ` ${t("settings.reminders.usingDefault")}`}
            </p>
            {error ? <p className="field-error" id={errorId}>{error}</p> : null}
          </div>
        ) : (
          <p className="hint">{t("settings.reminders.meaning.switch")}</p>
        )}
        <button type="submit" disabled={!dirty || save.isPending}>
          {t("settings.reminders.save")}
        </button>
      </Form>
    </li>
  );
}

/** The manager's and administrator's screen for which reminders the worker sends, and how far ahead. */
export default function ReminderSettingsPage() {
  const { t } = useTranslation();
  const reminders = useReminderSettings();
  const [notice, setNotice] = useNotice();
  return (
    <section className="settings">
      <h1>{t("settings.reminders.title")}</h1>
      <p className="muted">{t("settings.reminders.intro")}</p>
      <div role="status" className={notice ? "alert alert-ok" : undefined}>
        {notice ? <p>{notice}</p> : null}
      </div>
      <ErrorAlert error={reminders.error} />
      {reminders.isLoading ? <Loading /> : null}
      <ul className="reminders">
        {(reminders.data ?? []).map((row) => (
          <ReminderRow key={`${row.kind}-${row.enabled}-${row.lead_days}`} row={row} onSaved={setNotice} />
        ))}
      </ul>
    </section>
  );
}
