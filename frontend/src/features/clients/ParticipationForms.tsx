import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { isoDate } from "../../lib/format";
import { triState } from "./participation";
import { useEndParticipation, useRecordFollowup } from "./queries";
import { Form } from "../../components/Form";

type Participation = Schemas["Participation"];
const REASONS = ["goals_achieved", "moved_away", "died", "refused", "transferred", "project_ended", "consent_withdrawn", "other"] as const;
const EXIT_RESULTS = ["exit_job_searching", "exit_in_education_or_training", "exit_gained_qualification", "exit_in_employment"] as const;
const FOLLOWUP_RESULTS = ["followup_in_employment", "followup_improved_situation"] as const;

/** A yes / no / not known question of the funder's. */
function Answer({ name, value, onChange }: { name: string; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <Field label={t(`participations.result.${name}`)}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("participations.notKnown")}</option>
        <option value="yes">{t("common.yes")}</option>
        <option value="no">{t("common.no")}</option>
      </select>
    </Field>
  );
}

function fieldError(error: unknown, name: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors[name]?.join(" ") : undefined;
}

/** The client left the project: when, why, and the immediate results the funder counts. */
export function EndParticipationForm({ participation, onDone }: { participation: Participation; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  const end = useEndParticipation();
  const [exitDate, setExitDate] = useState(isoDate());
  const [reason, setReason] = useState("");
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [reasonMissing, setReasonMissing] = useState(false);
  const label = t("participations.endTitle", { project: participation.funding_source_name });
  return (
    <Form
      className="form card"
      aria-label={label}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setReasonMissing(!reason);
        if (!reason) return;
        try {
          await end.mutateAsync({
            id: participation.id,
            body: {
              exit_date: exitDate,
              exit_reason: reason as Schemas["ParticipationEndRequest"]["exit_reason"],
              ...Object.fromEntries(EXIT_RESULTS.map((name) => [name, triState(answers[name] ?? "")])),
            },
          });
          onDone(t("participations.ended"));
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h4>{label}</h4>
      <div className="form-grid">
        <Field label={t("participations.exitDate")} error={fieldError(error, "exit_date")} required>
          <input type="date" value={exitDate} onChange={(e) => setExitDate(e.target.value)} />
        </Field>
        <Field label={t("participations.exitReason")} error={reasonMissing ? t("form.required") : fieldError(error, "exit_reason")} required>
          <select value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">{t("participations.chooseReason")}</option>
            {REASONS.map((value) => (
              <option key={value} value={value}>
                {t(`enum.closureReason.${value}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset>
        <legend>{t("participations.exitResults")}</legend>
        <div className="form-grid">
          {EXIT_RESULTS.map((name) => (
            <Answer key={name} name={name} value={answers[name] ?? ""} onChange={(value) => setAnswers({ ...answers, [name]: value })} />
          ))}
        </div>
      </fieldset>
      <ErrorAlert error={error instanceof ApiError && Object.keys(error.fieldErrors).length ? null : error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={end.isPending}>
          {t("participations.endSubmit")}
        </button>
      </div>
    </Form>
  );
}

/** Six months after leaving: in employment, an improved situation. */
export function FollowupForm({ participation, onDone }: { participation: Participation; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  const record = useRecordFollowup();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const hintId = useId();
  const label = t("participations.followupTitle", { project: participation.funding_source_name });
  return (
    <Form
      className="form card"
      aria-label={label}
      aria-describedby={hintId}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await record.mutateAsync({
            id: participation.id,
            body: Object.fromEntries(FOLLOWUP_RESULTS.map((name) => [name, triState(answers[name] ?? "")])),
          });
          onDone(t("participations.followupRecorded"));
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h4>{label}</h4>
      <p className="hint" id={hintId}>
        {t("participations.followupHint")}
      </p>
      <div className="form-grid">
        {FOLLOWUP_RESULTS.map((name) => (
          <Answer key={name} name={name} value={answers[name] ?? ""} onChange={(value) => setAnswers({ ...answers, [name]: value })} />
        ))}
      </div>
      {fieldError(error, "followup_in_employment") ? <p className="field-error">{fieldError(error, "followup_in_employment")}</p> : null}
      <ErrorAlert error={error instanceof ApiError && Object.keys(error.fieldErrors).length ? null : error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={record.isPending}>
          {t("participations.followupSubmit")}
        </button>
      </div>
    </Form>
  );
}
