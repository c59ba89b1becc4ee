import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { formatDateTime, isoDate } from "../../lib/format";
import { plannedServiceLabel } from "./invitations";
import { useCreateSurveyLink, useRecordSurvey, useSurveyableServices } from "./queries";
import { Form } from "../../components/Form";

export const QUESTIONS = ["overall", "punctuality", "respect", "needs_met", "would_recommend"] as const;
const SCALE = [1, 2, 3, 4, 5] as const;

function PlannedServiceSelect({ register, error }: { register: ReturnType<typeof useForm<{ planned_service: string }>>["register"]; error?: string }) {
  const { t } = useTranslation();
  const services = useSurveyableServices();
  return (
    <Field label={t("quality.plannedService")} error={error} required hint={services.data && !services.data.length ? t("quality.noServices") : undefined}>
      <select {...register("planned_service", { required: t("form.required") })}>
        <option value="">—</option>
        {services.data?.map((ps) => (
          <option key={ps.id} value={ps.id}>
            {plannedServiceLabel(ps)}
          </option>
        ))}
      </select>
    </Field>
  );
}

const RECORD_FIELDS = ["planned_service", "date", "comment", ...QUESTIONS] as const;
type RecordValues = { planned_service: string; date: string; comment: string } & Record<(typeof QUESTIONS)[number], string>;

/** A survey the coordinator takes down with the client (by phone or at a visit). */
export function SurveyRecordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const record = useRecordSurvey();
  const [messages, setMessages] = useState<string[]>([]);
  const form = useForm<RecordValues>({
    defaultValues: { planned_service: "", date: isoDate(), comment: "", overall: "", punctuality: "", respect: "", needs_met: "", would_recommend: "" },
  });
  const { register, handleSubmit, setError, formState } = form;
  const err = (name: keyof RecordValues) => formState.errors[name]?.message;
  const num = (v: string) => (v === "" ? null : Number(v));
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("quality.surveys.record")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await record.mutateAsync({
            planned_service: v.planned_service,
            date: v.date,
            comment: v.comment,
            overall: Number(v.overall),
            punctuality: num(v.punctuality),
            respect: num(v.respect),
            needs_met: num(v.needs_met),
            would_recommend: num(v.would_recommend),
          });
          onDone();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, RECORD_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <PlannedServiceSelect register={register as never} error={err("planned_service")} />
        <Field label={t("quality.surveys.date")} error={err("date")} required>
          <input type="date" {...register("date", { required: t("form.required") })} />
        </Field>
        {QUESTIONS.map((q) => (
          <Field key={q} label={t(`quality.question.${q}`)} error={err(q)} required={q === "overall"}>
            <select {...register(q, q === "overall" ? { required: t("form.required") } : {})}>
              <option value="">{q === "overall" ? "—" : t("quality.noAnswer")}</option>
              {SCALE.map((n) => (
                <option key={n} value={n}>
                  {t(`survey.scale.${n}`)}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </div>
      <Field label={t("quality.surveys.comment")} error={err("comment")}>
        <textarea {...register("comment")} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("common.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

type LinkValues = { planned_service: string; expires_in_days: string };

/** A one-time link for the client to answer alone; its address is shown this once, to copy and send. */
export function SurveyLinkForm() {
  const { t } = useTranslation();
  const create = useCreateSurveyLink();
  const [messages, setMessages] = useState<string[]>([]);
  const [created, setCreated] = useState<Schemas["NewSurveyInvitation"] | null>(null);
  const [copied, setCopied] = useState(false);
  const { register, handleSubmit, setError, formState } = useForm<LinkValues>({
    defaultValues: { planned_service: "", expires_in_days: "30" },
  });
  const err = (name: keyof LinkValues) => formState.errors[name]?.message;
  if (created) {
    return (
      <div className="card" data-testid="survey-link">
        <div className="alert alert-ok" role="status">
          <p>{t("quality.links.created_once")}</p>
        </div>
        <p>
          {created.service_type_name} · {created.provider_name} · {t("quality.links.expires")}: {formatDateTime(created.expires_at)}
        </p>
        <div className="one-time-link">
          <label htmlFor="survey-link-url" className="visually-hidden">
            {t("quality.links.url")}
          </label>
          <input id="survey-link-url" readOnly value={created.url} onFocus={(e) => e.currentTarget.select()} />
          <button
            type="button"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(created.url);
                setCopied(true);
              } catch {
                document.getElementById("survey-link-url")?.focus();
              }
            }}
          >
            {t("quality.links.copy")}
          </button>
          <span role="status">{copied ? t("quality.links.copied") : ""}</span>
        </div>
        <div className="actions">
          <button type="button" onClick={() => { setCreated(null); setCopied(false); }}>
            {t("quality.links.another")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("quality.links.create")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          const link = await create.mutateAsync({
            planned_service: v.planned_service,
            expires_in_days: v.expires_in_days ? Number(v.expires_in_days) : undefined,
          });
          setCreated(link);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["planned_service", "expires_in_days"]));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <PlannedServiceSelect register={register as never} error={err("planned_service")} />
        <Field label={t("quality.links.days")} error={err("expires_in_days")} hint={t("quality.links.daysHint")}>
          <input type="number" min={1} max={90} {...register("expires_in_days")} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("quality.links.create")}
        </button>
      </div>
    </Form>
  );
}
