import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { ApiError, applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { formatDate } from "../../lib/format";
import { LANGUAGES } from "../../i18n";
import {
  bodyOf, CLIENT_FORM_FIELDS, duplicatesOf, formValuesOf, nationalIdTakenOf, type ClientBody, type ClientFormValues, type DuplicateMatch,
  type NationalIdTaken,
} from "./clientForm";
import { useCoordinators } from "./queries";
import { CLIENT_STATUSES, CLOSURE_REASONS, EDUCATION_LEVELS, ID_COUNTRIES, LABOUR_STATUSES, SEXES, TRISTATE_FIELDS } from "./options";
import { Form } from "../../components/Form";

interface Props {
  client?: Schemas["Client"];
  /** The record as someone else saved it meanwhile (a 412): the fields this user did not touch take its values. */
  current?: Record<string, unknown> | null;
  /** Saves; `confirmDistinct` is set once the user has said the person is not one of the duplicates. */
  onSave: (body: ClientBody & { confirm_distinct?: boolean }) => Promise<unknown>;
  /** A new client's coordinator until the user chooses another: the coordinator registering them. */
  defaultCoordinator?: string;
}

export function ClientForm({ client, current, onSave, defaultCoordinator }: Props) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const [duplicates, setDuplicates] = useState<DuplicateMatch[]>([]);
  const [distinct, setDistinct] = useState(false);
  const [idTaken, setIdTaken] = useState<NationalIdTaken | null>(null);
  const coordinators = useCoordinators();
  const { register, handleSubmit, setError, formState, watch, reset } = useForm<ClientFormValues>({
    defaultValues: { ...formValuesOf(client), ...(!client && defaultCoordinator ? { coordinator: defaultCoordinator } : {}) },
  });
  useEffect(() => {
    // Someone else's save: take their values where this user changed nothing, keep this user's own changes.
    if (current && client) reset(formValuesOf({ ...client, ...current } as Schemas["Client"]), { keepDirtyValues: true });
  }, [current, client, reset]);
  const closed = watch("status") === "closed";
  const err = (name: keyof ClientFormValues) => formState.errors[name]?.message;

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      await onSave({ ...bodyOf(values), ...(distinct ? { confirm_distinct: true } : {}) });
    } catch (error) {
      const found = error instanceof ApiError && error.status === 409 ? duplicatesOf(error.body) : [];
      setDuplicates(found);
      if (found.length) setDistinct(false);
      // A national ID already registered: no override, the way on is the existing record.
      const taken = error instanceof ApiError && error.status === 409 ? nationalIdTakenOf(error.body) : null;
      setIdTaken(taken);
      if (taken) {
        setError("national_id", { type: "server", message: taken.message || t("clients.nationalIdTaken") });
        setMessages([]);
        return;
      }
      setMessages(applyFieldErrors(error, setError, CLIENT_FORM_FIELDS));
    }
  });

  const text = (name: keyof ClientFormValues, label: string, extra: Record<string, unknown> = {}, required = false) => (
    <Field label={label} error={err(name)} required={required}>
      <input {...extra} {...register(name, required ? { required: t("form.required") } : {})} />
    </Field>
  );
  const choice = (name: keyof ClientFormValues, label: string, kind: string, values: readonly string[], blank = true, required = false) => (
    <Field label={label} error={err(name)} required={required}>
      <select {...register(name, required ? { required: t("form.required") } : {})}>
        {blank ? <option value="">{t("common.notStated")}</option> : null}
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`enum.${kind}.${v}`)}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <Form onSubmit={submit} noValidate>
      <ErrorAlert messages={messages} />
      {idTaken ? (
        <div className="alert alert-error" role="alert">
          <p>{t("clients.nationalIdTaken")}</p>
          <p>
            <Link to={`/clients/${idTaken.existing.id}`}>
              {t("clients.openExisting", { reference: idTaken.existing.reference, name: idTaken.existing.name })}
            </Link>
          </p>
        </div>
      ) : null}
      {duplicates.length ? (
        <div className="alert alert-warn" role="alert">
          <p>{t("clients.duplicatesFound")}</p>
          <ul>
            {duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/clients/${d.id}`}>
                  {d.reference} — {d.name}, {formatDate(d.birth_date)}
                </Link>
              </li>
            ))}
          </ul>
          <label className="inline-control">
            <input type="checkbox" checked={distinct} onChange={(e) => setDistinct(e.target.checked)} />
            <span>{t("clients.confirmDistinct")}</span>
          </label>
        </div>
      ) : null}

      <fieldset>
        <legend>{t("clients.section.person")}</legend>
        <div className="form-grid">
          {text("first_name", t("clients.firstName"), { autoComplete: "off" }, true)}
          {text("last_name", t("clients.lastName"), { autoComplete: "off" }, true)}
          {text("birth_date", t("clients.birthDate"), { type: "date" }, true)}
          {choice("sex", t("clients.sex"), "sex", SEXES, false, true)}
          {text("national_id", t("clients.nationalId"))}
          {choice("national_id_country", t("clients.nationalIdCountry"), "idCountry", ID_COUNTRIES)}
          {text("citizenship", t("clients.citizenship"))}
          <Field label={t("clients.language")} error={err("language")}>
            <select {...register("language")}>
              <option value="">{t("common.notStated")}</option>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("clients.section.contact")}</legend>
        <div className="form-grid">
          {text("phone", t("clients.phone"), { type: "tel" })}
          {text("email", t("clients.email"), { type: "email" })}
          {text("street", t("clients.street"))}
          {text("postcode", t("clients.postcode"))}
          {text("municipality", t("clients.municipality"))}
          {text("area", t("clients.area"))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("clients.section.household")}</legend>
        <div className="form-grid">
          {text("household_size", t("clients.householdSize"), { type: "number", min: 1, inputMode: "numeric" })}
          {text("dependants", t("clients.dependants"), { type: "number", min: 0, inputMode: "numeric" })}
          {text("carer_name", t("clients.carerName"))}
          {text("carer_phone", t("clients.carerPhone"), { type: "tel" })}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("clients.section.esf")}</legend>
        <div className="form-grid">
          {choice("labour_market_status", t("clients.labourMarketStatus"), "labourMarketStatus", LABOUR_STATUSES)}
          {choice("education_level", t("clients.educationLevel"), "educationLevel", EDUCATION_LEVELS)}
          {TRISTATE_FIELDS.map((name) => (
            <Field key={name} label={t(`clients.${name}`)} error={err(name)}>
              <select {...register(name)}>
                <option value="">{t("common.notStated")}</option>
                <option value="yes">{t("common.yes")}</option>
                <option value="no">{t("common.no")}</option>
              </select>
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("clients.section.care")}</legend>
        {(["health_summary", "mobility", "risks", "access_notes"] as const).map((name) => (
          <Field key={name} label={t(`clients.${name}`)} error={err(name)}>
            <textarea {...register(name)} />
          </Field>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t("clients.section.case")}</legend>
        <div className="form-grid">
          {choice("status", t("common.status"), "clientStatus", CLIENT_STATUSES, false)}
          <Field label={t("clients.coordinator")} error={err("coordinator")}>
            <select {...register("coordinator")}>
              <option value="">{t("common.none")}</option>
              {coordinators.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {[u.first_name, u.last_name].filter(Boolean).join(" ") || u.email}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {closed ? (
          <div className="form-grid">
            {choice("closure_reason", t("plans.closureReason"), "closureReason", CLOSURE_REASONS, true, true)}
            {text("closed_at", t("clients.closedAt"), { type: "date" })}
            {text("exit_situation", t("clients.exitSituation"))}
          </div>
        ) : null}
        {client ? (
          <Field label={t("clients.changeReason")} error={err("change_reason")} hint={t("clients.changeReasonHint")}>
            <input {...register("change_reason")} />
          </Field>
        ) : null}
      </fieldset>

      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting || (duplicates.length > 0 && !distinct)}>
          {client ? t("common.save") : t("clients.create")}
        </button>
        <Link className="button" to={client ? `/clients/${client.id}` : "/clients"}>
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
