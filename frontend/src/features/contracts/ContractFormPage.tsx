import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { StaleNotice } from "../../components/StaleNotice";
import { useStaleEdit } from "../../lib/useStaleEdit";
import { useServiceTypes } from "../catalogue/queries";
import { useContract, useContractChoicesToWrite, useSaveContract, type ContractInput } from "./queries";
import "./contracts.css";
import { Form } from "../../components/Form";

interface LineForm {
  id: string;
  service_type: string;
  unit_price: string;
  max_units: string;
  budget: string;
  monthly_capacity: string;
  funding_source: string;
}

export interface ContractForm {
  provider: string;
  number: string;
  title: string;
  start_date: string;
  end_date: string;
  funding_source: string;
  note: string;
  reason: string;
  lines: LineForm[];
}

const EMPTY_LINE: LineForm = { id: "", service_type: "", unit_price: "", max_units: "", budget: "", monthly_capacity: "", funding_source: "" };
const FIELDS = ["provider", "number", "title", "start_date", "end_date", "funding_source", "note", "reason"] as const;

export function contractFormOf(contract?: Schemas["Contract"]): ContractForm {
  return {
    provider: contract?.provider ?? "",
    number: contract?.number ?? "",
    title: contract?.title ?? "",
    start_date: contract?.start_date ?? "",
    end_date: contract?.end_date ?? "",
    funding_source: contract?.funding_source ?? "",
    note: contract?.note ?? "",
    reason: "",
    lines: contract?.lines.length
      ? contract.lines.map((line) => ({
          id: line.id,
          service_type: line.service_type,
          unit_price: line.unit_price,
          max_units: line.max_units ?? "",
          budget: line.budget ?? "",
          monthly_capacity: line.monthly_capacity ?? "",
          funding_source: line.funding_source ?? "",
        }))
      : [EMPTY_LINE],
  };
}

/** What the API takes: blanks left out or null, every line (those left out of the list are removed). */
export function contractBodyOf(values: ContractForm): ContractInput {
  const orNull = (value: string) => (value.trim() === "" ? null : value.trim());
  return {
    provider: values.provider,
    number: values.number.trim(),
    title: values.title.trim(),
    start_date: values.start_date,
    end_date: values.end_date,
    funding_source: orNull(values.funding_source),
    note: values.note,
    ...(values.reason.trim() ? { reason: values.reason.trim() } : {}),
    lines: values.lines.map((line) => ({
      ...(line.id ? { id: line.id } : {}),
      service_type: line.service_type,
      unit_price: line.unit_price.trim(),
      max_units: orNull(line.max_units),
      budget: orNull(line.budget),
      monthly_capacity: orNull(line.monthly_capacity),
      ...(line.funding_source ? { funding_source: line.funding_source } : {}),
    })),
  } as ContractInput;
}

/** A contract with a provider, new (`/manager/contracts/new`) or changed (`/manager/contracts/:id/edit`), with its lines. */
export default function ContractFormPage() {
  const { id } = useParams();
  const contract = useContract(id ?? "");
  if (id && contract.isLoading) return <Loading />;
  if (id && !contract.data) return <ErrorAlert error={contract.error} />;
  return <ContractEditor contract={id ? contract.data : undefined} />;
}

