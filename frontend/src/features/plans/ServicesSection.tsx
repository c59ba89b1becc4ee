import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useCurrency } from "../../auth/useCentre";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { ReasonAction } from "../../components/ReasonAction";
import { Status } from "../../components/Status";
import { formatDate } from "../../lib/format";
import { AssignPanel } from "./AssignPanel";
import { useServiceTypes } from "../catalogue/queries";
import { ProgressPanel } from "./ProgressPanel";
import { useCancelService, useSaveService, useUnassignService } from "./queries";
import { WeekdayPicker } from "./WeekdayPicker";
import { weekdayList } from "./weekdays";
import { StaleNotice } from "../../components/StaleNotice";
import { useStaleEdit } from "../../lib/useStaleEdit";
import "./plans.css";
import { Form } from "../../components/Form";
import { unitAmount } from "../../lib/units";

const PERS = ["week", "month", "total"] as const;
const FIELDS = ["service_type", "units", "per", "start_date", "end_date", "weekdays", "note", "reason"] as const;

interface ServiceForm {
  service_type: string;
  units: string;
  per: string;
  start_date: string;
  end_date: string;
  /** ISO days, 1 (Monday) to 7 (Sunday); none: any day. */
  weekdays: number[];
  note: string;
  reason: string;
}

function serviceFormOf(plan: Schemas["Plan"], service?: Schemas["PlannedService"]): ServiceForm {
  return {
    service_type: service?.service_type ?? "",
    units: service?.units ?? "",
    per: service?.per ?? "week",
    start_date: service?.start_date ?? plan.start_date,
    end_date: service?.end_date ?? plan.end_date ?? "",
    weekdays: service?.weekdays ?? [],
    note: service?.note ?? "",
    reason: "",
  };
}

