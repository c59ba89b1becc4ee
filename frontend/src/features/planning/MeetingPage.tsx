import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Notice } from "../../components/Notice";
import { ReasonAction } from "../../components/ReasonAction";
import { SaveCancel } from "../../components/SaveCancel";
import { formatDate, formatDateTime } from "../../lib/format";
import { useNotice } from "../../lib/useNotice";
import {
  useAddDecision,
  useAddFollowUp,
  useCompleteFollowUp,
  useMeeting,
  useMeetingAction,
  usePartners,
  useUpdateMeetingPartners,
} from "./queries";
import "./planning.css";
import { Form } from "../../components/Form";

type Meeting = Schemas["Meeting"];

/** One meeting: agenda, participants, minutes, decisions and follow-up actions; close with minutes or cancel. */
export default function MeetingPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const meeting = useMeeting(id);
  const move = useMeetingAction(id);
  const [closing, setClosing] = useState(false);
  const [choosingPartners, setChoosingPartners] = useState(false);
  const [notice, say] = useNotice();

  if (meeting.isLoading) return <Loading />;
  if (!meeting.data) return <ErrorAlert error={meeting.error} />;
  const m = meeting.data;
  const participants = [...m.staff.map((s) => s.name), ...m.partners.map((p) => p.name)];
  return (
    <section>
      <p>
        <Link to="/meetings">{t("planning.meetings.back")}</Link>
      </p>
      <h1>{m.title}</h1>
      <dl className="survey-about">
        <dt>{t("common.status")}</dt>
        <dd>
          <span className={`status status-${m.status}`}>{t(`planning.meetingStatus.${m.status}`)}</span>
          {m.status_reason ? ` · ${m.status_reason}` : ""}
        </dd>
        <dt>{t("planning.meetings.when")}</dt>
        <dd>{formatDateTime(m.starts_at)}</dd>
        <dt>{t("planning.meetings.location")}</dt>
        <dd>{m.location || "—"}</dd>
        <dt>{t("planning.meetings.organiser")}</dt>
        <dd>{m.organiser.name}</dd>
        <dt>{t("planning.meetings.participants")}</dt>
        <dd>{[...participants, m.other_participants].filter(Boolean).join(", ") || "—"}</dd>
      </dl>
      <Notice text={notice} />
      {m.status !== "cancelled" ? (
        choosingPartners ? (
          <PartnersForm
            meeting={m}
            onDone={(saved) => {
              setChoosingPartners(false);
              if (saved) say(t("partners.meetingPartnersSaved"));
            }}
          />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setChoosingPartners(true)}>
              {t("partners.choosePartners")}
            </button>
          </div>
        )
      ) : null}
      {m.status === "planned" ? (
        <div className="actions">
          {!closing ? (
            <button type="button" className="primary" onClick={() => setClosing(true)}>
              {t("planning.meetings.close")}
            </button>
          ) : null}
          <ReasonAction
            danger
            label={t("planning.meetings.cancel")}
            onConfirm={(reason) => move.mutateAsync({ action: "cancel", reason })}
          />
        </div>
      ) : null}
      {closing ? <CloseForm meeting={m} onDone={() => setClosing(false)} /> : null}

      <h2>{t("planning.meetings.agenda")}</h2>
      <p className="pre-line">{m.agenda || "—"}</p>
      <h2>{t("planning.meetings.minutes")}</h2>
      <p className="pre-line">{m.minutes || "—"}</p>

      <h2>{t("planning.meetings.decisions")}</h2>
      {m.decisions.length ? (
        <ol>
          {m.decisions.map((d) => (
            <li key={d.id}>{d.text}</li>
          ))}
        </ol>
      ) : (
        <p>{t("planning.meetings.noDecisions")}</p>
      )}
      {m.status !== "cancelled" ? <DecisionForm meeting={m} /> : null}

      <h2>{t("planning.followUps.title")}</h2>
      {m.follow_ups.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("planning.followUps.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("planning.followUps.description")}</th>
                <th scope="col">{t("planning.followUps.owner")}</th>
                <th scope="col">{t("planning.followUps.due")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {m.follow_ups.map((f) => (
                <tr key={f.id} data-testid="follow-up-row">
                  <td>{f.description}</td>
                  <td>
                    {f.owner?.name || f.owner_name || "—"}
                    {f.partner_name ? <div className="muted">{f.partner_name}</div> : null}
                  </td>
                  <td>{formatDate(f.due_date)}</td>
                  <td>
                    <span className={`status status-${f.status}`}>{t(`planning.followUpStatus.${f.status}`)}</span>
                    {f.outcome ? <div className="muted">{f.outcome}</div> : null}
                  </td>
                  <td>
                    {f.status === "open" ? (
                      <OutcomeAction followUp={f} />
                    ) : (
                      <span className="muted">{formatDate(f.completed_at)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("planning.followUps.none")}</p>
      )}
      {m.status !== "cancelled" ? <FollowUpForm meeting={m} onAdded={() => say(t("partners.followUpAdded"))} /> : null}
    </section>
  );
}

function CloseForm({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const { t } = useTranslation();
  const move = useMeetingAction(meeting.id);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<{ minutes: string }>({
    defaultValues: { minutes: meeting.minutes },
  });
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("planning.meetings.close")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await move.mutateAsync({ action: "close", minutes: v.minutes });
          onDone();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["minutes"]));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("planning.meetings.minutes")} error={formState.errors.minutes?.message} required>
        <textarea rows={8} {...register("minutes", { required: t("form.required") })} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("planning.meetings.close")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

function DecisionForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const add = useAddDecision();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, reset } = useForm<{ text: string }>({ defaultValues: { text: "" } });
  return (
    <Form
      className="form"
      noValidate
      aria-label={t("planning.meetings.addDecision")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await add.mutateAsync({ meeting: meeting.id, text: v.text, sort_order: meeting.decisions.length + 1 });
          reset();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["text"]));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("planning.meetings.decision")} error={formState.errors.text?.message} required>
        <input {...register("text", { required: t("form.required") })} />
      </Field>
      <button type="submit" disabled={formState.isSubmitting}>
        {t("planning.meetings.addDecision")}
      </button>
    </Form>
  );
}

