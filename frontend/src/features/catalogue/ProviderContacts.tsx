import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { ReasonAction } from "../../components/ReasonAction";
import { CONTACT_FIELDS, contactBodyOf, contactFormOf, type ContactForm } from "./providerForms";
import { PublishedBadge } from "./PublishedBadge";
import { useSaveProviderContact } from "./queries";
import { SaveCancel } from "../../components/SaveCancel";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

interface Choices {
  offerings: readonly Schemas["Offering"][];
  locations: readonly Schemas["Location"][];
}

function ContactEditor({ provider, contact, choices, onDone }: {
  provider: string;
  contact?: Schemas["ProviderContact"];
  choices: Choices;
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const save = useSaveProviderContact();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ContactForm>({ defaultValues: contactFormOf(contact) });
  const err = (name: keyof ContactForm) => formState.errors[name]?.message;
  const title = contact ? t("providerContacts.editTitle", { name: contact.name || contact.department }) : t("providerContacts.add");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={title}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await save.mutateAsync({ id: contact?.id, body: contactBodyOf(values, provider) });
          onDone(contact ? t("providerContacts.saved") : t("providerContacts.added"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, CONTACT_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("providerContacts.name")} error={err("name")}>
          <input {...register("name")} />
        </Field>
        <Field label={t("providerContacts.role")} error={err("title")}>
          <input {...register("title")} />
        </Field>
        <Field label={t("providerContacts.department")} error={err("department")}>
          <input {...register("department")} />
        </Field>
        <Field label={t("providers.phone")} error={err("phone")}>
          <input type="tel" {...register("phone")} />
        </Field>
        <Field label={t("providers.email")} error={err("email")}>
          <input type="email" {...register("email")} />
        </Field>
        <Field label={t("providerContacts.forOffering")} error={err("offering")}>
          <select {...register("offering")}>
            <option value="">{t("providerContacts.wholeProvider")}</option>
            {choices.offerings.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name || o.service_type_name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("providerContacts.atLocation")} error={err("location")}>
          <select {...register("location")}>
            <option value="">{t("providerContacts.anyLocation")}</option>
            {choices.locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <label className="inline-control">
        <input type="checkbox" {...register("is_public")} />
        <span>{t("providerContacts.isPublic")}</span>
      </label>
      {contact ? (
        <Field label={t("common.reason")} error={err("reason")}>
          <input {...register("reason")} />
        </Field>
      ) : null}
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}

/** A provider's contact points (the public catalogue's contacts; not clients' contact persons). */
export function ProviderContacts({ provider, contacts, choices, listed }: {
  provider: Schemas["Provider"];
  contacts: readonly Schemas["ProviderContact"][];
  choices: Choices;
  listed: boolean;
}) {
  const { t } = useTranslation();
  const save = useSaveProviderContact();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const done = (text: string) => {
    setEditing(null);
    setNotice(text);
  };
  const show = async (c: Schemas["ProviderContact"], isPublic: boolean, reason: string) => {
    setNotice("");
    await save.mutateAsync({ id: c.id, body: { is_public: isPublic, ...(reason ? { reason } : {}) } });
    setNotice(isPublic ? t("providerContacts.shown") : t("providerContacts.hidden"));
  };
  const offeringName = new Map(choices.offerings.map((o) => [o.id, o.name || o.service_type_name]));
  const locationName = new Map(choices.locations.map((l) => [l.id, l.name]));
  return (
    <section aria-labelledby="provider-contacts-heading">
      <h2 id="provider-contacts-heading">{t("providerContacts.title")}</h2>
      <Notice text={notice} />
      {contacts.length === 0 ? <p>{t("providerContacts.none")}</p> : null}
      <ul className="cards">
        {contacts.map((c) => {
          const name = c.name || c.department || c.email || c.phone;
          return (
            <li key={c.id} className="card" data-testid="provider-contact">
              <h3 className="card-title">
                {name}
                {c.title ? <span className="muted"> · {c.title}</span> : null}
              </h3>
              <p>
                {c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : null}
                {c.phone && c.email ? " · " : null}
                {c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : null}
              </p>
              <p className="muted">
                {[c.department, c.offering ? offeringName.get(c.offering) : "", c.location ? locationName.get(c.location) : ""]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
              <p>
                <PublishedBadge published={listed && c.is_public} />
              </p>
              {editing === c.id ? (
                <ContactEditor provider={provider.id} contact={c} choices={choices} onDone={done} />
              ) : (
                <div className="actions">
                  <button type="button" onClick={() => setEditing(c.id)}>
                    {t("common.edit")}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                  {c.is_public ? (
                    <ReasonAction label={t("providerContacts.hide")} onConfirm={(r) => show(c, false, r)} />
                  ) : (
                    <ReasonAction label={t("providerContacts.show")} onConfirm={(r) => show(c, true, r)} />
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {editing === "new" ? (
        <ContactEditor provider={provider.id} choices={choices} onDone={done} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setEditing("new")}>
            {t("providerContacts.add")}
          </button>
        </div>
      )}
    </section>
  );
}
