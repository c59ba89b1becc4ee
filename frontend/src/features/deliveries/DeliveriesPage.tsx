import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { ReasonAction } from "../../components/ReasonAction";
import { formatDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import type { Schemas } from "../../api/client";
import { ConfirmSelection } from "./ConfirmSelection";
import { CorrectButton, CorrectLog } from "./CorrectLog";
import { canCorrect } from "./corrections";
import { DeliveryTable } from "./DeliveryTable";
import { useConfirmDelivery, useDeliveries, useDisputeDelivery } from "./queries";
import { ExportList } from "../reports/ExportList";

const STATUSES = ["logged", "confirmed", "disputed"] as const;
type DeliveryStatus = (typeof STATUSES)[number];

/** The centre's check of delivered-service logs: confirm what happened, dispute what did not; a log flagged as
 * unusual is confirmed only with a reason, which resolves its flags. ?flagged=true lists only those. The client's
 * coordinator confirms every log the filters show at once ("Confirm all shown": the count first), but the flagged
 * and disputed ones, which stay to be checked one by one. A log of an approved month is corrected, not changed: the
 * coordinator gives the corrected values and why; the original stays, marked "Corrected", beside its correcting entry.
 * (Provider staff read their own logs on ProviderLogsPage.) */
export default function DeliveriesPage() {
  const { t } = useTranslation();
  const { page, get, set } = useListParams({ status: "logged" });
  const status = get("status") as DeliveryStatus | "all";
  const month = get("month");
  const search = get("search");
  const provider = get("provider");
  const flagged = get("flagged") === "true";
  const list = useDeliveries({
    page,
    page_size: PAGE_SIZE,
    status: status === "all" ? undefined : status,
    month,
    search,
    provider,
    flagged: flagged || undefined,
  });
  const { role } = useAuth();
  const confirm = useConfirmDelivery();
  const dispute = useDisputeDelivery();
  const [said, setSaid] = useState("");
  const [correcting, setCorrecting] = useState<Schemas["Delivery"] | null>(null);

  return (
    <section>
      <h1>{t("deliveries.title")}</h1>
      <div role="status" aria-live="polite">
        {said ? <p className="alert alert-ok">{said}</p> : null}
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="dl-status">{t("common.status")}</label>
          <select id="dl-status" value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="all">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`enum.deliveryStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dl-month">{t("deliveries.month")}</label>
          <input id="dl-month" type="month" value={month} onChange={(e) => set({ month: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="dl-search">{t("common.search")}</label>
          <input
            id="dl-search"
            type="search"
            defaultValue={search}
            onKeyDown={(e) => {
              if (e.key === "Enter") set({ search: (e.target as HTMLInputElement).value.trim() });
            }}
          />
        </div>
        <label className="inline-control">
          <input
            type="checkbox"
            checked={flagged}
            onChange={(e) => set({ flagged: e.target.checked ? "true" : null })}
          />
          <span>{t("deliveries.flaggedOnly")}</span>
        </label>
        {provider ? (
          <button type="button" onClick={() => set({ provider: null })}>
            {t("deliveries.allProviders")}
          </button>
        ) : null}
      </div>
      {role === "coordinator" && status !== "confirmed" ? (
        <ConfirmSelection
          label={t("deliveries.bulk.confirmAllShown")}
          selection={{
            status: status === "all" ? undefined : status,
            month: month || undefined,
            provider: provider || undefined,
            flagged: flagged || undefined,
          }}
          disabled={!list.data?.count}
          onDone={setSaid}
        />
      ) : null}
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
      <ExportList list="deliveries" query={{ ordering: "-date", status: status === "all" ? undefined : status, month, search, provider, flagged: flagged || undefined }} />
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          <DeliveryTable
            rows={list.data.results}
            caption={t("deliveries.title")}
            actions={(d) =>
              // Only the client's coordinator confirms, disputes or corrects a log (the API refuses the others).
              !d.coordinated_by_me ? null : d.status === "logged" ? (
                <div className="actions">
                  <ReasonAction
                    label={t("deliveries.confirm")}
                    reasonRequired={d.flagged}
                    hint={d.flagged ? t("deliveries.confirmFlaggedHint") : undefined}
                    onConfirm={async (reason) => {
                      setSaid("");
                      await confirm.mutateAsync({ id: d.id, reason });
                      setSaid(t("deliveries.confirmedSaid", { client: d.client_name, date: formatDate(d.date) }));
                    }}
                  />
                  <ReasonAction
                    label={t("deliveries.dispute")}
                    danger
                    reasonRequired
                    onConfirm={async (reason) => {
                      setSaid("");
                      await dispute.mutateAsync({ id: d.id, reason });
                      setSaid(t("deliveries.disputedSaid", { client: d.client_name, date: formatDate(d.date) }));
                    }}
                  />
                </div>
              ) : canCorrect(d, role) ? (
                <CorrectButton
                  delivery={d}
                  onClick={() => {
                    setSaid("");
                    setCorrecting(d);
                  }}
                />
              ) : null
            }
          />
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
