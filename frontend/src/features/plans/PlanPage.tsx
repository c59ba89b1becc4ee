import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { Status } from "../../components/Status";
import { formatDate, formatDateTime } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { Timeline } from "../clients/Timeline";
import { GoalsSection } from "./GoalsSection";
import { useAuth } from "../../auth/AuthProvider";
import { approvalShown, changeWithdrawsApproval, isEditable } from "./lifecycle";
import { PlanActions } from "./PlanActions";
import { usePlan, usePlanHistory, usePlanRules, usePrintPlan, useUpdatePlan } from "./queries";
import { ReviewsSection } from "./ReviewsSection";
import { ServicesSection } from "./ServicesSection";
import { StaleNotice } from "../../components/StaleNotice";
import { useStaleEdit } from "../../lib/useStaleEdit";
import { Form } from "../../components/Form";

interface DetailsForm {
  start_date: string;
  end_date: string;
  review_interval_days: string;
  next_review_date: string;
  summary: string;
  reason: string;
}
const DETAIL_FIELDS = ["start_date", "end_date", "review_interval_days", "next_review_date", "summary", "reason"] as const;

function detailsOf(plan: Schemas["Plan"]): DetailsForm {
  return {
    start_date: plan.start_date,
    end_date: plan.end_date ?? "",
    review_interval_days: String(plan.review_interval_days),
    next_review_date: plan.next_review_date ?? "",
    summary: plan.summary,
    reason: "",
  };
}

