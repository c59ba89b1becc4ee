// The centre's access log for the data-protection officer (and the administrators): who read which client's data,
// when, what, from where and why; searched by client, reader and period, exported as CSV, and a client's own log
// printed for a subject-access request. The filters live in the URL, so a search can be bookmarked and shared.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDateTime } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import {
  useAccessLog,
  useExportAccessLog,
  usePrintClientAccessLog,
  type AccessLogEntry,
  type AccessLogFilters,
} from "./queries";
import "./audit.css";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

const ACTIONS = ["view", "list", "search", "history", "export"] as const;
type Action = (typeof ACTIONS)[number];

const TEXT_FILTERS = ["client_search", "user_search", "since", "until"] as const;
type Draft = Record<(typeof TEXT_FILTERS)[number], string>;

export default function AccessLogPage() {
  const { t } = useTranslation();
  const { page, get, set } = useListParams();
  const filters: AccessLogFilters = {
    client: get("client") || undefined,
    client_search: get("client_search") || undefined,
    user_search: get("user_search") || undefined,
    since: get("since") || undefined,
    until: get("until") || undefined,
    action: (get("action") as Action) || undefined,
  };
  const [draft, setDraft] = useState<Draft>({
    client_search: get("client_search"),
    user_search: get("user_search"),
    since: get("since"),
    until: get("until"),
  });
  const [notice, setNotice] = useState("");
  const log = useAccessLog({ ...filters, page, page_size: PAGE_SIZE });
  const exporting = useExportAccessLog();
  const printing = usePrintClientAccessLog();
  const chosenClient = filters.client ? log.data?.results.find((entry) => entry.client.id === filters.client)?.client : undefined;

  const search = (event: FormEvent) => {
    event.preventDefault();
    setNotice("");
    set({ ...draft, client: null });
  };
  const exportCsv = () => {
    setNotice("");
    exporting.mutate(filters, { onSuccess: () => setNotice(t("audit.exported")) });
  };
  const printClient = (client: AccessLogEntry["client"]) => {
    setNotice("");
    printing.mutate(
      { clientId: client.id, reference: client.reference },
      { onSuccess: () => setNotice(t("audit.printed", { name: client.name })) },
    );
  };

  return (
    <section className="audit-page">
      <div className="page-head">
        <h1>{t("audit.title")}</h1>
        <button type="button" onClick={exportCsv} disabled={exporting.isPending}>
          {exporting.isPending ? t("audit.exporting") : t("audit.export")}
        </button>
      </div>
      <p className="muted">{t("audit.intro")}</p>
      <Form className="toolbar audit-filters" role="search" aria-label={t("audit.searchLabel")} onSubmit={search}>
        <Field label={t("audit.client")}>
          <input
            type="search"
            value={draft.client_search}
            onChange={(e) => setDraft({ ...draft, client_search: e.target.value })}
          />
        </Field>
        <Field label={t("audit.user")}>
          <input type="search" value={draft.user_search} onChange={(e) => setDraft({ ...draft, user_search: e.target.value })} />
        </Field>
        <Field label={t("audit.since")}>
          <input type="date" value={draft.since} onChange={(e) => setDraft({ ...draft, since: e.target.value })} />
        </Field>
        <Field label={t("audit.until")}>
          <input type="date" value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />
        </Field>
        <Field label={t("audit.action")}>
          <select value={filters.action ?? ""} onChange={(e) => set({ action: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">{t("common.search")}</button>
      </Form>
      <Notice text={notice} />
      <ErrorAlert error={log.error ?? exporting.error ?? printing.error} />
      {chosenClient ? (
        <div className="audit-client">
          <p>{t("audit.onlyClient", { name: chosenClient.name, reference: chosenClient.reference })}</p>
          <button type="button" onClick={() => printClient(chosenClient)} disabled={printing.isPending}>
            {printing.isPending ? t("audit.printing") : t("audit.print")}
          </button>
          <button type="button" className="link" onClick={() => set({ client: null })}>
            {t("audit.allClients")}
          </button>
        </div>
      ) : null}
      {log.isLoading ? <Loading /> : null}
      {log.data ? (
        <>
          <div className="table-wrap">
            <table className="audit-table">
              <caption className="visually-hidden">{t("audit.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("audit.when")}</th>
                  <th scope="col">{t("audit.clientColumn")}</th>
                  <th scope="col">{t("audit.who")}</th>
                  <th scope="col">{t("audit.what")}</th>
                  <th scope="col">{t("audit.purpose")}</th>
                  <th scope="col">{t("audit.from")}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.results.map((entry) => (
                  <tr key={entry.id}>
                    <td data-label={t("audit.when")}>{formatDateTime(entry.at)}</td>
                    <td data-label={t("audit.clientColumn")}>
                      <button
                        type="button"
                        className="link"
                        title={t("audit.showClient")}
                        onClick={() => set({ client: entry.client.id })}
                      >
                        {entry.client.reference}
                      </button>{" "}
                      {entry.client.name}
                    </td>
                    <td data-label={t("audit.who")}>
                      {entry.user.name} <span className="muted">({t(`roles.${entry.role}`, { defaultValue: entry.role })})</span>
                    </td>
                    <td data-label={t("audit.what")}>
                      {t(`audit.actions.${entry.action}`)}
                      {entry.what ? <span className="muted"> · {entry.what}</span> : null}
                    </td>
                    <td data-label={t("audit.purpose")}>{entry.purpose ? t(`audit.purposes.${entry.purpose}`) : "—"}</td>
                    <td data-label={t("audit.from")}>
                      {entry.ip_address ?? "—"}
                      <div className="muted audit-path">{entry.path}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.data.results.length === 0 ? <p>{t("common.nothing")}</p> : null}
          <Pagination page={page} count={log.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
