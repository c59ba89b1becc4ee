import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { SaveCancel } from "../../components/SaveCancel";
import { useCatalogueProviders, useSavePartner } from "./queries";
import { Form } from "../../components/Form";

export const PARTNER_KINDS = ["ngo", "school", "employer", "health", "public_body", "provider", "other"] as const;

type Partner = Schemas["Partner"];
const FIELDS = ["name", "kind", "provider", "contact_name", "email", "phone", "note"] as const;
type Values = {
  name: string;
  kind: Schemas["PartnerKindEnum"];
  provider: string;
  contact_name: string;
  email: string;
  phone: string;
  note: string;
};

/** Adds a partner organisation (no `partner`) or changes one; a provider may link its catalogue entry. */
export function PartnerForm({ partner, onDone }: { partner?: Partner; onDone: (saved: Partner | null) => void }) {
  const { t } = useTranslation();
  const save = useSavePartner();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, watch } = useForm<Values>({
    defaultValues: {
      name: partner?.name ?? "",
      kind: partner?.kind ?? "ngo",
      provider: partner?.provider ?? "",
      contact_name: partner?.contact_name ?? "",
      email: partner?.email ?? "",
      phone: partner?.phone ?? "",
      note: partner?.note ?? "",
    },
  });
  const kind = watch("kind");
  const providers = useCatalogueProviders(kind === "provider");
  const err = (name: keyof Values) => formState.errors[name]?.message;
  const title = partner ? t("partners.edit") : t("partners.new");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={title}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          const saved = await save.mutateAsync({
            id: partner?.id,
            body: { ...v, provider: v.kind === "provider" ? v.provider || null : null },
          });
          onDone(saved);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, FIELDS));
        }
      })}
    >
      <h2 className="card-title">{title}</h2>
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("partners.name")} error={err("name")} required>
          <input {...register("name", { required: t("form.required") })} />
        </Field>
        <Field label={t("partners.kindLabel")} error={err("kind")} required>
          <select {...register("kind")}>
            {PARTNER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`partners.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === "provider" ? (
          <Field label={t("partners.provider")} error={err("provider")} hint={t("partners.providerHint")}>
            <select {...register("provider")}>
              <option value="">{t("common.none")}</option>
              {(providers.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t("partners.contact")} error={err("contact_name")}>
          <input {...register("contact_name")} />
        </Field>
        <Field label={t("partners.email")} error={err("email")}>
          <input type="email" {...register("email")} />
        </Field>
        <Field label={t("partners.phone")} error={err("phone")}>
          <input type="tel" {...register("phone")} />
        </Field>
      </div>
      <Field label={t("partners.note")} error={err("note")}>
        <textarea {...register("note")} />
      </Field>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone(null)} />
    </Form>
  );
}
