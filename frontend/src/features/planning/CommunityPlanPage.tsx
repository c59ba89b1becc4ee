import { Fragment, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Notice } from "../../components/Notice";
import { ReasonAction } from "../../components/ReasonAction";
import { SaveCancel } from "../../components/SaveCancel";
import { useEnumLabel } from "../../components/Status";
import { formatDate, formatNumber, isoDate } from "../../lib/format";
import { useNotice } from "../../lib/useNotice";
import { ActivityLines } from "./ActivityLines";
import { PlanGlance } from "./PlanGlance";
import { ActivityForm, IndicatorForm, NodeForm, NodeTools } from "./PlanEditor";
import { ProgressBar } from "./ProgressBar";
import {
  useAddIndicatorValue, useCommunityPlan, useCommunityPlanAction, usePrintCommunityPlan, type NodeKind,
} from "./queries";
import "./planning.css";
import { Form } from "../../components/Form";

type Indicator = Schemas["IndicatorProgress"];

/** A community plan: priorities → measures → activities → indicators, each with its live progress. Managers edit
 * the tree while the plan is not closed (an adopted plan's changes are kept in its history). */
export default function CommunityPlanPage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const { role } = useAuth();
  const plan = useCommunityPlan(id);
  const move = useCommunityPlanAction(id);
  const printing = usePrintCommunityPlan();
  const [notice, setNotice] = useNotice();
  const [open, setOpen] = useState<string | null>(null);
  const manager = role === "manager";

  if (plan.isLoading) return <Loading />;
  if (!plan.data) return <ErrorAlert error={plan.error} />;
  const p = plan.data;
  const editable = manager && p.status !== "closed";
  const done = (message: string) => (saved: boolean) => {
    setOpen(null);
    if (saved) setNotice(message);
  };
  const tools = (kind: NodeKind, nodeId: string, name: string, index: number, count: number) =>
    editable ? (
      <NodeTools
        kind={kind}
        id={nodeId}
        name={name}
        first={index === 0}
        last={index === count - 1}
        onEdit={() => setOpen(`edit:${nodeId}`)}
        onDone={setNotice}
      />
    ) : null;
  const adder = (key: string, label: string) =>
    editable && open !== key ? (
      <button type="button" className="add-node" onClick={() => setOpen(key)}>
        + {label}
      </button>
    ) : null;
  return (
    <section className="community-plan">
      <p>
        <Link to="/community-plans">{t("planning.plans.back")}</Link>
      </p>
      <h1>{p.title}</h1>
      <p>
        <span className={`status status-${p.status}`}>{t(`planning.status.${p.status}`)}</span> ·{" "}
        {formatDate(p.start_date)} – {formatDate(p.end_date)}
      </p>
      {p.description ? <p className="pre-line">{p.description}</p> : null}
      {p.status_reason ? (
        <p className="muted">
          {t("common.reason")}: {p.status_reason}
        </p>
      ) : null}
      <Notice text={notice} />
      <div className="actions">
        <button
          type="button"
          disabled={printing.isPending}
          onClick={() => printing.mutate({ id: p.id, lang: i18n.language.slice(0, 2) })}
        >
          {printing.isPending ? t("planning.plans.printing") : t("planning.plans.print")}
        </button>
        {manager && p.status === "draft" ? (
          <ReasonAction
            label={t("planning.plans.adopt")}
            onConfirm={async (reason) => {
              await move.mutateAsync({ action: "adopt", reason });
              setNotice(t("planning.plans.adopted"));
            }}
          />
        ) : null}
        {manager && p.status === "adopted" ? (
          <ReasonAction
            danger
            label={t("planning.plans.close")}
            hint={t("planning.plans.closeHint")}
            onConfirm={async (reason) => {
              await move.mutateAsync({ action: "close", reason });
              setNotice(t("planning.plans.closed"));
            }}
          />
        ) : null}
      </div>
      <ErrorAlert error={printing.error} />
      {p.status !== "draft" ? (
        <p>
          <Link to={`/public/community-plans/${p.id}`}>{t("planning.plans.publicPage")}</Link>
        </p>
      ) : null}
      {manager && p.status === "adopted" ? <p className="hint">{t("planning.editor.adoptedHint")}</p> : null}
      {manager && p.status === "closed" ? <p className="hint">{t("planning.editor.closedHint")}</p> : null}
      {p.priorities.length === 0 ? <p>{t("planning.plans.empty")}</p> : null}
      <PlanGlance plan={p} />
      <ul className="tree">
        {p.priorities.map((pr, pi) => (
          <li key={pr.id} data-testid="priority">
            <h2>
              {pr.code} {pr.title}
            </h2>
            {open === `edit:${pr.id}` ? (
              <NodeForm kind="priority" parent={p.id} node={pr} onDone={done(t("planning.editor.saved"))} />
            ) : (
              <>
                {pr.description ? <p className="pre-line">{pr.description}</p> : null}
                {tools("priority", pr.id, `${pr.code} ${pr.title}`.trim(), pi, p.priorities.length)}
              </>
            )}
            <ul>
              {pr.measures.map((m, mi) => (
                <li key={m.id} data-testid="measure">
                  <h3>
                    {m.code} {m.title}
                  </h3>
                  {open === `edit:${m.id}` ? (
                    <NodeForm kind="measure" parent={pr.id} node={m} onDone={done(t("planning.editor.saved"))} />
                  ) : (
                    <>
                      {m.description ? <p className="pre-line">{m.description}</p> : null}
                      {tools("measure", m.id, `${m.code} ${m.title}`.trim(), mi, pr.measures.length)}
                    </>
                  )}
                  <ul>
                    {m.activities.map((a, ai) => (
                      <li key={a.id} data-testid="activity">
                        <h4>
                          {a.code} {a.title}
                        </h4>
                        {open === `edit:${a.id}` ? (
                          <ActivityForm measure={m.id} activity={a} onDone={done(t("planning.editor.saved"))} />
                        ) : (
                          <>
                            <ActivityFacts activity={a} />
                            {tools("activity", a.id, `${a.code} ${a.title}`.trim(), ai, m.activities.length)}
                          </>
                        )}
                        <Indicators
                          items={a.indicators}
                          canRecord={editable}
                          open={open}
                          setOpen={setOpen}
                          activity={a.id}
                          onNotice={setNotice}
                        />
                        {open === `add-indicator:${a.id}` ? (
                          <IndicatorForm activity={a.id} onDone={done(t("planning.editor.added.indicator"))} />
                        ) : null}
                        {adder(`add-indicator:${a.id}`, t("planning.editor.add.indicator"))}
                      </li>
                    ))}
                  </ul>
                  {open === `add-activity:${m.id}` ? (
                    <ActivityForm measure={m.id} onDone={done(t("planning.editor.added.activity"))} />
                  ) : null}
                  {adder(`add-activity:${m.id}`, t("planning.editor.add.activity"))}
                </li>
              ))}
            </ul>
            {open === `add-measure:${pr.id}` ? (
              <NodeForm kind="measure" parent={pr.id} onDone={done(t("planning.editor.added.measure"))} />
            ) : null}
            {adder(`add-measure:${pr.id}`, t("planning.editor.add.measure"))}
          </li>
        ))}
      </ul>
      {open === "add-priority" ? (
        <NodeForm kind="priority" parent={p.id} onDone={done(t("planning.editor.added.priority"))} />
      ) : null}
      {adder("add-priority", t("planning.editor.add.priority"))}
    </section>
  );
}

