import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { formatDate, formatMoney } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { useCurrency } from "../../auth/useCentre";
import { PAGE_SIZE, useContracts, useUsage } from "./queries";
import { UsageBar } from "./UsageBar";
import "./contracts.css";
import { ExportList } from "../reports/ExportList";

const STATUSES = ["", "active", "draft", "ended", "terminated"] as const;

/** The manager's contracts with how much of each is used (the API's usage figures, per contract). */
export default function ContractsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const status = params.get("status") ?? "active";
  const search = params.get("q") ?? "";
  const list = useContracts(page, status, search);
  const currency = useCurrency();
  const set = (changes: Record<string, string>) => setParams({ status, ...(search ? { q: search } : {}), ...changes });

  return (
    <section>
      <div className="page-head">
        <h1>{t("manager.contracts.title")}</h1>
        <Link className="button" to="/manager/contracts/new">
          {t("contracts.new")}
        </Link>
      </div>
      <nav className="toolbar" aria-label={t("manager.sections")}>
        <Link to="/manager/funding-sources">{t("funding.title")}</Link>
        <Link to="/manager/volumes">{t("manager.volumes.title")}</Link>
        <Link to="/manager/reports">{t("manager.reports.title")}</Link>
        <Link to="/manager/log-rules">{t("manager.logRules.title")}</Link>
        <Link to="/waiting-list">{t("manager.waitingList")}</Link>
      </nav>
      <SearchToolbar initial={search} onSearch={(text) => setParams({ status, ...(text ? { q: text } : {}) })}>
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select value={status} onChange={(e) => set({ status: e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? t(`manager.contractStatus.${s}`) : t("common.all")}
              </option>
            ))}
          </select>
        </label>
      </SearchToolbar>
      <ExportList list="contracts" query={{ ordering: "-start_date", status: status ? [status] : undefined, search }} />
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("manager.contracts.none")}</p> : null}
          {list.data.results.length ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("manager.contracts.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("manager.contracts.number")}</th>
                    <th scope="col">{t("manager.contracts.provider")}</th>
                    <th scope="col">{t("manager.contracts.period")}</th>
                    <th scope="col">{t("common.status")}</th>
                    <th scope="col">{t("manager.usage.spent")}</th>
                    <th scope="col">{t("manager.usage.used")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((c) => (
                    <tr key={c.id} data-testid="contract-row">
                      <td>
                        <Link to={`/manager/contracts/${c.id}`}>{c.number}</Link>
                        {c.title ? <div className="muted">{c.title}</div> : null}
                      </td>
                      <td>{c.provider_name}</td>
                      <td>
                        {formatDate(c.start_date)} – {formatDate(c.end_date)}
                      </td>
                      <td>
                        <span className={`status status-${c.status}`}>{t(`manager.contractStatus.${c.status}`)}</span>
                      </td>
                      <UsageCells id={c.id} currency={currency} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: String(p) })} />
        </>
      ) : null}
    </section>
  );
}

function UsageCells({ id, currency }: { id: string; currency: string }) {
  const { t } = useTranslation();
  const usage = useUsage(id);
  if (usage.isLoading) return <td colSpan={2}>{t("common.loading")}</td>;
  if (!usage.data) return <td colSpan={2}>—</td>;
  return (
    <>
      <td>{formatMoney(usage.data.total.amount_spent, currency)}</td>
      <td>
        <UsageBar percent={usage.data.total.percent_used} />
      </td>
    </>
  );
}
