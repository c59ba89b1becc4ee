import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { useEnumLabel } from "../../components/Status";
import { formatDate } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { FUNDING_FIELDS, FUNDING_KINDS, fundingBodyOf, fundingFormOf, type FundingForm } from "./fundingForm";
import { PAGE_SIZE, useFundingSources, useSaveFundingSource } from "./queries";
import { SaveCancel } from "../../components/SaveCancel";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

function FundingEditor({ source, onDone }: { source?: Schemas["FundingSource"]; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const save = useSaveFundingSource();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<FundingForm>({ defaultValues: fundingFormOf(source) });
  const err = (name: keyof FundingForm) => formState.errors[name]?.message;
  const title = source ? t("funding.editTitle", { name: source.name }) : t("funding.add");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={title}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await save.mutateAsync({ id: source?.id, body: fundingBodyOf(values) });
          onDone(source ? t("funding.saved") : t("funding.added"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, FUNDING_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("funding.name")} error={err("name")} required>
          <input {...register("name", { required: t("form.required") })} />
        </Field>
        <Field label={t("funding.kind")} error={err("kind")} required>
          <select {...register("kind", { required: t("form.required") })}>
            <option value="">{t("funding.chooseKind")}</option>
            {FUNDING_KINDS.map((k) => (
              <option key={k} value={k}>
                {label("fundingKind", k)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("funding.projectCode")} error={err("project_code")}>
          <input {...register("project_code")} />
        </Field>
        <Field label={t("funding.funder")} error={err("funder")} hint={t("funding.funderHint")}>
          <input {...register("funder")} />
        </Field>
        <Field label={t("funding.start")} error={err("start_date")}>
          <input type="date" {...register("start_date")} />
        </Field>
        <Field label={t("funding.end")} error={err("end_date")}>
          <input type="date" {...register("end_date")} />
        </Field>
      </div>
      <label className="inline-control">
        <input type="checkbox" {...register("is_active")} />
        <span>{t("funding.isActive")}</span>
      </label>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}

/** Who pays for the centre's contracts (/manager/funding-sources): ESF+ projects, the municipal budget, …. */
export default function FundingSourcesPage() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { page, get, set } = useListParams();
  const search = get("q");
  const active = get("active");
  const list = useFundingSources(page, search, active);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const done = (text: string) => {
    setEditing(null);
    setNotice(text);
  };
  return (
    <section>
      <div className="page-head">
        <h1>{t("funding.title")}</h1>
        {editing === "new" ? null : (
          <button type="button" onClick={() => setEditing("new")}>
            {t("funding.add")}
          </button>
        )}
      </div>
      <nav className="toolbar" aria-label={t("manager.sections")}>
        <Link to="/manager/contracts">{t("manager.contracts.title")}</Link>
        <Link to="/manager/providers">{t("providers.title")}</Link>
      </nav>
      <Notice text={notice} />
      {editing === "new" ? <FundingEditor onDone={done} /> : null}
      <SearchToolbar initial={search} onSearch={(text) => set({ q: text })}>
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select value={active} onChange={(e) => set({ active: e.target.value })}>
            <option value="">{t("common.all")}</option>
            <option value="true">{t("funding.active")}</option>
            <option value="false">{t("funding.inactive")}</option>
          </select>
        </label>
      </SearchToolbar>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("funding.none")}</p> : null}
          <ul className="cards">
            {list.data.results.map((f) => (
              <li key={f.id} className="card" data-testid="funding-source">
                <h2 className="card-title">{f.name}</h2>
                <p>
                  {label("fundingKind", f.kind)}
                  {f.project_code ? ` · ${f.project_code}` : null}
                  {f.is_active === false ? (
                    <>
                      {" "}
                      <span className="status status-withdrawn">{t("funding.inactive")}</span>
                    </>
                  ) : null}
                </p>
                {f.funder ? <p>{f.funder}</p> : null}
                {f.start_date || f.end_date ? (
                  <p className="muted">
                    {f.start_date ? formatDate(f.start_date) : "…"} – {f.end_date ? formatDate(f.end_date) : "…"}
                  </p>
                ) : null}
                {editing === f.id ? (
                  <FundingEditor source={f} onDone={done} />
                ) : (
                  <div className="actions">
                    <button type="button" onClick={() => setEditing(f.id)}>
                      {t("common.edit")}
                      <span className="visually-hidden"> {f.name}</span>
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
