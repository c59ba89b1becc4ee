import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { ReasonAction } from "../../components/ReasonAction";
import { useEnumLabel } from "../../components/Status";
import {
  DELIVERY_FORMS, LANGUAGES, OFFERING_FIELDS, TARGET_GROUPS, listErrorsOnTheirField, offeringBodyOf, offeringFormOf,
  translated, type OfferingForm,
} from "./providerForms";
import { PublishedBadge } from "./PublishedBadge";
import { useSaveOffering, useServiceTypes } from "./queries";
import { SaveCancel } from "../../components/SaveCancel";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";
import { costText } from "./cost";

function OfferingEditor({ provider, offering, locations, onDone }: {
  provider: string;
  offering?: Schemas["Offering"];
  locations: readonly Schemas["Location"][];
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const types = useServiceTypes("name");
  const save = useSaveOffering();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<OfferingForm>({ defaultValues: offeringFormOf(offering) });
  const err = (name: string) => {
    const errors = formState.errors as Record<string, { message?: string } & Record<string, { message?: string }>>;
    const [head, tail] = name.split(".");
    return tail ? errors[head]?.[tail]?.message : errors[head]?.message;
  };
  const title = offering ? t("offerings.editTitle", { name: offering.name || offering.service_type_name }) : t("offerings.add");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={title}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await save.mutateAsync({ id: offering?.id, body: offeringBodyOf(values, provider) });
          onDone(offering ? t("offerings.saved") : t("offerings.added"));
        } catch (error) {
          setMessages(applyFieldErrors(listErrorsOnTheirField(error, ["target_groups", "languages"]), setError, OFFERING_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("services.serviceType")} error={err("service_type")} required>
          <select {...register("service_type", { required: t("form.required") })} disabled={!!offering}>
            <option value="">{t("services.chooseType")}</option>
            {types.data?.map((st) => (
              <option key={st.id} value={st.id}>
                {st.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("offerings.name")} error={err("name")} hint={t("offerings.nameHint")}>
          <input {...register("name")} />
        </Field>
        <Field label={t("offerings.deliveryForm")} error={err("delivery_form")}>
          <select {...register("delivery_form")}>
            <option value="">{t("offerings.asServiceType")}</option>
            {DELIVERY_FORMS.map((f) => (
              <option key={f} value={f}>
                {label("deliveryForm", f)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("offerings.capacity")} error={err("capacity")} hint={t("offerings.capacityHint")}>
          <input inputMode="numeric" {...register("capacity")} />
        </Field>
        <Field label={t("offerings.schedule")} error={err("schedule")} hint={t("offerings.scheduleHint")}>
          <input {...register("schedule")} />
        </Field>
        <Field label={t("offerings.cost")} error={err("cost")} hint={t("offerings.costHint")}>
          <input inputMode="decimal" {...register("cost")} />
        </Field>
        <Field label={t("offerings.costNote")} error={err("cost_note")}>
          <input {...register("cost_note")} />
        </Field>
        <Field label={t("providers.languages")} error={err("languages")} hint={t("offerings.languagesHint")}>
          <input {...register("languages")} />
        </Field>
      </div>
      <fieldset>
        <legend>{t("offerings.locations")}</legend>
        {locations.length === 0 ? <p className="muted">{t("offerings.noLocations")}</p> : null}
        {locations.map((l) => (
          <label key={l.id} className="inline-control">
            <input type="checkbox" value={l.id} {...register("locations")} />
            <span>{[l.name, l.street, l.municipality].filter(Boolean).join(", ")}</span>
          </label>
        ))}
        {err("locations") ? <p className="field-error">{err("locations")}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t("offerings.targetGroups")}</legend>
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
        <legend>{t("providers.description")}</legend>
        {LANGUAGES.map((lang) => (
          <Field key={lang} label={t(`providers.inLanguage.${lang}`)} error={err(`description.${lang}`)}>
            <textarea rows={2} {...register(`description.${lang}`)} />
          </Field>
        ))}
      </fieldset>
      <label className="inline-control">
        <input type="checkbox" {...register("is_public")} />
        <span>{t("offerings.isPublic")}</span>
      </label>
      {offering ? (
        <Field label={t("common.reason")} error={err("reason")}>
          <input {...register("reason")} />
        </Field>
      ) : null}
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}

/** A provider's offerings: what it delivers, where, when, for whom and at what cost; published or not. */
export function Offerings({ provider, offerings, locations, listed, currency }: {
  provider: Schemas["Provider"];
  /** The centre's currency, for the cost to the client. */
  currency: string;
  offerings: readonly Schemas["Offering"][];
  locations: readonly Schemas["Location"][];
  /** The ids of the offerings the public catalogue shows. */
  listed: Set<string>;
}) {
  const { t, i18n } = useTranslation();
  const label = useEnumLabel();
  const save = useSaveOffering();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const done = (text: string) => {
    setEditing(null);
    setNotice(text);
  };
  const change = async (o: Schemas["Offering"], body: { is_public?: boolean; is_active?: boolean }, reason: string, text: string) => {
    setNotice("");
    await save.mutateAsync({ id: o.id, body: { ...body, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
    setNotice(text);
  };
  return (
    <section aria-labelledby="offerings-heading">
      <h2 id="offerings-heading">{t("offerings.title")}</h2>
      <Notice text={notice} />
      {offerings.length === 0 ? <p>{t("offerings.none")}</p> : null}
      <ul className="cards">
        {offerings.map((o) => {
          const name = o.name || o.service_type_name;
          return (
            <li key={o.id} className="card" data-testid="offering">
              <h3 className="card-title">
                {name}
                {o.name && o.name !== o.service_type_name ? <span className="muted"> · {o.service_type_name}</span> : null}
              </h3>
              <p>
                <PublishedBadge published={listed.has(o.id)} />
                {!o.is_active ? <span className="status status-withdrawn">{t("offerings.withdrawn")}</span> : null}
                {o.is_public && o.is_active && !listed.has(o.id) ? <span className="muted"> {t("offerings.providerNotListed")}</span> : null}
              </p>
              <dl className="facts">
                <dt>{t("offerings.deliveryForm")}</dt>
                <dd>{o.delivery_form ? label("deliveryForm", o.delivery_form) : t("offerings.asServiceType")}</dd>
                <dt>{t("offerings.capacity")}</dt>
                <dd>{o.capacity ?? t("common.notStated")}</dd>
                <dt>{t("offerings.locations")}</dt>
                <dd>{o.locations.length ? o.locations.map((l) => l.name).join("; ") : t("common.none")}</dd>
                <dt>{t("offerings.schedule")}</dt>
                <dd>{o.schedule || t("common.notStated")}</dd>
                <dt>{t("offerings.cost")}</dt>
                <dd>{costText(t, o.cost, o.cost_note, currency)}</dd>
                {o.target_groups.length ? (
                  <>
                    <dt>{t("offerings.targetGroups")}</dt>
                    <dd>{o.target_groups.map((g) => label("targetGroup", g)).join(", ")}</dd>
                  </>
                ) : null}
              </dl>
              {translated(o.description, i18n.language) ? <p>{translated(o.description, i18n.language)}</p> : null}
              {editing === o.id ? (
                <OfferingEditor provider={provider.id} offering={o} locations={locations} onDone={done} />
              ) : (
                <div className="actions">
                  <button type="button" onClick={() => setEditing(o.id)}>
                    {t("common.edit")}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                  {o.is_active ? (
                    o.is_public ? (
                      <ReasonAction label={t("offerings.unpublish")} onConfirm={(r) => change(o, { is_public: false }, r, t("offerings.unpublished"))} />
                    ) : (
                      <ReasonAction label={t("offerings.publish")} onConfirm={(r) => change(o, { is_public: true }, r, t("offerings.publishedNotice"))} />
                    )
                  ) : null}
                  {o.is_active ? (
                    <ReasonAction
                      label={t("offerings.withdraw")}
                      danger
                      reasonRequired
                      hint={t("offerings.withdrawHint")}
                      onConfirm={(r) => change(o, { is_active: false }, r, t("offerings.withdrawnNotice"))}
                    />
                  ) : (
                    <ReasonAction label={t("offerings.restore")} onConfirm={(r) => change(o, { is_active: true }, r, t("offerings.restored"))} />
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {editing === "new" ? (
        <OfferingEditor provider={provider.id} locations={locations} onDone={done} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setEditing("new")}>
            {t("offerings.add")}
          </button>
        </div>
      )}
    </section>
  );
}
