import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { isoDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { useServiceTypes } from "../catalogue/queries";
import { demandExceedsCapacity } from "./progress";
import { useNeeds, usePartners, useRaiseNeed } from "./queries";
import { RaisedNeeds } from "./RaisedNeeds";
import "./planning.css";
import { SaveCancel } from "../../components/SaveCancel";
import { Form } from "../../components/Form";
import { unitAmount } from "../../lib/units";

export const NEED_SOURCES = ["partner", "public", "meeting", "staff"] as const;

/** The needs register: demand (waiting, assessed, raised) per service type and area against capacity. */
export default function NeedsPage() {
  const { t } = useTranslation();
  const { page, get, set } = useListParams();
  const serviceType = get("service_type");
  const area = get("area");
  const byArea = get("by_area") !== "false";
  const [areaDraft, setAreaDraft] = useState(area);
  const [raising, setRaising] = useState(false);
  const [saved, setSaved] = useState(false);
  const types = useServiceTypes("name");
  const rows = useNeeds({
    page,
    page_size: PAGE_SIZE,
    service_type: serviceType || undefined,
    area: area || undefined,
    by_area: byArea,
  });

  return (
    <section>
      <h1>{t("planning.needs.title")}</h1>
      <p className="hint">{t("planning.needs.intro")}</p>
      {saved ? (
        <div className="alert alert-ok" role="status">
          <p>{t("planning.needs.raised")}</p>
        </div>
      ) : null}
      {raising ? (
        <RaiseNeedForm
          onDone={(ok) => {
            setRaising(false);
            setSaved(ok);
          }}
        />
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => { setSaved(false); setRaising(true); }}>
            {t("planning.needs.raise")}
          </button>
        </div>
      )}
      <Form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ area: areaDraft });
        }}
      >
        <label className="inline-control">
          <span>{t("planning.needs.serviceType")}</span>
          <select value={serviceType} onChange={(e) => set({ service_type: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {types.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-control">
          <span>{t("planning.needs.area")}</span>
          <input type="search" value={areaDraft} onChange={(e) => setAreaDraft(e.target.value)} />
        </label>
        <label className="inline-control">
          <input type="checkbox" checked={byArea} onChange={(e) => set({ by_area: e.target.checked ? null : "false" })} />
          <span>{t("planning.needs.byArea")}</span>
        </label>
        <button type="submit">{t("common.filter")}</button>
      </Form>
      <ErrorAlert error={rows.error} />
      {rows.isLoading ? <Loading /> : null}
      {rows.data ? (
        <>
          {rows.data.results.length === 0 ? <p>{t("planning.needs.none")}</p> : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("planning.needs.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("planning.needs.serviceType")}</th>
                    <th scope="col">{t("planning.needs.area")}</th>
                    <th scope="col" className="num">{t("planning.needs.waiting")}</th>
                    <th scope="col" className="num">{t("planning.needs.assessed")}</th>
                    <th scope="col" className="num">{t("planning.needs.raisedCount")}</th>
                    <th scope="col" className="num">{t("planning.needs.total")}</th>
                    <th scope="col" className="num">{t("planning.needs.places")}</th>
                    <th scope="col" className="num">{t("planning.needs.monthly")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.data.results.map((r: Schemas["NeedsRow"]) => {
                    const over = demandExceedsCapacity(r);
                    return (
                      <tr key={`${r.service_type ?? "none"}-${r.area}`} data-testid="needs-row">
                        <th scope="row">{r.service_type_name || t("planning.needs.noType")}</th>
                        <td>{r.area || t("planning.needs.noArea")}</td>
                        <td className="num">{r.waiting}</td>
                        <td className="num">{r.assessed}</td>
                        <td className="num">
                          {r.raised}
                          {r.raised_people ? <div className="muted">{t("planning.needs.people", { count: r.raised_people })}</div> : null}
                        </td>
                        <td className="num">
                          <span className={over ? "over-capacity" : undefined}>{r.total}</span>
                          {over ? <div className="over-capacity">{t("planning.needs.overCapacity")}</div> : null}
                        </td>
                        <td className="num">{r.offering_capacity ?? "—"}</td>
                        <td className="num">
                          {r.contracted_monthly_capacity === null ? "—" : unitAmount(t, r.contracted_monthly_capacity, r.unit)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} count={rows.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
      <RaisedNeeds answeredBy={get("answered_by")} onClearAnsweredBy={() => set({ answered_by: null })} />
    </section>
  );
}

const NEED_FIELDS = ["source", "partner", "service_type", "area", "description", "people_estimate", "raised_on"] as const;
type NeedFormValues = {
  source: Schemas["NeedSourceEnum"];
  partner: string;
  service_type: string;
  area: string;
  description: string;
  people_estimate: string;
  raised_on: string;
};

function RaiseNeedForm({ onDone }: { onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const types = useServiceTypes("name");
  const partners = usePartners();
  const raise = useRaiseNeed();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<NeedFormValues>({
    defaultValues: { source: "staff", partner: "", service_type: "", area: "", description: "", people_estimate: "", raised_on: isoDate() },
  });
  const err = (name: keyof NeedFormValues) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("planning.needs.raise")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          await raise.mutateAsync({
            source: v.source,
            partner: v.partner || null,
            service_type: v.service_type || null,
            area: v.area,
            description: v.description,
            people_estimate: v.people_estimate === "" ? null : Number(v.people_estimate),
            raised_on: v.raised_on,
          });
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, NEED_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("planning.needs.source")} error={err("source")} required>
          <select {...register("source")}>
            {NEED_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`planning.source.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("planning.needs.partner")} error={err("partner")}>
          <select {...register("partner")}>
            <option value="">{t("common.none")}</option>
            {partners.data?.results.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("planning.needs.serviceType")} error={err("service_type")}>
          <select {...register("service_type")}>
            <option value="">{t("common.notStated")}</option>
            {types.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("planning.needs.area")} error={err("area")}>
          <input {...register("area")} />
        </Field>
        <Field label={t("planning.needs.peopleEstimate")} error={err("people_estimate")}>
          <input type="number" min={0} {...register("people_estimate")} />
        </Field>
        <Field label={t("planning.needs.raisedOn")} error={err("raised_on")} required>
          <input type="date" {...register("raised_on", { required: t("form.required") })} />
        </Field>
      </div>
      <Field label={t("planning.needs.description")} error={err("description")} required>
        <textarea {...register("description", { required: t("form.required") })} />
      </Field>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(false)} />
    </Form>
  );
}
