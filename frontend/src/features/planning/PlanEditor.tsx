// The community plan editor's pieces (managers, a plan that is not closed): forms to add or change a priority,
// measure, activity or indicator, and each node's tools (change, move up/down, remove with a confirmation).
// The server's refusal (e.g. a closed plan, an activity answering raised needs) is shown where the action was.
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { SaveCancel } from "../../components/SaveCancel";
import { useEnumLabel } from "../../components/Status";
import { useServiceTypes } from "../catalogue/queries";
import { TARGET_GROUPS } from "../catalogue/providerForms";
import { useAddNode, useChangeNode, useNodeAction, usePartners, type NodeKind } from "./queries";
import { Form } from "../../components/Form";

export const INDICATOR_KINDS = [
  "delivered_hours", "delivered_units", "people_served", "plans_active", "contracted_capacity", "manual",
] as const;

type TreeActivity = Schemas["TreeActivity"];
type Indicator = Schemas["IndicatorProgress"];

/** A priority's or measure's fields. */
type NodeValues = { code: string; title: string; description: string };
const NODE_FIELDS = ["code", "title", "description"] as const;

export function NodeForm({
  kind, parent, node, onDone,
}: {
  kind: "priority" | "measure";
  parent: string;
  node?: { id: string } & NodeValues;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const add = useAddNode();
  const change = useChangeNode();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<NodeValues>({
    defaultValues: { code: node?.code ?? "", title: node?.title ?? "", description: node?.description ?? "" },
  });
  const err = (name: keyof NodeValues) => formState.errors[name]?.message;
  const label = node ? t(`planning.editor.edit.${kind}`) : t(`planning.editor.add.${kind}`);
  return (
    <Form
      className="form card"
      noValidate
      aria-label={label}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          if (node) await change.mutateAsync({ kind, id: node.id, body: v });
          else if (kind === "priority") await add.mutateAsync({ kind, body: { ...v, plan: parent } });
          else await add.mutateAsync({ kind, body: { ...v, priority: parent } });
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, NODE_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("planning.editor.code")} error={err("code")} hint={t(`planning.editor.codeHint.${kind}`)}>
          <input {...register("code")} />
        </Field>
        <Field label={t("planning.editor.title")} error={err("title")} required>
          <input {...register("title", { required: t("form.required") })} />
        </Field>
      </div>
      <Field label={t("planning.plans.description")} error={err("description")}>
        <textarea rows={2} {...register("description")} />
      </Field>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}

type ActivityValues = NodeValues & { responsible_partner: string; target_groups: string[]; service_types: string[] };
const ACTIVITY_FIELDS = [...NODE_FIELDS, "responsible_partner", "target_groups", "service_types"] as const;

export function ActivityForm({
  measure, activity, onDone,
}: {
  measure: string;
  activity?: TreeActivity;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const add = useAddNode();
  const change = useChangeNode();
  const partners = usePartners();
  const types = useServiceTypes("name");
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ActivityValues>({
    defaultValues: {
      code: activity?.code ?? "",
      title: activity?.title ?? "",
      description: activity?.description ?? "",
      responsible_partner: activity?.responsible_partner ?? "",
      target_groups: activity?.target_groups ?? [],
      service_types: activity?.service_types.map((s) => s.id) ?? [],
    },
  });
  const err = (name: keyof ActivityValues) => formState.errors[name]?.message;
  // Active partners to choose from, and the one named already even if it is no longer active.
  const choices = (partners.data?.results ?? []).filter((p) => p.is_active || p.id === activity?.responsible_partner);
  const title = activity ? t("planning.editor.edit.activity") : t("planning.editor.add.activity");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={title}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        const body = {
          code: v.code,
          title: v.title,
          description: v.description,
          responsible_partner: v.responsible_partner || null,
          target_groups: (v.target_groups || []) as Schemas["PlanningTargetGroupEnum"][],
          service_types: v.service_types || [],
        };
        try {
          if (activity) await change.mutateAsync({ kind: "activity", id: activity.id, body });
          else await add.mutateAsync({ kind: "activity", body: { ...body, measure } });
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ACTIVITY_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("planning.editor.code")} error={err("code")} hint={t("planning.editor.codeHint.activity")}>
          <input {...register("code")} />
        </Field>
        <Field label={t("planning.editor.title")} error={err("title")} required>
          <input {...register("title", { required: t("form.required") })} />
        </Field>
      </div>
      <Field label={t("planning.plans.description")} error={err("description")}>
        <textarea rows={2} {...register("description")} />
      </Field>
      <Field label={t("planning.activity.responsible")} error={err("responsible_partner")}>
        <select {...register("responsible_partner")}>
          <option value="">{t("planning.editor.noPartner")}</option>
          {choices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>{t("planning.activity.targetGroups")}</legend>
        <div className="form-grid">
          {TARGET_GROUPS.map((g) => (
            <label key={g} className="inline-control">
              <input type="checkbox" value={g} {...register("target_groups")} />
              <span>{label("targetGroup", g)}</span>
            </label>
          ))}
        </div>
        {err("target_groups") ? <p className="field-error">{err("target_groups")}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t("planning.activity.serviceTypes")}</legend>
        <p className="hint">{t("planning.editor.serviceTypesHint")}</p>
        <div className="form-grid checkbox-list">
          {(types.data ?? []).map((s) => (
            <label key={s.id} className="inline-control">
              <input type="checkbox" value={s.id} {...register("service_types")} />
              <span>{s.name}</span>
            </label>
          ))}
        </div>
        {err("service_types") ? <p className="field-error">{err("service_types")}</p> : null}
      </fieldset>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}

type IndicatorValues = {
  name: string; kind: string; period: string; year: string; baseline: string; target: string; unit_label: string;
};
const INDICATOR_FIELDS = ["name", "kind", "period", "year", "baseline", "target", "unit_label"] as const;

export function IndicatorForm({
  activity, indicator, onDone,
}: {
  activity: string;
  indicator?: Indicator;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const add = useAddNode();
  const change = useChangeNode();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, watch } = useForm<IndicatorValues>({
    defaultValues: {
      name: indicator?.name ?? "",
      kind: indicator?.kind ?? "manual",
      period: indicator?.period ?? "plan",
      year: indicator?.year ? String(indicator.year) : "",
      baseline: indicator?.baseline ?? "",
      target: indicator?.target ?? "",
      unit_label: indicator?.unit_label ?? "",
    },
  });
  const err = (name: keyof IndicatorValues) => formState.errors[name]?.message;
  const yearly = watch("period") === "year";
  const title = indicator ? t("planning.editor.edit.indicator") : t("planning.editor.add.indicator");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={title}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        const body = {
          name: v.name,
          kind: v.kind as Schemas["IndicatorKindEnum"],
          period: v.period as Schemas["IndicatorPeriodEnum"],
          year: yearly && v.year ? Number(v.year) : null,
          baseline: v.baseline.trim() ? v.baseline.trim() : null,
          target: v.target.trim(),
          unit_label: v.unit_label,
        };
        try {
          if (indicator) await change.mutateAsync({ kind: "indicator", id: indicator.id, body });
          else await add.mutateAsync({ kind: "indicator", body: { ...body, activity } });
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, INDICATOR_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("planning.indicator.name")} error={err("name")} required>
        <input {...register("name", { required: t("form.required") })} />
      </Field>
      <div className="form-grid">
        <Field label={t("planning.editor.kind")} error={err("kind")} required>
          <select {...register("kind")}>
            {INDICATOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`planning.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("planning.indicator.period")} error={err("period")} required>
          <select {...register("period")}>
            <option value="plan">{t("planning.editor.periodPlan")}</option>
            <option value="year">{t("planning.editor.periodYear")}</option>
          </select>
        </Field>
        {yearly ? (
          <Field label={t("planning.editor.year")} error={err("year")} required>
            <input inputMode="numeric" {...register("year", { required: t("form.required") })} />
          </Field>
        ) : null}
        <Field label={t("planning.editor.baseline")} error={err("baseline")}>
          <input inputMode="decimal" {...register("baseline")} />
        </Field>
        <Field label={t("planning.indicator.target")} error={err("target")} required>
          <input inputMode="decimal" {...register("target", { required: t("form.required") })} />
        </Field>
        <Field label={t("planning.editor.unit")} error={err("unit_label")} hint={t("planning.editor.unitHint")}>
          <input {...register("unit_label")} />
        </Field>
      </div>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}

/** A node's tools: change (opens its form), move up/down, remove (asks first). */
export function NodeTools({
  kind, id, name, first, last, onEdit, onDone,
}: {
  kind: NodeKind;
  id: string;
  name: string;
  first: boolean;
  last: boolean;
  onEdit: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const act = useNodeAction();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: "delete" | "up" | "down") => {
    setError(null);
    try {
      await act.mutateAsync({ kind, id, action });
      setConfirming(false);
      onDone(action === "delete" ? t("planning.editor.deleted", { name }) : t("planning.editor.moved", { name }));
    } catch (err) {
      setError(err);
    }
  };
  const hidden = <span className="visually-hidden">: {name}</span>;
  return (
    <div className="node-tools">
      <div className="actions">
        <button type="button" onClick={onEdit}>
          {t("common.edit")}
          {hidden}
        </button>
        <button type="button" disabled={first || act.isPending} onClick={() => run("up")}>
          <span aria-hidden="true">↑ </span>
          {t("planning.editor.up")}
          {hidden}
        </button>
        <button type="button" disabled={last || act.isPending} onClick={() => run("down")}>
          <span aria-hidden="true">↓ </span>
          {t("planning.editor.down")}
          {hidden}
        </button>
        {confirming ? null : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t("planning.editor.delete")}
            {hidden}
          </button>
        )}
      </div>
      {confirming ? (
        <div className="card" role="group" aria-label={t("planning.editor.confirmTitle", { name })}>
          <p>{t(`planning.editor.confirm.${kind}`, { name })}</p>
          <div className="actions">
            <button type="button" className="danger" disabled={act.isPending} onClick={() => run("delete")}>
              {t("planning.editor.confirmDelete")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorAlert error={error} />
    </div>
  );
}
