import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { ReasonAction } from "../../components/ReasonAction";
import { Status } from "../../components/Status";
import { formatDateTime, formatMonth } from "../../lib/format";
import { blockerLink, closable, monthRows, type MonthRow } from "./monthClose";
import { useCloseMonth, useMonthBlockers, useMonthCloses, useReopenMonth } from "./queries";
import "./reports.css";

/**
 * The manager's month close: the finished months with their state (open, closed, re-opened: by whom, when, why).
 * For a month not closed, what keeps it open (statements not approved, logs without a statement), each linked to
 * where it is dealt with, and Close with a confirmation; a closed month is re-opened with a reason. Closing freezes
 * the month's report and refuses logs into it; corrections of its logs are dated in an open month.
 */
export default function MonthClosePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const chosen = params.get("month") ?? "";
  const closes = useMonthCloses();
  const reopen = useReopenMonth();
  const [said, setSaid] = useState("");
  const rows = useMemo(() => monthRows(closes.data?.results ?? [], new Date()), [closes.data]);
  const chosenRow = rows.find((row) => row.month === chosen && closable(row));

  return (
    <section>
      <h1>{t("monthClose.title")}</h1>
      <p className="hint">{t("monthClose.intro")}</p>
      <div role="status" aria-live="polite">
        {said ? <p className="alert alert-ok">{said}</p> : null}
      </div>
      <ErrorAlert error={closes.error} />
      {closes.isLoading ? <Loading /> : null}
      {chosenRow ? (
        <CloseMonth
          key={chosenRow.month}
          row={chosenRow}
          onClosed={(message) => {
            setParams({});
            setSaid(message);
          }}
          onCancel={() => setParams({})}
        />
      ) : null}
      {closes.data ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("monthClose.months")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("deliveries.month")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col">{t("monthClose.closed")}</th>
                <th scope="col">{t("monthClose.reopened")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.month} data-testid="month-row">
                  <th scope="row">{formatMonth(row.month)}</th>
                  <td>
                    <Status kind="monthState" value={row.state} />
                  </td>
                  <td>
                    {row.close ? (
                      <>
                        {formatDateTime(row.close.closed_at)}
                        <div className="muted">{row.close.closed_by}</div>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {row.close?.reopened_at ? (
                      <>
                        {formatDateTime(row.close.reopened_at)}
                        <div className="muted">{row.close.reopened_by}</div>
                        {row.close.reopen_reason ? <div className="muted">{row.close.reopen_reason}</div> : null}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {closable(row) ? (
                      <button
                        type="button"
                        aria-label={t("monthClose.checkMonth", { month: formatMonth(row.month) })}
                        aria-pressed={row.month === chosen}
                        onClick={() => {
                          setSaid("");
                          setParams({ month: row.month });
                        }}
                      >
                        {t("monthClose.check")}
                      </button>
                    ) : row.close ? (
                      <ReasonAction
                        label={t("monthClose.reopen")}
                        danger
                        reasonRequired
                        hint={t("monthClose.reopenHint")}
                        onConfirm={async (reason) => {
                          setSaid("");
                          await reopen.mutateAsync({ id: row.close!.id, reason });
                          setSaid(t("monthClose.reopenedSaid", { month: formatMonth(row.month) }));
                        }}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** One month to close: its blockers, each linked to where it is dealt with, and Close (asked to confirm). */
function CloseMonth({ row, onClosed, onCancel }: { row: MonthRow; onClosed: (said: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const blockers = useMonthBlockers(row.month);
  const close = useCloseMonth();
  const month = formatMonth(row.month);
  const list = blockers.data ?? [];

  return (
    <section className="card month-close" aria-labelledby="month-close-title">
      <h2 id="month-close-title">{t("monthClose.closeTitle", { month })}</h2>
      <ErrorAlert error={blockers.error} />
      {blockers.isLoading ? <Loading /> : null}
      {blockers.data && list.length === 0 ? <p>{t("monthClose.noBlockers")}</p> : null}
      {list.length ? (
        <>
          <p>{t("monthClose.blockersIntro", { count: list.length })}</p>
          <div className="table-wrap">
            <table>
              <caption>{t("monthClose.blockers", { month })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("deliveries.provider")}</th>
                  <th scope="col">{t("assign.contract")}</th>
                  <th scope="col">{t("monthClose.statement")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((blocker) => (
                  <tr key={`${blocker.contract}-${blocker.statement ?? "none"}`} data-testid="blocker">
                    <td>{blocker.provider_name}</td>
                    <td>{blocker.contract_number}</td>
                    <td>
                      {blocker.statement ? (
                        <Status kind="statementStatus" value={blocker.status} />
                      ) : (
                        <span className="status status-missing">{t("monthClose.noStatement")}</span>
                      )}
                    </td>
                    <td>
                      <Link to={blockerLink(blocker, row.month)}>
                        {blocker.statement
                          ? t("monthClose.toStatements", { provider: blocker.provider_name })
                          : t("monthClose.toLogs", { provider: blocker.provider_name })}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <div className="actions">
        <ReasonAction
          label={t("monthClose.close", { month })}
          hint={list.length ? t("monthClose.closeBlockedHint") : t("monthClose.closeHint")}
          disabled={!blockers.data}
          onConfirm={async (reason) => {
            await close.mutateAsync({ month: row.month, reason });
            onClosed(t("monthClose.closedSaid", { month }));
          }}
        />
        <button type="button" onClick={onCancel}>
          {t("monthClose.back")}
        </button>
      </div>
    </section>
  );
}