/** The partners taking part in a meeting: a checkbox per active partner (and any inactive one already chosen). */
function PartnersForm({ meeting, onDone }: { meeting: Meeting; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const partners = usePartners();
  const update = useUpdateMeetingPartners(meeting.id);
  const [chosen, setChosen] = useState<string[]>(meeting.partners.map((p) => p.id));
  const [error, setError] = useState<unknown>(null);
  const shown = (partners.data?.results ?? []).filter((p) => p.is_active || chosen.includes(p.id));
  return (
    <Form
      className="form card"
      aria-label={t("partners.choosePartners")}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await update.mutateAsync(chosen);
          onDone(true);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <ErrorAlert error={error} />
      <fieldset>
        <legend>{t("planning.meetings.partners")}</legend>
        {shown.length === 0 ? <p className="muted">{t("partners.none")}</p> : null}
        {shown.map((p) => (
          <label key={p.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(p.id)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))}
            />{" "}
            {p.name}
          </label>
        ))}
      </fieldset>
      <SaveCancel busy={update.isPending} onCancel={() => onDone(false)} />
    </Form>
  );
}

const FOLLOW_UP_FIELDS = ["description", "owner_name", "partner", "due_date", "decision"] as const;
type FollowUpValues = { description: string; owner_name: string; partner: string; due_date: string; decision: string };

function FollowUpForm({ meeting, onAdded }: { meeting: Meeting; onAdded: () => void }) {
  const { t } = useTranslation();
  const add = useAddFollowUp();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, reset } = useForm<FollowUpValues>({
    defaultValues: { description: "", owner_name: "", partner: "", due_date: "", decision: "" },
  });
  const err = (name: keyof FollowUpValues) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("planning.followUps.add")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await add.mutateAsync({
            meeting: meeting.id,
            description: v.description,
            owner_name: v.owner_name,
            partner: v.partner || null,
            due_date: v.due_date,
            decision: v.decision || null,
          });
          reset();
          onAdded();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, FOLLOW_UP_FIELDS));
        }
      })}
    >
      <h3 className="card-title">{t("planning.followUps.add")}</h3>
      <ErrorAlert messages={messages} />
      <Field label={t("planning.followUps.description")} error={err("description")} required>
        <input {...register("description", { required: t("form.required") })} />
      </Field>
      <div className="form-grid">
        <Field label={t("planning.followUps.owner")} error={err("owner_name")} required>
          <input {...register("owner_name", { required: t("form.required") })} />
        </Field>
        {meeting.partners.length ? (
          <Field label={t("partners.followUpPartner")} error={err("partner")} hint={t("partners.followUpPartnerHint")}>
            <select {...register("partner")}>
              <option value="">{t("common.none")}</option>
              {meeting.partners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t("planning.followUps.due")} error={err("due_date")} required>
          <input type="date" {...register("due_date", { required: t("form.required") })} />
        </Field>
        {meeting.decisions.length ? (
          <Field label={t("planning.meetings.decision")} error={err("decision")}>
            <select {...register("decision")}>
              <option value="">{t("common.none")}</option>
              {meeting.decisions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.text}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("planning.followUps.add")}
        </button>
      </div>
    </Form>
  );
}

export function OutcomeAction({ followUp, onDone }: { followUp: Schemas["FollowUp"]; onDone?: () => void }) {
  const { t } = useTranslation();
  const complete = useCompleteFollowUp();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t("planning.followUps.complete")}
        <span className="visually-hidden">: {followUp.description}</span>
      </button>
    );
  return (
    <Form
      aria-label={t("planning.followUps.complete")}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await complete.mutateAsync({ id: followUp.id, outcome });
          setOpen(false);
          onDone?.();
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="field">
        <label htmlFor={`outcome-${followUp.id}`}>{t("planning.followUps.outcome")}</label>
        <input id={`outcome-${followUp.id}`} value={outcome} autoFocus onChange={(e) => setOutcome(e.target.value)} />
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("planning.followUps.complete")}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}
