import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { ReasonAction } from "../../components/ReasonAction";
import { formatDate, formatNumber, isoDate } from "../../lib/format";
import { PlanGlance } from "./PlanGlance";
import { ProgressBar } from "./ProgressBar";
import { useAddIndicatorValue, useCommunityPlan, useCommunityPlanAction } from "./queries";
import "./planning.css";

type Indicator = Schemas["IndicatorProgress"];

/** A community plan: priorities → measures → activities → indicators, each with its live progress. */
export default function CommunityPlanPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { role } = useAuth();
  const plan = useCommunityPlan(id);
  const move = useCommunityPlanAction(id);
  const manager = role === "manager";

  if (plan.isLoading) return <Loading />;
  if (!plan.data) return <ErrorAlert error={plan.error} />;
  const p = plan.data;
  return (
    <section>
      <p>
        <Link to="/community-plans">{t("planning.plans.back")}</Link>
      </p>
      <h1>{p.title}</h1>
      <p>
        <span className={`status status-${p.status}`}>{t(`planning.status.${p.status}`)}</span> ·{" "}
        {formatDate(p.start_date)} – {formatDate(p.end_date)}
      </p>
      {p.description ? <p>{p.description}</p> : null}
      {p.status_reason ? (
        <p className="muted">
          {t("common.reason")}: {p.status_reason}
        </p>
      ) : null}
      {manager ? (
        <div className="actions">
          {p.status === "draft" ? (
            <ReasonAction
              label={t("planning.plans.adopt")}
              onConfirm={(reason) => move.mutateAsync({ action: "adopt", reason })}
            />
          ) : null}
          {p.status === "adopted" ? (
            <ReasonAction
              danger
              label={t("planning.plans.close")}
              onConfirm={(reason) => move.mutateAsync({ action: "close", reason })}
            />
          ) : null}
        </div>
      ) : null}
      {p.priorities.length === 0 ? <p>{t("planning.plans.empty")}</p> : null}
      <PlanGlance plan={p} />
      <ul className="tree">
        {p.priorities.map((pr) => (
          <li key={pr.id}>
            <h2>
              {pr.code} {pr.title}
            </h2>
            {pr.description ? <p>{pr.description}</p> : null}
            <ul>
              {pr.measures.map((m) => (
                <li key={m.id}>
                  <h3>
                    {m.code} {m.title}
                  </h3>
                  {m.description ? <p>{m.description}</p> : null}
                  <ul>
                    {m.activities.map((a) => (
                      <li key={a.id}>
                        <h4>
                          {a.code} {a.title}
                        </h4>
                        {a.responsible_partner_name ? (
                          <p className="muted">
                            {t("planning.activity.responsible")}: {a.responsible_partner_name}
                          </p>
                        ) : null}
                        {a.service_types.length ? (
                          <p className="muted">
                            {t("planning.activity.serviceTypes")}: {a.service_types.map((s) => s.name).join(", ")}
                          </p>
                        ) : null}
                        <Indicators items={a.indicators} canRecord={manager && p.status !== "closed"} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Indicators({ items, canRecord }: { items: Indicator[]; canRecord: boolean }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<string | null>(null);
  if (!items.length) return <p className="muted">{t("planning.indicator.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t("planning.indicator.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("planning.indicator.name")}</th>
            <th scope="col">{t("planning.indicator.period")}</th>
            <th scope="col" className="num">{t("planning.indicator.target")}</th>
            <th scope="col" className="num">{t("planning.indicator.actual")}</th>
            <th scope="col">{t("planning.indicator.progress")}</th>
            {canRecord ? <th scope="col">{t("common.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} data-testid="indicator-row">
              <td>
                {i.name}
                <div className="muted">{t(`planning.kind.${i.kind}`)}</div>
              </td>
              <td>
                {formatDate(i.period_start)} – {formatDate(i.period_end)}
              </td>
              <td className="num">
                {formatNumber(i.target)} {i.unit_label}
              </td>
              <td className="num">
                {formatNumber(i.actual)} {i.unit_label}
              </td>
              <td>
                <ProgressBar percent={i.progress_percent} name={i.name} />
              </td>
              {canRecord ? (
                <td>
                  {i.kind === "manual" ? (
                    adding === i.id ? (
                      <ValueForm indicator={i} onDone={() => setAdding(null)} />
                    ) : (
                      <button type="button" onClick={() => setAdding(i.id)}>
                        {t("planning.indicator.addValue")}
                        <span className="visually-hidden">: {i.name}</span>
                      </button>
                    )
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const VALUE_FIELDS = ["date", "value", "note"] as const;
type ValueFormValues = { date: string; value: string; note: string };

function ValueForm({ indicator, onDone }: { indicator: Indicator; onDone: () => void }) {
  const { t } = useTranslation();
  const add = useAddIndicatorValue();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ValueFormValues>({
    defaultValues: { date: isoDate(), value: "", note: "" },
  });
  const err = (name: keyof ValueFormValues) => formState.errors[name]?.message;
  return (
    <form
      className="form"
      noValidate
      aria-label={t("planning.indicator.addValueFor", { name: indicator.name })}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await add.mutateAsync({ indicator: indicator.id, ...v });
          onDone();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, VALUE_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("planning.indicator.asOf")} error={err("date")} required>
        <input type="date" {...register("date", { required: t("form.required") })} />
      </Field>
      <Field label={t("planning.indicator.value")} error={err("value")} required hint={indicator.unit_label || undefined}>
        <input inputMode="decimal" {...register("value", { required: t("form.required") })} />
      </Field>
      <Field label={t("common.note")} error={err("note")}>
        <input {...register("note")} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("common.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
