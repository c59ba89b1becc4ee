import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { ReasonAction } from "../../components/ReasonAction";
import { LOCATION_FIELDS, locationBodyOf, locationFormOf, type LocationForm } from "./providerForms";
import { PublishedBadge } from "./PublishedBadge";
import { useSaveLocation } from "./queries";
import { SaveCancel } from "../../components/SaveCancel";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

function LocationEditor({ provider, location, onDone }: { provider: string; location?: Schemas["Location"]; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  const save = useSaveLocation();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<LocationForm>({ defaultValues: locationFormOf(location) });
  const err = (name: keyof LocationForm) => formState.errors[name]?.message;
  const title = location ? t("locations.editTitle", { name: location.name }) : t("locations.add");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={title}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await save.mutateAsync({ id: location?.id, body: locationBodyOf(values, provider) });
          onDone(location ? t("locations.saved") : t("locations.added"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, LOCATION_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("locations.name")} error={err("name")} required>
          <input {...register("name", { required: t("form.required") })} />
        </Field>
        <Field label={t("providers.street")} error={err("street")}>
          <input {...register("street")} />
        </Field>
        <Field label={t("providers.postcode")} error={err("postcode")}>
          <input {...register("postcode")} />
        </Field>
        <Field label={t("providers.municipality")} error={err("municipality")}>
          <input {...register("municipality")} />
        </Field>
        <Field label={t("locations.area")} error={err("area")}>
          <input {...register("area")} />
        </Field>
      </div>
      <Field label={t("providers.accessibility")} error={err("accessibility")}>
        <textarea rows={2} {...register("accessibility")} />
      </Field>
      <label className="inline-control">
        <input type="checkbox" {...register("wheelchair_accessible")} />
        <span>{t("providers.wheelchair")}</span>
      </label>
      <label className="inline-control">
        <input type="checkbox" {...register("is_public")} />
        <span>{t("locations.isPublic")}</span>
      </label>
      {location ? (
        <Field label={t("common.reason")} error={err("reason")}>
          <input {...register("reason")} />
        </Field>
      ) : null}
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}

/** A provider's places: where its services are given; each one shown publicly or not. */
export function Locations({ provider, locations, listed }: { provider: Schemas["Provider"]; locations: readonly Schemas["Location"][]; listed: boolean }) {
  const { t } = useTranslation();
  const save = useSaveLocation();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const done = (text: string) => {
    setEditing(null);
    setNotice(text);
  };
  const show = async (l: Schemas["Location"], isPublic: boolean, reason: string) => {
    setNotice("");
    await save.mutateAsync({ id: l.id, body: { is_public: isPublic, ...(reason ? { reason } : {}) } });
    setNotice(isPublic ? t("locations.shown") : t("locations.hidden"));
  };
  return (
    <section aria-labelledby="locations-heading">
      <h2 id="locations-heading">{t("locations.title")}</h2>
      <Notice text={notice} />
      {locations.length === 0 ? <p>{t("locations.none")}</p> : null}
      <ul className="cards">
        {locations.map((l) => (
          <li key={l.id} className="card" data-testid="location">
            <h3 className="card-title">{l.name}</h3>
            <p>{[l.street, [l.postcode, l.municipality].filter(Boolean).join(" "), l.area].filter(Boolean).join(", ")}</p>
            <p>
              <PublishedBadge published={listed && l.is_public} />
              {l.wheelchair_accessible ? <span className="muted"> {t("providers.wheelchair")}</span> : null}
            </p>
            {l.accessibility ? <p className="muted">{l.accessibility}</p> : null}
            {editing === l.id ? (
              <LocationEditor provider={provider.id} location={l} onDone={done} />
            ) : (
              <div className="actions">
                <button type="button" onClick={() => setEditing(l.id)}>
                  {t("common.edit")}
                  <span className="visually-hidden"> {l.name}</span>
                </button>
                {l.is_public ? (
                  <ReasonAction label={t("locations.hide")} hint={t("locations.hideHint")} onConfirm={(r) => show(l, false, r)} />
                ) : (
                  <ReasonAction label={t("locations.show")} onConfirm={(r) => show(l, true, r)} />
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing === "new" ? (
        <LocationEditor provider={provider.id} onDone={done} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setEditing("new")}>
            {t("locations.add")}
          </button>
        </div>
      )}
    </section>
  );
}
