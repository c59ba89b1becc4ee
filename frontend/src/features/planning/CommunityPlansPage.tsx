import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { formatDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { useCommunityPlans, useCreateCommunityPlan } from "./queries";
import "./planning.css";
import { Form } from "../../components/Form";

export const PLAN_STATUSES = ["draft", "adopted", "closed"] as const;
export type PlanStatus = Schemas["CommunityPlanStatusEnum"];

/** The centre's community plans (strategies for the area's social services); managers start new ones. */
export default function CommunityPlansPage() {
  const { t } = useTranslation();
  const { role } = useAuth();
  const { page, get, set } = useListParams();
  const status = get("status");
  const search = get("search");
  const [creating, setCreating] = useState(false);
  const list = useCommunityPlans({ page, page_size: PAGE_SIZE, status: (status || undefined) as PlanStatus | undefined, search });

  return (
    <section>
      <h1>{t("planning.plans.title")}</h1>
      {role === "manager" && !creating ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t("planning.plans.new")}
          </button>
        </div>
      ) : null}
      {creating ? <PlanForm onDone={() => setCreating(false)} /> : null}
      <SearchToolbar initial={search} onSearch={(text) => set({ search: text })}>
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {PLAN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`planning.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </SearchToolbar>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("planning.plans.none")}</p> : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("planning.plans.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("planning.plans.name")}</th>
                    <th scope="col">{t("planning.plans.period")}</th>
                    <th scope="col">{t("common.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((p) => (
                    <tr key={p.id} data-testid="community-plan-row">
                      <td>
                        <Link to={`/community-plans/${p.id}`}>{p.title}</Link>
                      </td>
                      <td>
                        {formatDate(p.start_date)} – {formatDate(p.end_date)}
                      </td>
                      <td>
                        <span className={`status status-${p.status}`}>{t(`planning.status.${p.status}`)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}

const PLAN_FIELDS = ["title", "start_date", "end_date", "description"] as const;
type PlanFormValues = { title: string; start_date: string; end_date: string; description: string };

function PlanForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCommunityPlan();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<PlanFormValues>({
    defaultValues: { title: "", start_date: "", end_date: "", description: "" },
  });
  const err = (name: keyof PlanFormValues) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("planning.plans.new")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          const plan = await create.mutateAsync(v);
          onDone();
          navigate(`/community-plans/${plan.id}`);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, PLAN_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("planning.plans.name")} error={err("title")} required>
        <input {...register("title", { required: t("form.required") })} />
      </Field>
      <div className="form-grid">
        <Field label={t("planning.plans.start")} error={err("start_date")} required>
          <input type="date" {...register("start_date", { required: t("form.required") })} />
        </Field>
        <Field label={t("planning.plans.end")} error={err("end_date")} required>
          <input type="date" {...register("end_date", { required: t("form.required") })} />
        </Field>
      </div>
      <Field label={t("planning.plans.description")} error={err("description")}>
        <textarea {...register("description")} />
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