function ServiceEditor({ plan, service, onDone }: { plan: Schemas["Plan"]; service?: Schemas["PlannedService"]; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveService(plan.id);
  const types = useServiceTypes();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, control, formState, reset } = useForm<ServiceForm>({
    defaultValues: serviceFormOf(plan, service),
  });
  // Someone else's save: their values where this user changed nothing, this user's own changes kept.
  const edit = useStaleEdit(service?.revision, (current) =>
    reset(serviceFormOf(plan, { ...service, ...current } as Schemas["PlannedService"]), { keepDirtyValues: true }),
  );
  const err = (name: Exclude<keyof ServiceForm, "weekdays">) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={service ? t("services.edit") : t("services.add")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        const body = {
          units: v.units,
          per: v.per as Schemas["PerEnum"],
          start_date: v.start_date,
          end_date: v.end_date || null,
          weekdays: v.weekdays,
          note: v.note,
          ...(v.reason ? { reason: v.reason } : {}),
        };
        try {
          await save.mutateAsync(
            service
              ? { id: service.id, body, revision: edit.revision }
              : { body: { ...body, service_type: v.service_type } },
          );
          onDone();
        } catch (error) {
          edit.failed(error);
          setMessages(applyFieldErrors(error, setError, FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <StaleNotice stale={edit.stale} />
      {!service ? (
        <Field label={t("services.serviceType")} error={err("service_type")} required>
          <select {...register("service_type", { required: t("form.required") })}>
            <option value="">{t("services.chooseType")}</option>
            {types.data?.map((st) => (
              <option key={st.id} value={st.id}>
                {st.name} ({t(`enum.unit.${st.unit}`, { defaultValue: st.unit })})
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <div className="form-grid">
        <Field label={t("services.units")} error={err("units")} required>
          <input inputMode="decimal" {...register("units", { required: t("form.required") })} />
        </Field>
        <Field label={t("services.per")} error={err("per")} required>
          <select {...register("per")}>
            {PERS.map((p) => (
              <option key={p} value={p}>
                {t(`enum.per.${p}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("services.startDate")} error={err("start_date")} required>
          <input type="date" {...register("start_date", { required: t("form.required") })} />
        </Field>
        <Field label={t("services.endDate")} error={err("end_date")}>
          <input type="date" {...register("end_date")} />
        </Field>
      </div>
      <Controller
        name="weekdays"
        control={control}
        render={({ field, fieldState }) => (
          <WeekdayPicker value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
        )}
      />
      <Field label={t("common.note")} error={err("note")}>
        <textarea {...register("note")} />
      </Field>
      {service ? (
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

type Panel = { id: string; kind: "assign" | "progress" | "edit" } | null;

export function ServicesSection({ plan, editable }: { plan: Schemas["Plan"]; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const unassign = useUnassignService(plan.id);
  const cancel = useCancelService(plan.id);
  const currency = useCurrency();
  const [panel, setPanel] = useState<Panel>(null);
  const [adding, setAdding] = useState(false);
  const toggle = (id: string, kind: "assign" | "progress" | "edit") =>
    setPanel((p) => (p && p.id === id && p.kind === kind ? null : { id, kind }));

  return (
    <section aria-labelledby="services-heading">
      <h2 id="services-heading">{t("services.title")}</h2>
      {plan.services.length === 0 ? <p>{t("services.none")}</p> : null}
      <ul className="cards">
        {plan.services.map((s) => {
          const open = panel?.id === s.id ? panel.kind : null;
          const active = s.status === "waiting" || s.status === "assigned";
          return (
            <li key={s.id} className="card">
              <h3 className="card-title">
                {s.service_type_name} — {unitAmount(t, s.units, s.unit)} /{" "}
                {t(`enum.per.${s.per}`)}
              </h3>
              <p>
                <Status kind="plannedServiceStatus" value={s.status} /> · {formatDate(s.start_date)} – {formatDate(s.end_date) || "…"}
              </p>
              <p>
                {s.provider ? (
                  <>
                    {t("services.provider")}: <strong>{s.provider_name}</strong> ({t("services.contract")} {s.contract_number})
                  </>
                ) : (
                  <>
                    {t("services.noProvider")}
                    {s.waiting_since ? ` · ${t("services.waitingSince", { date: formatDate(s.waiting_since) })}` : ""}
                  </>
                )}
              </p>
              {(s.periods?.length ?? 0) > 1 ? (
                <ul className="periods" aria-label={t("services.periods")}>
                  {s.periods.map((p) => (
                    <li key={p.start_date}>
                      {t("services.periodOn", { contract: p.contract_number, start: formatDate(p.start_date), end: formatDate(p.end_date) })}
                    </li>
                  ))}
                </ul>
              ) : null}
              {s.assigned_until ? (
                <p className="alert alert-warn" role="status">
                  {t("services.assignedUntil", { date: formatDate(s.assigned_until), provider: s.provider_name ?? "" })}
                </p>
              ) : null}
              {s.weekdays?.length ? <p>{t("services.onDays", { days: weekdayList(s.weekdays, i18n.language) })}</p> : null}
              {s.note ? <p className="muted">{s.note}</p> : null}
              <div className="actions">
                <button type="button" aria-expanded={open === "progress"} onClick={() => toggle(s.id, "progress")}>
                  {t("services.progress")}
                </button>
                {editable && active && !s.provider ? (
                  <button type="button" aria-expanded={open === "assign"} onClick={() => toggle(s.id, "assign")}>
                    {t("services.assign")}
                  </button>
                ) : null}
                {editable && active ? (
                  <button type="button" aria-expanded={open === "edit"} onClick={() => toggle(s.id, "edit")}>
                    {t("common.edit")}
                  </button>
                ) : null}
                {editable && s.status === "assigned" ? (
                  <ReasonAction
                    label={t("services.unassign")}
                    onConfirm={(reason) => unassign.mutateAsync({ id: s.id, reason })}
                  />
                ) : null}
                {editable && active ? (
                  <ReasonAction
                    label={t("services.cancel")}
                    danger
                    onConfirm={(reason) => cancel.mutateAsync({ id: s.id, reason })}
                  />
                ) : null}
              </div>
              {open === "progress" ? <ProgressPanel serviceId={s.id} unit={s.unit} /> : null}
              {open === "assign" ? (
                <AssignPanel planId={plan.id} serviceId={s.id} currency={currency} onAssigned={() => setPanel(null)} />
              ) : null}
              {open === "edit" ? <ServiceEditor plan={plan} service={s} onDone={() => setPanel(null)} /> : null}
            </li>
          );
        })}
      </ul>
      {editable ? (
        adding ? (
          <ServiceEditor plan={plan} onDone={() => setAdding(false)} />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setAdding(true)}>
              {t("services.add")}
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
