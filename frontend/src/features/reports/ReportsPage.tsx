import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDateTime, formatMonth, formatNumber } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { PAGE_SIZE, useRuns, useStartRun } from "./queries";
import { fileUrl, isBusy, type ReportFormat, type ReportRun } from "./reportsApi";
import "./reports.css";
import { Form } from "../../components/Form";

const FORMATS: ReportFormat[] = ["pdf", "xlsx", "csv", "participants"];

function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** Monthly funder reports: start a run, watch it being computed, download its files. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const runs = useRuns(page, "");
  return (
    <section>
      <p>
        <Link to="/manager/contracts">{t("manager.contracts.title")}</Link> · <Link to="/manager/volumes">{t("manager.volumes.title")}</Link>
      </p>
      <h1>{t("manager.reports.title")}</h1>
      <StartRunForm />
      <ErrorAlert error={runs.error} />
      {runs.isLoading ? <Loading /> : null}
      {runs.data ? (
        <>
          {runs.data.results.length === 0 ? <p>{t("manager.reports.none")}</p> : null}
          <ul className="cards" aria-live="polite">
            {runs.data.results.map((run) => (
              <RunCard key={run.id} run={run} />
            ))}
          </ul>
          <Pagination page={page} count={runs.data.count} pageSize={PAGE_SIZE} onPage={(p) => setParams({ page: String(p) })} />
        </>
      ) : null}
    </section>
  );
}

function StartRunForm() {
  const { t } = useTranslation();
  const start = useStartRun();
  const [month, setMonth] = useState(lastMonth);
  const fieldErrors = start.error instanceof ApiError ? start.error.fieldErrors : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(month);
  };
  const generalError = start.error && !fieldErrors.month ? start.error : null;
  return (
    <Form className="form toolbar" onSubmit={submit} noValidate aria-label={t("manager.reports.start")}>
      <Field label={t("manager.reports.month")} error={fieldErrors.month?.join(" ")} required>
        <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
      </Field>
      <button type="submit" className="primary" disabled={start.isPending}>
        {t("manager.reports.start")}
      </button>
      <ErrorAlert error={generalError} />
    </Form>
  );
}

function RunCard({ run }: { run: ReportRun }) {
  const { t } = useTranslation();
  return (
    <li className="card" data-testid="report-run" data-status={run.status}>
      <h2 className="card-title">
        {t("manager.reports.runTitle", { month: formatMonth(run.month), version: run.version })}
      </h2>
      <p>
        <span className={`status status-${run.status === "done" ? "approved" : run.status === "failed" ? "returned" : "submitted"}`}>
          {t(`manager.reportStatus.${run.status}`)}
        </span>
        {isBusy(run) ? <span className="muted"> {t("manager.reports.working")}</span> : null}
      </p>
      {run.message ? <p className={run.status === "failed" ? "field-error" : "muted"}>{run.message}</p> : null}
      <dl className="facts">
        <dt>{t("manager.reports.requested")}</dt>
        <dd>
          {formatDateTime(run.created_at)}
          {run.requested_by ? ` · ${run.requested_by}` : null}
        </dd>
        {run.cut_off_at ? (
          <>
            <dt>{t("manager.reports.cutOff")}</dt>
            <dd>{formatDateTime(run.cut_off_at)}</dd>
          </>
        ) : null}
      </dl>
      {run.status === "done" ? (
        <>
          <p className="report-files">
            {FORMATS.map((format) => {
              const url = fileUrl(run, format);
              return url ? (
                <a key={format} href={url} download data-format={format}>
                  {format === "participants" ? t("manager.reports.downloadParticipants") : t("manager.reports.download", { format: format.toUpperCase() })}
                </a>
              ) : null;
            })}
          </p>
          <details>
            <summary>{t("manager.reports.checksums")}</summary>
            <ul className="plain">
              {run.files.map((file) => (
                <li key={file.format}>
                  {String(file.format).toUpperCase()}
                  {file.size ? ` (${formatNumber(file.size / 1024, 0)} kB)` : null}: <span className="sha">{file.sha256}</span>
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : null}
    </li>
  );
}
