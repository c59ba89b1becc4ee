import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDateTime, formatMoney, formatMonth, formatNumber, isoMonth } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { useContractChoices } from "../contracts/queries";
import { PROVIDER_PAGE_SIZE, useOpenStatement, useStatements, useSubmitStatement } from "./queries";
import "./provider.css";
import { Form } from "../../components/Form";

/** The provider's monthly statements: open one for a contract and month, submit it for sign-off.
 * (The centre approves or returns them on StatementsPage.) */
export default function ProviderStatementsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const list = useStatements({ page, page_size: PROVIDER_PAGE_SIZE });
  const submit = useSubmitStatement();

  return (
    <section className="provider-page">
      <h1>{t("provider.statements.title")}</h1>
      <p className="muted">{t("provider.statements.intro")}</p>
      <OpenStatementForm />
      <ErrorAlert error={list.error ?? submit.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("provider.statements.none")}</p> : null}
          <ul className="cards">
            {list.data.results.map((s) => (
              <li key={s.id} className="card" data-testid="statement">
                <h2 className="card-title">
                  {formatMonth(s.month)} · {t("provider.visits.contract", { number: s.contract_number })}
                </h2>
                <p>
                  <span className={`status status-${s.status}`}>{t(`provider.statementStatus.${s.status}`)}</span>
                  {s.status_reason ? ` — ${s.status_reason}` : null}
                </p>
                <dl className="facts">
                  <dt>{t("provider.statements.deliveries")}</dt>
                  <dd>{s.deliveries_count}</dd>
                  <dt>{t("provider.statements.units")}</dt>
                  <dd>{formatNumber(s.total_units)}</dd>
                  <dt>{t("provider.statements.cost")}</dt>
                  <dd>{formatMoney(s.total_cost)}</dd>
                  {s.submitted_at ? (
                    <>
                      <dt>{t("provider.statements.submittedAt")}</dt>
                      <dd>{formatDateTime(s.submitted_at)}</dd>
                    </>
                  ) : null}
                </dl>
                {s.status === "open" || s.status === "returned" ? (
                  <button
                    type="button"
                    className="primary"
                    disabled={submit.isPending}
                    onClick={() => {
                      if (window.confirm(t("provider.statements.submitConfirm"))) submit.mutate(s.id);
                    }}
                  >
                    {t("provider.statements.submit")}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <Pagination page={page} count={list.data.count} pageSize={PROVIDER_PAGE_SIZE} onPage={(p) => setParams({ page: String(p) })} />
        </>
      ) : null}
    </section>
  );
}

function OpenStatementForm() {
  const { t } = useTranslation();
  const contracts = useContractChoices();
  const open = useOpenStatement();
  const [contract, setContract] = useState("");
  const [month, setMonth] = useState(isoMonth());
  const fieldErrors = open.error instanceof ApiError ? open.error.fieldErrors : {};
  const general = open.error instanceof ApiError && !Object.keys(fieldErrors).length ? open.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate({ contract, month });
  };
  return (
    <Form className="form toolbar" onSubmit={submit} noValidate aria-label={t("provider.statements.open")}>
      <Field label={t("provider.statements.contract")} error={fieldErrors.contract?.join(" ")} required>
        <select value={contract} onChange={(e) => setContract(e.target.value)} required>
          <option value="">—</option>
          {(contracts.data?.results ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.number} {c.title ? `— ${c.title}` : ""}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("provider.statements.month")} error={fieldErrors.month?.join(" ")} required>
        <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
      </Field>
      <button type="submit" disabled={open.isPending}>
        {t("provider.statements.open")}
      </button>
      <ErrorAlert error={general ?? (open.error instanceof ApiError ? null : open.error)} />
      {open.isSuccess ? (
        <p className="alert alert-ok" role="status">
          {t("provider.statements.opened")}
        </p>
      ) : null}
    </Form>
  );
}
