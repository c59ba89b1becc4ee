import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { isoDate } from "../../lib/format";
import { useServiceTypes } from "../catalogue/queries";
import { useAddAssessment, useAddReferral, useUpdateAssessment } from "./queries";
import { SaveCancel } from "../../components/SaveCancel";
import { Form } from "../../components/Form";

export const AREAS = ["self_care", "mobility", "health", "housing", "finances", "relations", "employment_education", "safety", "leisure"] as const;
const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
const SCORES = [0, 1, 2, 3, 4] as const;

interface AssessmentFormValues {
  date: string;
  status: string;
  summary: string;
  areas: { area: string; score: string; description: string }[];
  needs: { id?: string; area: string; service_type: string; priority: string; description: string }[];
}

type Assessment = Schemas["Assessment"];

/** A saved assessment as the form's values (every area listed, its score blank when it was not assessed). */
export function assessmentValues(a: Assessment): AssessmentFormValues {
  return {
    date: a.date,
    status: a.status,
    summary: a.summary ?? "",
    areas: AREAS.map((area) => {
      const found = a.areas.find((x) => x.area === area);
      return { area, score: found ? String(found.score) : "", description: found?.description ?? "" };
    }),
    needs: a.needs.map((n) => ({
      id: n.id,
      area: n.area,
      service_type: n.service_type ?? "",
      priority: n.priority ?? "medium",
      description: n.description ?? "",
    })),
  };
}

/** The scored areas the user filled in (a blank score leaves the area out) and the needs, as the API wants them. */
export function assessmentBody(clientId: string, v: AssessmentFormValues): Schemas["AssessmentRequest"] {
  return {
    client: clientId,
    date: v.date,
    status: v.status as Schemas["AssessmentStatusEnum"],
    summary: v.summary,
    areas: v.areas
      .filter((a) => a.score !== "")
      .map((a) => ({ area: a.area as Schemas["AreaEnum"], score: Number(a.score), description: a.description })),
    needs: v.needs.map((n) => ({
      ...(n.id ? { id: n.id } : {}),
      area: n.area as Schemas["AreaEnum"],
      service_type: n.service_type,
      priority: n.priority as Schemas["PriorityEnum"],
      description: n.description,
    })),
  };
}

/** A new assessment, or (``assessment`` given) a draft one changed: sent with If-Match, so someone else's save in
 * between is refused (412) rather than overwritten. */
export function AssessmentForm({ clientId, assessment, onDone }: { clientId: string; assessment?: Assessment; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const types = useServiceTypes();
  const add = useAddAssessment(clientId);
  const update = useUpdateAssessment(clientId);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, control, formState } = useForm<AssessmentFormValues>({
    defaultValues: assessment
      ? assessmentValues(assessment)
      : {
          date: isoDate(),
          status: "completed",
          summary: "",
          areas: AREAS.map((area) => ({ area, score: "", description: "" })),
          needs: [],
        },
  });
  const label = assessment ? t("assessments.editDraft") : t("assessments.add");
  const needs = useFieldArray({ control, name: "needs" });

  return (
    <Form
      className="form card"
      noValidate
      aria-label={label}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          if (assessment) {
            const { client: _client, ...body } = assessmentBody(clientId, v);
            await update.mutateAsync({ id: assessment.id, revision: assessment.revision, body });
          } else {
            await add.mutateAsync(assessmentBody(clientId, v));
          }
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["date", "status", "summary"]));
        }
      })}
    >
      <h3>{label}</h3>
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("assessments.date")} error={formState.errors.date?.message} required>
          <input type="date" {...register("date", { required: t("form.required") })} />
        </Field>
        <Field label={t("common.status")} error={formState.errors.status?.message}>
          <select {...register("status")}>
            {(["draft", "completed"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`enum.assessmentStatus.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t("plans.summary")} error={formState.errors.summary?.message}>
        <textarea {...register("summary")} />
      </Field>
      <fieldset>
        <legend>{t("assessments.areas")}</legend>
        <p className="hint">{t("assessments.scoreHint")}</p>
        {AREAS.map((area, i) => (
          <div key={area} className="form-grid">
            <Field label={t("assessments.areaScore", { area: t(`enum.area.${area}`) })}>
              <select {...register(`areas.${i}.score`)}>
                <option value="">—</option>
                {SCORES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("assessments.areaDescription", { area: t(`enum.area.${area}`) })}>
              <input {...register(`areas.${i}.description`)} />
            </Field>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("assessments.needs")}</legend>
        {needs.fields.map((f, i) => (
          <div key={f.id} className="form-grid">
            <Field label={t("assessments.area")}>
              <select {...register(`needs.${i}.area`)}>
                {AREAS.map((a) => (
                  <option key={a} value={a}>
                    {t(`enum.area.${a}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("services.serviceType")} error={formState.errors.needs?.[i]?.service_type?.message} required>
              <select {...register(`needs.${i}.service_type`, { required: t("form.required") })}>
                <option value="">{t("services.chooseType")}</option>
                {types.data?.map((st) => (
                  <option key={st.id} value={st.id}>
                    {st.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("assessments.priority")}>
              <select {...register(`needs.${i}.priority`)}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`enum.priority.${p}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("assessments.description")}>
              <input {...register(`needs.${i}.description`)} />
            </Field>
            <div className="actions">
              <button type="button" onClick={() => needs.remove(i)}>
                {t("assessments.removeNeed")}
              </button>
            </div>
          </div>
        ))}
        <button type="button" onClick={() => needs.append({ area: "self_care", service_type: "", priority: "medium", description: "" })}>
          {t("assessments.addNeed")}
        </button>
      </fieldset>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}

const SOURCES = ["self", "family", "hospital", "school", "police", "court", "ngo", "social_worker", "other"] as const;

interface ReferralFormValues {
  source: string;
  source_name: string;
  date: string;
  reason: string;
}

export function ReferralForm({ clientId, onDone }: { clientId: string; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const add = useAddReferral();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ReferralFormValues>({
    defaultValues: { source: "self", source_name: "", date: isoDate(), reason: "" },
  });
  const err = (name: keyof ReferralFormValues) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("referrals.add")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await add.mutateAsync({
            client: clientId,
            source: v.source as Schemas["ReferralSourceEnum"],
            source_name: v.source_name,
            date: v.date,
            reason: v.reason,
          });
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["source", "source_name", "date", "reason"]));
        }
      })}
    >
      <h3>{t("referrals.add")}</h3>
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("referrals.source")} error={err("source")} required>
          <select {...register("source")}>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`enum.referralSource.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("referrals.sourceName")} error={err("source_name")}>
          <input {...register("source_name")} />
        </Field>
        <Field label={t("referrals.date")} error={err("date")} required>
          <input type="date" {...register("date", { required: t("form.required") })} />
        </Field>
      </div>
      <Field label={t("referrals.reason")} error={err("reason")} required>
        <textarea {...register("reason", { required: t("form.required") })} />
      </Field>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}
