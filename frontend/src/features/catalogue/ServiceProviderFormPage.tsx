import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { useEnumLabel } from "../../components/Status";
import {
  LANGUAGES, LEGAL_FORMS, PROVIDER_FIELDS, TAX_COUNTRIES, TARGET_GROUPS, listErrorsOnTheirField, providerBodyOf,
  providerFormOf, type ProviderForm,
} from "./providerForms";
import { useProvider, useSaveProvider } from "./queries";
import { StaleNotice } from "../../components/StaleNotice";
import { useStaleEdit } from "../../lib/useStaleEdit";
import { Form } from "../../components/Form";

/** A provider, new (`/manager/providers/new`) or changed (`/manager/providers/:id/edit`). */
export default function ServiceProviderFormPage() {
  const { id } = useParams();
  const provider = useProvider(id ?? "");
  if (id && provider.isLoading) return <Loading />;
  if (id && !provider.data) return <ErrorAlert error={provider.error} />;
  return <ProviderEditor provider={id ? provider.data : undefined} />;
}

function ProviderEditor({ provider }: { provider?: Schemas["Provider"] }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const navigate = useNavigate();
  const save = useSaveProvider();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, reset } = useForm<ProviderForm>({ defaultValues: providerFormOf(provider) });
  // Someone else's save: their values where this user changed nothing, this user's own changes kept.
  const edit = useStaleEdit(provider?.revision, (current) =>
    reset(providerFormOf({ ...provider, ...current } as Schemas["Provider"]), { keepDirtyValues: true }),
  );
  const err = (name: string) => {
    const errors = formState.errors as Record<string, { message?: string } & Record<string, { message?: string }>>;
    const [head, tail] = name.split(".");
    return tail ? errors[head]?.[tail]?.message : errors[head]?.message;
  };
  const title = provider ? t("providers.editTitle", { name: provider.name }) : t("providers.newTitle");

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const saved = await save.mutateAsync({ id: provider?.id, body: providerBodyOf(values), revision: edit.revision });
      navigate(`/manager/providers/${saved.id}`, { state: { notice: provider ? t("providers.saved") : t("providers.created") } });
    } catch (error) {
      edit.failed(error);
      setMessages(applyFieldErrors(listErrorsOnTheirField(error, ["target_groups", "languages", "areas"]), setError, PROVIDER_FIELDS));
    }
  });

  return (
    <section>
      <p>
        <Link to={provider ? `/manager/providers/${provider.id}` : "/manager/providers"}>{t("providers.back")}</Link>
      </p>
      <h1>{title}</h1>
      <Form className="form card" noValidate aria-label={title} onSubmit={submit}>
        <ErrorAlert messages={messages} />
        <StaleNotice stale={edit.stale} />
        <div className="form-grid">
          <Field label={t("providers.name")} error={err("name")} required>
            <input {...register("name", { required: t("form.required") })} />
          </Field>
          <Field label={t("providers.legalForm")} error={err("legal_form")} required>
            <select {...register("legal_form", { required: t("form.required") })}>
              <option value="">{t("providers.chooseLegalForm")}</option>
              {LEGAL_FORMS.map((f) => (
                <option key={f} value={f}>
                  {label("legalForm", f)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("providers.taxId")} error={err("tax_id")} hint={t("providers.taxIdHint")}>
            <input {...register("tax_id")} inputMode="numeric" autoComplete="off" />
          </Field>
          <Field label={t("providers.taxIdCountry")} error={err("tax_id_country")}>
            <select {...register("tax_id_country")}>
              <option value="">{t("providers.centreCountry")}</option>
              {TAX_COUNTRIES.map((c) => (
                <option key={c} value={c}>
                  {label("idCountry", c)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("providers.street")} error={err("street")}>
            <input {...register("street")} autoComplete="street-address" />
          </Field>
          <Field label={t("providers.postcode")} error={err("postcode")}>
            <input {...register("postcode")} autoComplete="postal-code" />
          </Field>
          <Field label={t("providers.municipality")} error={err("municipality")}>
            <input {...register("municipality")} />
          </Field>
          <Field label={t("providers.phone")} error={err("phone")}>
            <input type="tel" {...register("phone")} />
          </Field>
          <Field label={t("providers.email")} error={err("email")}>
            <input type="email" {...register("email")} />
          </Field>
          <Field label={t("providers.website")} error={err("website")}>
            <input type="url" {...register("website")} />
          </Field>
          <Field label={t("providers.areas")} error={err("areas")} hint={t("providers.listHint")}>
            <input {...register("areas")} />
          </Field>
          <Field label={t("providers.languages")} error={err("languages")} hint={t("providers.languagesHint")}>
            <input {...register("languages")} />
          </Field>
        </div>
        <fieldset aria-describedby={err("target_groups") ? "provider-groups-error" : undefined}>
          <legend>{t("providers.targetGroups")}</legend>
          <div className="form-grid">
            {TARGET_GROUPS.map((g) => (
              <label key={g} className="inline-control">
                <input type="checkbox" value={g} {...register("target_groups")} />
                <span>{label("targetGroup", g)}</span>
              </label>
            ))}
          </div>
          {err("target_groups") ? (
            <p className="field-error" id="provider-groups-error">
              {err("target_groups")}
            </p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t("providers.description")}</legend>
          {LANGUAGES.map((lang) => (
            <Field key={lang} label={t(`providers.inLanguage.${lang}`)} error={err(`description.${lang}`)}>
              <textarea rows={2} {...register(`description.${lang}`)} />
            </Field>
          ))}
        </fieldset>
        <Field label={t("providers.accessibility")} error={err("accessibility")}>
          <textarea rows={2} {...register("accessibility")} />
        </Field>
        <label className="inline-control">
          <input type="checkbox" {...register("wheelchair_accessible")} />
          <span>{t("providers.wheelchair")}</span>
        </label>
        <label className="inline-control">
          <input type="checkbox" {...register("is_public")} />
          <span>{t("providers.isPublic")}</span>
        </label>
        {provider ? (
          <>
            <label className="inline-control">
              <input type="checkbox" {...register("is_active")} />
              <span>{t("providers.isActive")}</span>
            </label>
            <Field label={t("common.reason")} error={err("reason")}>
              <input {...register("reason")} />
            </Field>
          </>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {provider ? t("common.save") : t("providers.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}
