import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { useContacts, useSaveContact, type ContactInput } from "./queries";
import { SaveCancel } from "../../components/SaveCancel";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

type ContactForm = Required<Pick<ContactInput, "name" | "relation" | "phone" | "email" | "address" | "note">> & {
  is_emergency_contact: boolean;
  is_legal_guardian: boolean;
  change_reason: string;
};
const FIELDS = ["name", "relation", "phone", "email", "address", "note", "change_reason"] as const;

function formOf(contact?: Schemas["Contact"]): ContactForm {
  return {
    name: contact?.name ?? "",
    relation: contact?.relation ?? "",
    phone: contact?.phone ?? "",
    email: contact?.email ?? "",
    address: contact?.address ?? "",
    note: contact?.note ?? "",
    is_emergency_contact: contact?.is_emergency_contact ?? false,
    is_legal_guardian: contact?.is_legal_guardian ?? false,
    change_reason: "",
  };
}

function ContactEditor({ clientId, contact, onDone }: { clientId: string; contact?: Schemas["Contact"]; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  const save = useSaveContact(clientId);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ContactForm>({ defaultValues: formOf(contact) });
  const err = (name: keyof ContactForm) => formState.errors[name]?.message;
  const label = contact ? t("contacts.editTitle", { name: contact.name }) : t("contacts.add");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={label}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        const { change_reason, ...fields } = values;
        try {
          await save.mutateAsync({ id: contact?.id, body: { ...fields, ...(change_reason.trim() ? { change_reason } : {}) } });
          onDone(contact ? t("contacts.saved") : t("contacts.added"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("contacts.name")} error={err("name")} required>
          <input {...register("name", { required: t("form.required") })} />
        </Field>
        <Field label={t("contacts.relation")} error={err("relation")}>
          <input {...register("relation")} />
        </Field>
        <Field label={t("clients.phone")} error={err("phone")}>
          <input type="tel" {...register("phone")} />
        </Field>
        <Field label={t("clients.email")} error={err("email")}>
          <input type="email" {...register("email")} />
        </Field>
        <Field label={t("contacts.address")} error={err("address")}>
          <input {...register("address")} />
        </Field>
      </div>
      <label className="inline-control">
        <input type="checkbox" {...register("is_emergency_contact")} />
        <span>{t("contacts.emergency")}</span>
      </label>
      <label className="inline-control">
        <input type="checkbox" {...register("is_legal_guardian")} />
        <span>{t("contacts.guardian")}</span>
      </label>
      <Field label={t("common.note")} error={err("note")}>
        <textarea {...register("note")} />
      </Field>
      {contact ? (
        <Field label={t("common.reason")} error={err("change_reason")}>
          <input {...register("change_reason")} />
        </Field>
      ) : null}
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}

/** The client page's contact persons: family, carers, guardians, whom to call in an emergency. */
export function Contacts({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { t } = useTranslation();
  const list = useContacts(clientId);
  const [editing, setEditing] = useState<string | null>(null); // a contact's id, "new", or nobody
  const [notice, setNotice] = useState("");
  const done = (text: string) => {
    setEditing(null);
    setNotice(text);
  };
  if (list.isLoading) return <Loading />;
  const contacts = list.data?.results ?? [];
  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t("contacts.title")}</h2>
      <ErrorAlert error={list.error} />
      <Notice text={notice} />
      {contacts.length === 0 ? <p>{t("contacts.none")}</p> : null}
      <ul className="cards">
        {contacts.map((c) => (
          <li key={c.id} className="card">
            <h3 className="card-title">
              {c.name}
              {c.relation ? <span className="muted"> · {c.relation}</span> : null}
            </h3>
            {c.is_emergency_contact || c.is_legal_guardian ? (
              <p>
                {[c.is_emergency_contact ? t("contacts.emergency") : "", c.is_legal_guardian ? t("contacts.guardian") : ""]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            ) : null}
            <p>
              {c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : null}
              {c.phone && c.email ? " · " : null}
              {c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : null}
            </p>
            {c.address ? <p>{c.address}</p> : null}
            {c.note ? <p className="muted">{c.note}</p> : null}
            {editable ? (
              editing === c.id ? (
                <ContactEditor clientId={clientId} contact={c} onDone={done} />
              ) : (
                <div className="actions">
                  <button type="button" onClick={() => setEditing(c.id)} aria-label={t("contacts.editTitle", { name: c.name })}>
                    {t("common.edit")}
                  </button>
                </div>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        editing === "new" ? (
          <ContactEditor clientId={clientId} onDone={done} />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setEditing("new")}>
              {t("contacts.add")}
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
