import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { Status } from "../../components/Status";
import { formatDate, isoDate } from "../../lib/format";
import { CLOSURE_REASONS } from "../clients/options";
import { GOAL_STATUSES } from "./GoalsSection";
import { useAddReview, useReviews } from "./queries";
import { Form } from "../../components/Form";
import { ReviewDate } from "./ReviewDate";

const DECISIONS = ["continue", "change", "close"] as const;

interface ReviewForm {
  date: string;
  decision: string;
  satisfaction: string;
  next_review_date: string;
  note: string;
  closure_reason: string;
  goal_progress: { goal: string; description: string; status: string; note: string }[];
}

function ReviewEditor({ plan, onDone }: { plan: Schemas["Plan"]; onDone: () => void }) {
  const { t } = useTranslation();
  const add = useAddReview(plan.id);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, control, watch, formState } = useForm<ReviewForm>({
    defaultValues: {
      date: isoDate(),
      decision: "continue",
      satisfaction: "",
      next_review_date: "",
      note: "",
      closure_reason: "",
      goal_progress: plan.goals.map((g) => ({ goal: g.id, description: g.description, status: g.status, note: "" })),
    },
  });
  const { fields } = useFieldArray({ control, name: "goal_progress" });
  const decision = watch("decision");
  const err = (name: string) => (formState.errors as Record<string, { message?: string } | undefined>)[name]?.message;
  const known = ["date", "decision", "satisfaction", "next_review_date", "note", "closure_reason",
    ...plan.goals.flatMap((_g, i) => [`goal_progress.${i}.status`, `goal_progress.${i}.note`])];

  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("reviews.add")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await add.mutateAsync({
            date: v.date,
            decision: v.decision as Schemas["DecisionEnum"],
            satisfaction: v.satisfaction ? Number(v.satisfaction) : null,
            next_review_date: v.next_review_date || null,
            note: v.note,
            ...(v.decision === "close" ? { closure_reason: v.closure_reason as Schemas["ClosureReasonEnum"] } : {}),
            goal_progress: v.goal_progress.map((g) => ({ goal: g.goal, status: g.status as Schemas["GoalStatusEnum"], note: g.note })),
          });
          onDone();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, known));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("reviews.date")} error={err("date")} required>
          <input type="date" {...register("date", { required: t("form.required") })} />
        </Field>
        <Field label={t("reviews.decision")} error={err("decision")} required>
          <select {...register("decision")}>
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {t(`enum.decision.${d}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("reviews.satisfaction")} error={err("satisfaction")} hint={t("reviews.satisfactionHint")}>
          <select {...register("satisfaction")}>
            <option value="">{t("common.notStated")}</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </Field>
        {decision !== "close" ? (
          <Field label={t("reviews.nextReviewDate")} error={err("next_review_date")}>
            <input type="date" {...register("next_review_date")} />
          </Field>
        ) : (
          <Field label={t("plans.closureReason")} error={err("closure_reason")} required>
            <select {...register("closure_reason", { required: t("form.required") })}>
              <option value="">—</option>
              {CLOSURE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`enum.closureReason.${r}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {fields.length ? (
        <fieldset>
          <legend>{t("reviews.goalProgress")}</legend>
          {fields.map((f, i) => (
            <div key={f.id} className="form-grid">
              <Field label={t("reviews.goalStatus", { goal: f.description })} error={formState.errors.goal_progress?.[i]?.status?.message}>
                <select {...register(`goal_progress.${i}.status`)}>
                  {GOAL_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`enum.goalStatus.${s}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t("reviews.goalNote", { goal: f.description })} error={formState.errors.goal_progress?.[i]?.note?.message}>
                <input {...register(`goal_progress.${i}.note`)} />
              </Field>
            </div>
          ))}
        </fieldset>
      ) : null}
      <Field label={t("common.note")} error={err("note")}>
        <textarea {...register("note")} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("reviews.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

export function ReviewsSection({ plan }: { plan: Schemas["Plan"] }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [page, setPage] = useState(1);
  const reviews = useReviews(plan.id, page, 10);
  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">{t("reviews.title")}</h2>
      <p>
        {t("plans.nextReview")}: <strong><ReviewDate date={plan.next_review_date} /></strong> ·{" "}
        {t("plans.reviewInterval", { days: plan.review_interval_days })}
      </p>
      <ErrorAlert error={reviews.error} />
      {reviews.isLoading ? <Loading /> : null}
      {reviews.data?.results.length === 0 ? <p>{t("reviews.none")}</p> : null}
      <ul className="cards">
        {reviews.data?.results.map((r) => (
          <li key={r.id} className="card">
            <h3 className="card-title">
              {formatDate(r.date)} · {t(`enum.decision.${r.decision}`)} · {r.reviewed_by?.name}
            </h3>
            {r.satisfaction ? (
              <p>
                {t("reviews.satisfaction")}: {r.satisfaction}/5
              </p>
            ) : null}
            {r.goal_progress.length ? (
              <ul>
                {r.goal_progress.map((g) => (
                  <li key={g.id}>
                    {g.goal_description}: <Status kind="goalStatus" value={g.status} /> {g.note}
                  </li>
                ))}
              </ul>
            ) : null}
            {r.note ? <p className="muted">{r.note}</p> : null}
          </li>
        ))}
      </ul>
      {reviews.data ? <Pagination page={page} count={reviews.data.count} pageSize={10} onPage={setPage} /> : null}
      {plan.status === "active" || plan.status === "suspended" ? (
        adding ? (
          <ReviewEditor plan={plan} onDone={() => setAdding(false)} />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setAdding(true)}>
              {t("reviews.add")}
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
