import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate, formatMinutes, formatMoney, formatNumber } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { CorrectButton, CorrectionNote, CorrectLog } from "./CorrectLog";
import { canCorrect } from "./corrections";
import { DeliveryFlags } from "./DeliveryTable";
import { OutboxPanel } from "./OutboxPanel";
import { PROVIDER_PAGE_SIZE, useDeliveries, useDeliveryQueue } from "./queries";
import "./provider.css";

/** The logs this provider has sent, by month, newest first. A log of an approved month is corrected, not changed:
 * the corrected values and why; the original stays, struck and marked "Corrected", beside its correcting entry.
 * (The centre checks them on DeliveriesPage.) */
export default function ProviderLogsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const month = params.get("month") ?? "";
  const list = useDeliveries({ page, page_size: PROVIDER_PAGE_SIZE, month });
  const queue = useDeliveryQueue();
  const [said, setSaid] = useState("");
  const [correcting, setCorrecting] = useState<Schemas["Delivery"] | null>(null);

  return (
    <section className="provider-page">
      <h1>{t("provider.logs.title")}</h1>
      <OutboxPanel queue={queue} />
      <div role="status" aria-live="polite">
        {said ? <p className="alert alert-ok">{said}</p> : null}
      </div>
      {correcting ? (
        <CorrectLog
          key={correcting.id}
          delivery={correcting}
          onCancel={() => setCorrecting(null)}
          onDone={(message) => {
            setCorrecting(null);
            setSaid(message);
          }}
        />
      ) : null}
      <div className="toolbar">
        <label className="inline-control">
          <span>{t("provider.logs.month")}</span>
          <input type="month" value={month} onChange={(e) => setParams(e.target.value ? { month: e.target.value } : {})} />
        </label>
      </div>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("provider.logs.none")}</p> : null}
          {list.data.results.length ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("provider.logs.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("provider.log.date")}</th>
                    <th scope="col">{t("provider.logs.client")}</th>
                    <th scope="col">{t("provider.logs.service")}</th>
                    <th scope="col">{t("provider.log.durationMinutes")}</th>
                    <th scope="col">{t("provider.log.units")}</th>
                    <th scope="col">{t("provider.log.outcome")}</th>
                    <th scope="col">{t("common.status")}</th>
                    <th scope="col">{t("provider.logs.cost")}</th>
                    <th scope="col">{t("common.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((d) => (
                    <tr
                      key={d.id}
                      data-testid="delivery-row"
                      className={[d.flagged ? "flagged" : "", d.corrected_by ? "corrected" : ""].join(" ").trim() || undefined}
                    >
                      <td>{formatDate(d.date)}</td>
                      <td>{d.client_name}</td>
                      <td>{d.service_type_name}</td>
                      <td>
                        <span className="was">{formatMinutes(d.duration_minutes)}</span>
                      </td>
                      <td>
                        <span className="was">{formatNumber(d.units)}</span>
                      </td>
                      <td>
                        <span className="was">{t(`provider.outcome.${d.outcome}`)}</span>
                      </td>
                      <td>
                        <span className={`status status-${d.status}`}>{t(`provider.deliveryStatus.${d.status}`)}</span>
                        <DeliveryFlags delivery={d} />
                        <CorrectionNote delivery={d} />
                      </td>
                      <td>
                        <span className="was">{formatMoney(d.cost)}</span>
                      </td>
                      <td>
                        {canCorrect(d, "provider") ? (
                          <CorrectButton
                            delivery={d}
                            onClick={() => {
                              setSaid("");
                              setCorrecting(d);
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
          <Pagination
            page={page}
            count={list.data.count}
            pageSize={PROVIDER_PAGE_SIZE}
            onPage={(p) => setParams({ ...(month ? { month } : {}), page: String(p) })}
          />
        </>
      ) : null}
    </section>
  );
}
