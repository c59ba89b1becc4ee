import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { ReasonAction } from "../../components/ReasonAction";
import { PAGE_SIZE } from "../../lib/paging";
import { compact, useListParams } from "../../lib/useListParams";
import { DeliveryTable } from "./DeliveryTable";

const STATUSES = ["logged", "confirmed", "disputed"] as const;
type DeliveryStatus = (typeof STATUSES)[number];

/** Delivered-service logs to check: confirm what happened, dispute what did not. */
export default function DeliveriesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { page, get, set } = useListParams({ status: "logged" });
  const status = get("status") as DeliveryStatus | "all";
  const month = get("month");
  const search = get("search");
  const provider = get("provider");
  const list = useQuery({
    queryKey: ["deliveries", "list", { page, status, month, search, provider }],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/deliveries/", {
          params: {
            query: compact({
              page,
              page_size: PAGE_SIZE,
              status: status === "all" ? undefined : status,
              month,
              search,
              provider,
              ordering: "-date",
            }),
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["deliveries"] });

  return (
    <section>
      <h1>{t("deliveries.title")}</h1>
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
        {provider ? (
          <button type="button" onClick={() => set({ provider: null })}>
            {t("deliveries.allProviders")}
          </button>
        ) : null}
      </div>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          <DeliveryTable
            rows={list.data.results}
            caption={t("deliveries.title")}
            actions={(d) =>
              d.status === "logged" ? (
                <div className="actions">
                  <ReasonAction
                    label={t("deliveries.confirm")}
                    onConfirm={async (reason) => {
                      await unwrap(api.POST("/api/v1/deliveries/{id}/confirm/", { params: { path: { id: d.id } }, body: { reason } }));
                      await refresh();
                    }}
                  />
                  <ReasonAction
                    label={t("deliveries.dispute")}
                    danger
                    reasonRequired
                    onConfirm={async (reason) => {
                      await unwrap(api.POST("/api/v1/deliveries/{id}/dispute/", { params: { path: { id: d.id } }, body: { reason } }));
                      await refresh();
                    }}
                  />
                </div>
              ) : null
            }
          />
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
