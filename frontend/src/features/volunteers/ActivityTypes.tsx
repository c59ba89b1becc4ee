import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { useCurrency } from "../../auth/useCentre";
import { formatMoney } from "../../lib/format";
import { useActivityTypes, useSaveActivityType } from "./queries";
import { SaveCancel } from "../../components/SaveCancel";
import { Form } from "../../components/Form";

interface ActivityTypeForm {
  name: string;
  hourly_rate: string;
  is_active: boolean;
}
const FIELDS = ["name", "hourly_rate", "is_active"] as const;

/** Kinds of volunteer activity and the hourly rate their verified hours are worth in kind; managers change them. */
export function ActivityTypes({ onDone }: { onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const { role } = useAuth();
  const editable = role === "manager"; // the permission volunteers.manage_activity_types
  const list = useActivityTypes();
  const currency = useCurrency();
  const [editing, setEditing] = useState<string | null>(null); // a type's id, "new", or none
  const done = (text: string) => {
    setEditing(null);
    if (text) onDone(text);
  };
  const rows = list.data?.results ?? [];
  return (
    <section aria-labelledby="activity-types-heading">
      <h2 id="activity-types-heading">{t("volunteer.types.title")}</h2>
      <p className="hint">{t("volunteer.types.hint")}</p>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data && rows.length === 0 ? <p>{t("volunteer.types.none")}</p> : null}
      {rows.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("volunteer.types.name")}</th>
                <th scope="col">{t("volunteer.types.rate")}</th>
                <th scope="col">{t("volunteer.centre.active")}</th>
                {editable ? <th scope="col">{t("common.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((type) => (
                <tr key={type.id}>
                  <td>{type.name}</td>
                  <td>{formatMoney(type.hourly_rate, currency)}</td>
                  <td>{type.is_active ? t("common.yes") : t("common.no")}</td>
                  {editable ? (
                    <td>
                      <button type="button" onClick={() => setEditing(type.id)} aria-label={t("volunteer.types.editTitle", { name: type.name })}>
                        {t("common.edit")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {editable && editing ? (
        <ActivityTypeEditor key={editing} type={rows.find((row) => row.id === editing)} onDone={done} />
      ) : null}
      {editable && !editing ? (
        <div className="actions">
          <button type="button" onClick={() => setEditing("new")}>
            {t("volunteer.types.add")}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function ActivityTypeEditor({ type, onDone }: { type?: Schemas["VolunteerActivityType"]; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const save = useSaveActivityType();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ActivityTypeForm>({
    defaultValues: { name: type?.name ?? "", hourly_rate: type?.hourly_rate ?? "", is_active: type?.is_active ?? true },
  });
  const err = (name: keyof ActivityTypeForm) => formState.errors[name]?.message;
  const label = type ? t("volunteer.types.editTitle", { name: type.name }) : t("volunteer.types.add");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={label}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await save.mutateAsync({
            id: type?.id,
            body: { name: values.name.trim(), hourly_rate: values.hourly_rate.trim().replace(",", "."), is_active: values.is_active },
          });
          onDone(type ? t("volunteer.types.saved") : t("volunteer.types.added"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, FIELDS));
        }
      })}
    >
      <h3>{label}</h3>
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("volunteer.types.name")} error={err("name")} required>
          <input {...register("name", { required: t("form.required") })} />
        </Field>
        <Field label={t("volunteer.types.rate")} error={err("hourly_rate")} hint={t("volunteer.types.rateHint")} required>
          <input inputMode="decimal" {...register("hourly_rate", { required: t("form.required") })} />
        </Field>
      </div>
      <label className="inline-control">
        <input type="checkbox" {...register("is_active")} />
        <span>{t("volunteer.types.inUse")}</span>
      </label>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}