function ActivityFacts({ activity: a }: { activity: Schemas["TreeActivity"] }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  return (
    <>
      <ActivityLines
        description={a.description}
        responsible={a.responsible_partner_name}
        targetGroups={a.target_groups.map((g) => label("targetGroup", g))}
        serviceTypes={a.service_types.map((s) => s.name)}
      />
      {a.answers_needs ? (
        <p className="muted">
          <Link to={`/needs?answered_by=${a.id}`}>{t("planning.activity.answersNeeds", { count: a.answers_needs })}</Link>
        </p>
      ) : null}
    </>
  );
}

function Indicators({
  items, canRecord, open, setOpen, activity, onNotice,
}: {
  items: Indicator[];
  canRecord: boolean;
  open: string | null;
  setOpen: (key: string | null) => void;
  activity: string;
  onNotice: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<string | null>(null);
  const editing = items.find((i) => open === `edit:${i.id}`);
  if (!items.length) return <p className="muted">{t("planning.indicator.none")}</p>;
  return (
    <>
      {editing ? (
      <IndicatorForm
        activity={activity}
        indicator={editing}
        onDone={(saved) => {
          setOpen(null);
          if (saved) onNotice(t("planning.editor.saved"));
        }}
      />
    ) : null}
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
          </tr>
        </thead>
        <tbody>
          {items.map((i, index) => (
            <Fragment key={i.id}>
              <tr data-testid="indicator-row" className={canRecord ? "has-tools" : undefined}>
                <td>
                  {i.name}
                  <div className="muted">{t(`planning.kind.${i.kind}`)}</div>
                </td>
                <td>
                  {formatDate(i.period_start)} – {formatDate(i.period_end)}
                </td>
                <td className="num">
                  {formatNumber(i.target)} {i.unit_label}
                  {i.baseline !== null && i.baseline !== undefined ? (
                    <div className="muted">
                      {t("planning.editor.baseline")}: {formatNumber(i.baseline)}
                    </div>
                  ) : null}
                </td>
                <td className="num">
                  {formatNumber(i.actual)} {i.unit_label}
                </td>
                <td>
                  <ProgressBar percent={i.progress_percent} name={i.name} />
                </td>
              </tr>
              {canRecord ? (
                // The row's tools on a row of their own under it, starting at the left: reachable on a phone
                // without scrolling the table sideways.
                <tr className="indicator-tools">
                  <td colSpan={5}>
                    <div className="indicator-tools-inner">
                    {i.kind === "manual" ? (
                      adding === i.id ? (
                        <ValueForm
                          indicator={i}
                          onDone={(saved) => {
                            setAdding(null);
                            if (saved) onNotice(t("planning.indicator.valueAdded", { name: i.name }));
                          }}
                        />
                      ) : (
                        <button type="button" onClick={() => setAdding(i.id)}>
                          {t("planning.indicator.addValue")}
                          <span className="visually-hidden">: {i.name}</span>
                        </button>
                      )
                    ) : null}
                    <NodeTools
                      kind="indicator"
                      id={i.id}
                      name={i.name}
                      first={index === 0}
                      last={index === items.length - 1}
                      onEdit={() => setOpen(`edit:${i.id}`)}
                      onDone={onNotice}
                    />
                    </div>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}

const VALUE_FIELDS = ["date", "value", "note"] as const;
type ValueFormValues = { date: string; value: string; note: string };

function ValueForm({ indicator, onDone }: { indicator: Indicator; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const add = useAddIndicatorValue();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ValueFormValues>({
    defaultValues: { date: isoDate(), value: "", note: "" },
  });
  const err = (name: keyof ValueFormValues) => formState.errors[name]?.message;
  return (
    <Form
      className="form"
      noValidate
      aria-label={t("planning.indicator.addValueFor", { name: indicator.name })}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await add.mutateAsync({ indicator: indicator.id, ...v });
          onDone(true);
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
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}
