import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { useCurrency } from "../../auth/useCentre";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { ReasonAction } from "../../components/ReasonAction";
import { Status } from "../../components/Status";
import { formatDateTime, formatMoney, formatMonth, formatNumber } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { ConfirmSelection } from "./ConfirmSelection";
import { useApproveStatement, useReturnStatement, useStatements } from "./queries";

const COUNTS = ["confirmed", "unconfirmed", "flagged", "disputed"] as const;

const STATUSES = ["open", "submitted", "approved", "returned"] as const;
type StatementStatus = (typeof STATUSES)[number];

/** The centre's view of providers' monthly statements: approve a submitted month, or return it with the reason.
 * Each statement shows its logs by state; the coordinator confirms its undisputed, unflagged logs at once (the count
 * first), and approving a month with disputed or flagged logs asks why.
 * (Provider staff open and submit theirs on ProviderStatementsPage.) */
export default function StatementsPage() {
  const { t } = useTranslation();
  const currency = useCurrency();
  const { page, get, set } = useListParams({ status: "submitted" });
  const status = get("status") as StatementStatus | "all";
  const month = get("month");
  const list = useStatements({ page, page_size: PAGE_SIZE, status: status === "all" ? undefined : status, month });
  const approve = useApproveStatement();
  const sendBack = useReturnStatement();
  const { role } = useAuth();
  const [said, setSaid] = useState("");

  return (
    <section>
      <h1>{t("statements.title")}</h1>
      <div role="status" aria-live="polite">
        {said ? <p className="alert alert-ok">{said}</p> : null}
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="st-status">{t("common.status")}</label>
          <select id="st-status" value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="all">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`enum.statementStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="st-month">{t("deliveries.month")}</label>
          <input id="st-month" type="month" value={month} onChange={(e) => set({ month: e.target.value })} />
        </div>
      </div>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("common.nothing")}</p> : null}
          {list.data.results.length ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("statements.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("deliveries.month")}</th>
                    <th scope="col">{t("deliveries.provider")}</th>
                    <th scope="col">{t("assign.contract")}</th>
                    <th scope="col" className="num">{t("statements.logs")}</th>
                    <th scope="col">{t("statements.checked")}</th>
                    <th scope="col" className="num">{t("deliveries.units")}</th>
                    <th scope="col" className="num">{t("statements.cost")}</th>
                    <th scope="col">{t("common.status")}</th>
                    <th scope="col">{t("common.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/deliveries?status=all&month=${s.month}&provider=${s.provider}`}>{formatMonth(s.month)}</Link>
                      </td>
                      <td>{s.provider_name}</td>
                      <td>{s.contract_number}</td>
                      <td className="num">{s.deliveries_count}</td>
                      <td>
                        <ul className="plain statement-log-counts">
                          {COUNTS.map((name) => (
                            <li key={name}>
                              {t(`statements.counts.${name}`, { n: s.log_counts[name] })}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="num">{formatNumber(s.total_units)}</td>
                      <td className="num">{formatMoney(s.total_cost, currency)}</td>
                      <td>
                        <Status kind="statementStatus" value={s.status} />
                        {s.submitted_at ? <div className="muted">{formatDateTime(s.submitted_at)}</div> : null}
                        {s.status_reason ? <div className="muted">{s.status_reason}</div> : null}
                      </td>
                      <td>
                        {role === "coordinator" && s.status !== "approved" && s.log_counts.unconfirmed ? (
                          <ConfirmSelection
                            label={t("statements.confirmAll")}
                            selection={{ statement: s.id }}
                            onDone={setSaid}
                          />
                        ) : null}
                        {s.status === "submitted" ? (
                          <div className="actions">
                            <ReasonAction
                              label={t("statements.approve")}
                              reasonRequired={s.log_counts.disputed + s.log_counts.flagged > 0}
                              hint={
                                s.log_counts.disputed + s.log_counts.flagged > 0
                                  ? t("statements.approveNeedsReason", {
                                      disputed: s.log_counts.disputed,
                                      flagged: s.log_counts.flagged,
                                    })
                                  : undefined
                              }
                              onConfirm={async (reason) => {
                                setSaid("");
                                await approve.mutateAsync({ id: s.id, reason });
                                setSaid(t("statements.approvedSaid", { provider: s.provider_name, month: formatMonth(s.month) }));
                              }}
                            />
                            <ReasonAction
                              label={t("statements.return")}
                              danger
                              reasonRequired
                              onConfirm={(reason) => sendBack.mutateAsync({ id: s.id, reason })}
                            />
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