function ContractEditor({ contract }: { contract?: Schemas["Contract"] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveContract();
  const { providers, funding } = useContractChoicesToWrite();
  const types = useServiceTypes();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, control, handleSubmit, setError, formState, reset } = useForm<ContractForm>({ defaultValues: contractFormOf(contract) });
  const lines = useFieldArray({ control, name: "lines" });
  // Someone else's save: their values where this user changed nothing, this user's own changes kept.
  const edit = useStaleEdit(contract?.revision, (current) =>
    reset(contractFormOf({ ...contract, ...current } as Schemas["Contract"]), { keepDirtyValues: true }),
  );
  const err = (name: string) => (formState.errors as Record<string, { message?: string }>)[name]?.message;
  const lineErr = (index: number, name: keyof LineForm) => formState.errors.lines?.[index]?.[name]?.message;

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const saved = await save.mutateAsync({ id: contract?.id, body: contractBodyOf(values), revision: edit.revision });
      navigate(`/manager/contracts/${saved.id}`, { state: { notice: contract ? t("contracts.saved") : t("contracts.created") } });
    } catch (error) {
      edit.failed(error);
      // The API keys the lines' errors as lines[1].unit_price; the form's fields are lines.1.unit_price.
      const known = [...FIELDS, ...values.lines.flatMap((_, i) => Object.keys(EMPTY_LINE).map((k) => `lines.${i}.${k}`))];
      setMessages(applyFieldErrors(renamedLineErrors(error), setError, known));
    }
  });

  return (
    <section>
      <p>
        <Link to={contract ? `/manager/contracts/${contract.id}` : "/manager/contracts"}>{t("manager.contracts.back")}</Link>
      </p>
      <h1>{contract ? t("contracts.editTitle", { number: contract.number }) : t("contracts.newTitle")}</h1>
      <Form className="form card" noValidate aria-label={contract ? t("contracts.editTitle", { number: contract.number }) : t("contracts.newTitle")} onSubmit={submit}>
        <ErrorAlert messages={messages} />
        <StaleNotice stale={edit.stale} />
        <div className="form-grid">
          <Field label={t("manager.contracts.provider")} error={err("provider")} required>
            <select {...register("provider", { required: t("form.required") })} disabled={!!contract}>
              <option value="">{t("contracts.choose")}</option>
              {providers.data?.results.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("manager.contracts.number")} error={err("number")} required>
            <input {...register("number", { required: t("form.required") })} />
          </Field>
          <Field label={t("contracts.titleField")} error={err("title")}>
            <input {...register("title")} />
          </Field>
          <Field label={t("contracts.start")} error={err("start_date")} required>
            <input type="date" {...register("start_date", { required: t("form.required") })} />
          </Field>
          <Field label={t("contracts.end")} error={err("end_date")} required>
            <input type="date" {...register("end_date", { required: t("form.required") })} />
          </Field>
          <Field label={t("manager.contracts.funding")} error={err("funding_source")}>
            <select {...register("funding_source")}>
              <option value="">{t("common.notStated")}</option>
              {funding.data?.results.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="contract-lines">
          <legend>{t("contracts.lines")}</legend>
          {lines.fields.map((line, index) => (
            <div key={line.id} className="card contract-line" role="group" aria-label={t("contracts.lineN", { n: index + 1 })}>
              <div className="form-grid">
                <Field label={t("services.serviceType")} error={lineErr(index, "service_type")} required>
                  <select {...register(`lines.${index}.service_type`, { required: t("form.required") })}>
                    <option value="">{t("services.chooseType")}</option>
                    {types.data?.map((st) => (
                      <option key={st.id} value={st.id}>
                        {st.name} ({t(`enum.unit.${st.unit}`, { defaultValue: st.unit })})
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t("contracts.unitPrice")} error={lineErr(index, "unit_price")} required>
                  <input inputMode="decimal" {...register(`lines.${index}.unit_price`, { required: t("form.required") })} />
                </Field>
                <Field label={t("contracts.maxUnits")} error={lineErr(index, "max_units")}>
                  <input inputMode="decimal" {...register(`lines.${index}.max_units`)} />
                </Field>
                <Field label={t("contracts.budget")} error={lineErr(index, "budget")}>
                  <input inputMode="decimal" {...register(`lines.${index}.budget`)} />
                </Field>
                <Field label={t("contracts.monthlyCapacity")} error={lineErr(index, "monthly_capacity")}>
                  <input inputMode="decimal" {...register(`lines.${index}.monthly_capacity`)} />
                </Field>
                <Field label={t("contracts.lineFunding")} error={lineErr(index, "funding_source")}>
                  <select {...register(`lines.${index}.funding_source`)}>
                    <option value="">{t("contracts.contractsFunding")}</option>
                    {funding.data?.results.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.name}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
              {lines.fields.length > 1 ? (
                <button type="button" onClick={() => lines.remove(index)}>
                  {t("contracts.removeLine")}
                </button>
              ) : null}
            </div>
          ))}
          <button type="button" onClick={() => lines.append(EMPTY_LINE)}>
            {t("contracts.addLine")}
          </button>
        </fieldset>
        <Field label={t("common.note")} error={err("note")}>
          <textarea {...register("note")} />
        </Field>
        {contract ? (
          <Field label={t("common.reason")} error={err("reason")}>
            <input {...register("reason")} />
          </Field>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {contract ? t("common.save") : t("contracts.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** The API's `lines[1].unit_price` keys as the form's `lines.1.unit_price`. */
function renamedLineErrors(error: unknown): unknown {
  if (!(error && typeof error === "object" && "fieldErrors" in error)) return error;
  const fields = (error as { fieldErrors: Record<string, string[]> }).fieldErrors;
  for (const key of Object.keys(fields)) {
    const renamed = key.replace(/^lines\[(\d+)\]\./, "lines.$1.");
    if (renamed !== key) {
      fields[renamed] = fields[key];
      delete fields[key];
    }
  }
  return error;
}
