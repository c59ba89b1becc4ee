import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { useServiceTypes } from "../catalogue/queries";
import { useWaitingList } from "./queries";
import { ExportList } from "../reports/ExportList";
import { Form } from "../../components/Form";
import { unitAmount } from "../../lib/units";

/** Planned services without a provider, longest waiting first; assigning happens on the plan. */
export default function WaitingListPage() {
  const { t } = useTranslation();
  const { page, get, set } = useListParams();
  const search = get("search");
  const serviceType = get("service_type");
  const area = get("area");
  const [draft, setDraft] = useState(search);
  const types = useServiceTypes();
  const list = useWaitingList({ page, page_size: PAGE_SIZE, search, service_type: serviceType, area });
  return (
    <section>
      <h1>{t("waiting.title")}</h1>
      <Form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ search: draft.trim() });
        }}
      >
        <div className="field">
          <label htmlFor="wl-search">{t("waiting.searchLabel")}</label>
          <input id="wl-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit">{t("common.search")}</button>
        <div className="field">
          <label htmlFor="wl-type">{t("services.serviceType")}</label>
          <select id="wl-type" value={serviceType} onChange={(e) => set({ service_type: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {types.data?.map((st) => (
              <option key={st.id} value={st.id}>
                {st.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wl-area">{t("clients.area")}</label>
          <input id="wl-area" defaultValue={area} onBlur={(e) => e.target.value !== area && set({ area: e.target.value.trim() })} />
        </div>
      </Form>
      <ExportList list="waiting-list" query={{ ordering: "waiting_since", search, service_type: serviceType, area }} />
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("waiting.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("deliveries.client")}</th>
                  <th scope="col">{t("services.serviceType")}</th>
                  <th scope="col" className="num">{t("services.units")}</th>
                  <th scope="col">{t("clients.area")}</th>
                  <th scope="col">{t("plans.coordinator")}</th>
                  <th scope="col">{t("waiting.since")}</th>
                  <th scope="col" className="num">{t("waiting.days")}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.results.map((w) => (
                  <tr key={w.id}>
                    <td>
                      <Link to={`/plans/${w.plan}`}>
                        {w.client_name} <span className="muted">({w.client_reference})</span>
                      </Link>
                    </td>
                    <td>{w.service_type_name}</td>
                    <td className="num">
                      {unitAmount(t, w.units, w.unit)} / {t(`enum.per.${w.per}`)}
                    </td>
                    <td>{w.area}</td>
                    <td>{w.coordinator_name}</td>
                    <td>{formatDate(w.waiting_since)}</td>
                    <td className="num">{w.waiting_days ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.data.results.length === 0 ? <p>{t("waiting.empty")}</p> : null}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
