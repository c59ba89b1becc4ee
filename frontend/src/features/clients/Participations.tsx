import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Status } from "../../components/Status";
import { formatDate, isoDate } from "../../lib/format";
import { missingConsentOf, recordConsentPath } from "../privacy/consentCoverage";
import { followupOpen, missingAttributes, triValue } from "./participation";
import { EndParticipationForm, FollowupForm } from "./ParticipationForms";
import { useParticipations, useProjects, useStartParticipation } from "./queries";
import { Form } from "../../components/Form";

const RESULTS = ["exit_job_searching", "exit_in_education_or_training", "exit_gained_qualification", "exit_in_employment", "followup_in_employment", "followup_improved_situation"] as const;

/**
 * The client's participations in funded projects (ESF+), and entering a project: where the centre needs the
 * client's consent first, the refusal names the consent and links to recording it.
 */
export function Participations({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { role } = useAuth();
  const headingId = useId();
  const list = useParticipations(clientId);
  const projects = useProjects();
  const start = useStartParticipation(clientId);
  const [project, setProject] = useState("");
  const [entryDate, setEntryDate] = useState(isoDate());
  const [error, setError] = useState<unknown>(null);
  const [projectError, setProjectError] = useState("");
  const [status, setStatus] = useState("");
  const missing = missingConsentOf(error);
  const missingFields = missingAttributes(error);
  const [open, setOpen] = useState<{ id: string; form: "end" | "followup" } | null>(null);
  const today = isoDate();
  const done = (notice: string) => {
    setOpen(null);
    setStatus(notice);
  };

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("participations.title")}</h2>
      <p role="status" aria-live="polite">
        {status}
      </p>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data?.length === 0 ? <p>{t("participations.none")}</p> : null}
      <ul className="cards">
        {(list.data ?? []).map((p) => (
          <li key={p.id} className="card" data-testid="participation">
            <h3 className="card-title">
              {p.funding_source_name}
              {p.project_code ? <span className="muted"> ({p.project_code})</span> : null}
            </h3>
            <p>{t("participations.entered", { date: formatDate(p.entry_date) })}</p>
            {p.exit_date ? (
              <p>
                <Status kind="participationState" value="ended" />{" "}
                {t("participations.left", { date: formatDate(p.exit_date) })}
                {p.exit_reason ? `: ${t(`enum.closureReason.${p.exit_reason}`)}` : ""}
              </p>
            ) : (
              <p>
                <Status kind="participationState" value="open" />
              </p>
            )}
            {p.exit_date ? (
              <ul className="plain results">
                {RESULTS.filter((name) => triValue(p[name]) !== "").map((name) => (
                  <li key={name}>
                    {t(`participations.result.${name}`)}: {p[name] ? t("common.yes") : t("common.no")}
                  </li>
                ))}
              </ul>
            ) : null}
            {p.followup_due && !followupOpen(p, today) && p.followup_in_employment == null && p.followup_improved_situation == null ? (
              <p className="muted">{t("participations.followupDueOn", { date: formatDate(p.followup_due) })}</p>
            ) : null}
            {role === "coordinator" && !p.exit_date ? (
              <button type="button" onClick={() => setOpen(open?.id === p.id ? null : { id: p.id, form: "end" })} aria-expanded={open?.id === p.id}>
                {t("participations.end")}
              </button>
            ) : null}
            {role === "coordinator" && followupOpen(p, today) ? (
              <button type="button" onClick={() => setOpen(open?.id === p.id ? null : { id: p.id, form: "followup" })} aria-expanded={open?.id === p.id}>
                {t("participations.followup")}
              </button>
            ) : null}
            {open?.id === p.id && open.form === "end" ? <EndParticipationForm participation={p} onDone={done} /> : null}
            {open?.id === p.id && open.form === "followup" ? <FollowupForm participation={p} onDone={done} /> : null}
          </li>
        ))}
      </ul>
      {role === "coordinator" ? (
        <Form
          className="form"
          aria-label={t("participations.enter")}
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            setStatus("");
            if (!project) {
              setProjectError(t("form.required"));
              return;
            }
            try {
              await start.mutateAsync({ client: clientId, funding_source: project, entry_date: entryDate });
              setStatus(t("participations.started"));
              setProject("");
            } catch (err) {
              setError(err);
            }
          }}
        >
          <h3>{t("participations.enter")}</h3>
          <Field label={t("participations.project")} error={projectError} required>
            <select
              value={project}
              onChange={(e) => {
                setProject(e.target.value);
                setProjectError("");
              }}
            >
              <option value="">{t("participations.chooseProject")}</option>
              {(projects.data ?? []).map((source) => (
                <option key={source.id} value={source.id}>
                  {source.name}
                  {source.project_code ? ` (${source.project_code})` : ""}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("participations.entryDate")} required>
            <input type="date" value={entryDate} onChange={(e) => setEntryDate(e.target.value)} />
          </Field>
          <ErrorAlert error={error} />
          {missingFields.length ? (
            <p>
              <Link to={`/clients/${clientId}/edit`}>{t("participations.completeRecord")}</Link>
            </p>
          ) : null}
          {missing ? (
            <p>
              <Link to={recordConsentPath(clientId, missing.kind)}>
                {t("participations.recordConsent", { consent: t(`enum.consentKind.${missing.kind}`) })}
              </Link>
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={start.isPending}>
              {t("participations.enterSubmit")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
