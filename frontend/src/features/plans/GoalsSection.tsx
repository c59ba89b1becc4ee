import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Status } from "../../components/Status";
import { formatDate } from "../../lib/format";
import { useSaveGoal } from "./queries";
import { Form } from "../../components/Form";

export const GOAL_STATUSES = ["open", "in_progress", "achieved", "partly_achieved", "not_achieved", "dropped"] as const;
const FIELDS = ["description", "measure", "target_date", "status", "progress_note", "reason"] as const;

interface GoalForm {
  description: string;
  measure: string;
  target_date: string;
  status: string;
  progress_note: string;
  reason: string;
}

function GoalEditor({ planId, goal, onDone }: { planId: string; goal?: Schemas["Goal"]; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveGoal(planId);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<GoalForm>({
    defaultValues: {
      description: goal?.description ?? "",
      measure: goal?.measure ?? "",
      target_date: goal?.target_date ?? "",
      status: goal?.status ?? "open",
      progress_note: goal?.progress_note ?? "",
      reason: "",
    },
  });
  const err = (name: keyof GoalForm) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={goal ? t("goals.edit") : t("goals.add")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        const body = {
          description: v.description,
          measure: v.measure,
          target_date: v.target_date || null,
          status: v.status as Schemas["GoalStatusEnum"],
          progress_note: v.progress_note,
          ...(v.reason ? { reason: v.reason } : {}),
        };
        try {
          await save.mutateAsync({ id: goal?.id, body });
          onDone();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("goals.description")} error={err("description")} required>
        <textarea {...register("description", { required: t("form.required") })} />
      </Field>
      <Field label={t("goals.measure")} error={err("measure")} hint={t("goals.measureHint")}>
        <input {...register("measure")} />
      </Field>
      <div className="form-grid">
        <Field label={t("goals.targetDate")} error={err("target_date")}>
          <input type="date" {...register("target_date")} />
        </Field>
        <Field label={t("common.status")} error={err("status")}>
          <select {...register("status")}>
            {GOAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`enum.goalStatus.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t("goals.progressNote")} error={err("progress_note")}>
        <textarea {...register("progress_note")} />
      </Field>
      {goal ? (
        <Field label={t("common.reason")} error={err("reason")}>
          <input {...register("reason")} />
        </Field>
      ) : null}
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

export function GoalsSection({ plan, editable }: { plan: Schemas["Plan"]; editable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section aria-labelledby="goals-heading">
      <h2 id="goals-heading">{t("goals.title")}</h2>
      {plan.goals.length === 0 ? <p>{t("goals.none")}</p> : null}
      <ul className="cards">
        {plan.goals.map((g) =>
          editing === g.id ? (
            <li key={g.id}>
              <GoalEditor planId={plan.id} goal={g} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={g.id} className="card">
              <h3 className="card-title">{g.description}</h3>
              <p>
                <Status kind="goalStatus" value={g.status} />
                {g.target_date ? ` · ${t("goals.targetDate")}: ${formatDate(g.target_date)}` : ""}
              </p>
              {g.measure ? (
                <p>
                  {t("goals.measure")}: {g.measure}
                </p>
              ) : null}
              {g.progress_note ? <p className="muted">{g.progress_note}</p> : null}
              {editable ? (
                <button type="button" onClick={() => setEditing(g.id)}>
                  {t("common.edit")}
                  <span className="visually-hidden">: {g.description}</span>
                </button>
              ) : null}
            </li>
          ),
        )}
      </ul>
      {editable ? (
        editing === "new" ? (
          <GoalEditor planId={plan.id} onDone={() => setEditing(null)} />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setEditing("new")}>
              {t("goals.add")}
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