function DetailsEditor({ plan, onDone }: { plan: Schemas["Plan"]; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdatePlan(plan.id);
  const [messages, setMessages] = useState<string[]>([]);
  // The revision the changes are made from: the one read, or, once someone else's save was shown, theirs.
  const { register, handleSubmit, setError, formState, reset } = useForm<DetailsForm>({ defaultValues: detailsOf(plan) });
  // Someone else's save: their values where this user changed nothing, this user's own changes kept.
  const edit = useStaleEdit(plan.revision, (current) =>
    reset(detailsOf({ ...plan, ...current } as Schemas["Plan"]), { keepDirtyValues: true }),
  );
  const err = (name: keyof DetailsForm) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("plans.editDetails")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await update.mutateAsync({
            body: {
              start_date: v.start_date,
              end_date: v.end_date || null,
              review_interval_days: Number(v.review_interval_days),
              next_review_date: v.next_review_date || null,
              summary: v.summary,
              ...(v.reason ? { reason: v.reason } : {}),
            },
            revision: edit.revision,
          });
          onDone();
        } catch (error) {
          edit.failed(error);
          setMessages(applyFieldErrors(error, setError, DETAIL_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <StaleNotice stale={edit.stale} />
      <div className="form-grid">
        <Field label={t("plans.startDate")} error={err("start_date")} required>
          <input type="date" {...register("start_date", { required: t("form.required") })} />
        </Field>
        <Field label={t("plans.endDate")} error={err("end_date")}>
          <input type="date" {...register("end_date")} />
        </Field>
        <Field label={t("plans.reviewIntervalDays")} error={err("review_interval_days")}>
          <input type="number" min={1} inputMode="numeric" {...register("review_interval_days")} />
        </Field>
        <Field label={t("plans.nextReview")} error={err("next_review_date")}>
          <input type="date" {...register("next_review_date")} />
        </Field>
      </div>
      <Field label={t("plans.summary")} error={err("summary")}>
        <textarea {...register("summary")} />
      </Field>
      <Field label={t("common.reason")} error={err("reason")}>
        <input {...register("reason")} />
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

function PlanHistory({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const history = usePlanHistory(planId, page, PAGE_SIZE);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t("plans.history")}</h2>
      <ErrorAlert error={history.error} />
      {history.data ? (
        <>
          <Timeline entries={history.data.results} />
          <Pagination page={page} count={history.data.count} pageSize={PAGE_SIZE} onPage={setPage} />
        </>
      ) : (
        <Loading />
      )}
    </section>
  );
}

export default function PlanPage() {
  const { t } = useTranslation();
  const { planId = "" } = useParams();
  const plan = usePlan(planId);
  const [editing, setEditing] = useState(false);
  const [showHistory, setShowHistory] = useState(false);

  const { role, me } = useAuth();
  const rules = usePlanRules();
  const printing = usePrintPlan();

  if (plan.isLoading) return <Loading />;
  if (!plan.data) return <ErrorAlert error={plan.error} />;
  const p = plan.data;
  const editable = isEditable(p.status);
  const approval = approvalShown(p.status, p.approval);
  const approvalRequired = !!rules.data?.plans_need_approval;
  const approver = role === "manager" && me?.id !== p.coordinator;
  return (
    <section>
      <h1>
        {t("plans.titleFor", { name: p.client_name })} <Status kind="planStatus" value={p.status} />
      </h1>
      <p>
        <Link to={`/clients/${p.client}?tab=plans`}>
          {p.client_reference} · {p.client_name}
        </Link>
      </p>
      <dl className="facts">
        <dt>{t("plans.period")}</dt>
        <dd>
          {formatDate(p.start_date)} – {formatDate(p.end_date) || "…"}
        </dd>
        <dt>{t("plans.coordinator")}</dt>
        <dd>{p.coordinator_name}</dd>
        <dt>{t("plans.nextReview")}</dt>
        <dd>{formatDate(p.next_review_date) || "—"}</dd>
        <dt>{t("plans.clientAgreedAt")}</dt>
        <dd>
          {p.client_agreed_at ? `${formatDateTime(p.client_agreed_at)} (${t(`enum.agreementMethod.${p.agreement_method}`, { defaultValue: p.agreement_method })})` : "—"}
        </dd>
        <dt>{t("plans.version")}</dt>
        <dd>{p.version}</dd>
        {approval !== null && (approvalRequired || approval !== "") ? (
          <>
            <dt>{t("plans.approval.label")}</dt>
            <dd>
              <span className={`status status-${approval || "draft"}`}>{t(`plans.approval.state.${approval || "none"}`)}</span>
              {approval === "submitted" && p.submitted_at ? (
                <> · {t("plans.approval.submittedBy", { name: p.submitted_by_name ?? "", date: formatDateTime(p.submitted_at) })}</>
              ) : null}
              {approval === "approved" && p.approved_at ? (
                <> · {t("plans.approval.approvedBy", { name: p.approved_by_name ?? "", date: formatDateTime(p.approved_at) })}</>
              ) : null}
            </dd>
            {approval === "returned" && p.returned_reason ? (
              <>
                <dt>{t("plans.approval.returnedReason")}</dt>
                <dd>{p.returned_reason}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {p.status_reason ? (
          <>
            <dt>{t("common.reason")}</dt>
            <dd>{p.status_reason}</dd>
          </>
        ) : null}
        {p.summary ? (
          <>
            <dt>{t("plans.summary")}</dt>
            <dd>{p.summary}</dd>
          </>
        ) : null}
      </dl>
      <PlanActions plan={p} approvalRequired={approvalRequired} approver={approver} />
      {changeWithdrawsApproval(p.status, p.approval) && role === "coordinator" ? (
        <p className="hint">{t("plans.approval.changeWithdraws")}</p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          disabled={printing.isPending}
          onClick={() => printing.mutate({ id: p.id, reference: p.client_reference })}
        >
          {printing.isPending ? t("plans.printing") : t("plans.print")}
        </button>
      </div>
      <ErrorAlert error={printing.error} />
      {editable ? (
        editing ? (
          <DetailsEditor plan={p} onDone={() => setEditing(false)} />
        ) : (
          <button type="button" onClick={() => setEditing(true)}>
            {t("plans.editDetails")}
          </button>
        )
      ) : null}
      <GoalsSection plan={p} editable={editable} />
      <ServicesSection plan={p} editable={editable} />
      <ReviewsSection plan={p} />
      <div className="actions">
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
          {t("plans.history")}
        </button>
      </div>
      {showHistory ? <PlanHistory planId={p.id} /> : null}
    </section>
  );
}
