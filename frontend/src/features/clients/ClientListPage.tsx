import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { Status } from "../../components/Status";
import { formatDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { useClients } from "./queries";
import { ExportList } from "../reports/ExportList";
import { Form } from "../../components/Form";

const STATUSES = ["referred", "active", "inactive", "closed"] as const;

/** A term with digits and no letter (a national ID, a phone number): searched for, but kept out of the page's
 * address, where the browser's history and a reload's server log would keep it. */
export const looksLikeAnIdentifier = (term: string) => /\d/.test(term) && !/\p{L}/u.test(term);
type ClientStatus = (typeof STATUSES)[number];

export default function ClientListPage() {
  const { t } = useTranslation();
  const { me, role } = useAuth();
  const { page, get, set } = useListParams({ mine: role === "coordinator" ? "1" : "" });
  const [identifier, setIdentifier] = useState("");
  const search = identifier || get("search");
  const status = get("status") as ClientStatus | "";
  const mine = get("mine") === "1";
  const [draft, setDraft] = useState(search);

  const list = useClients({ page, page_size: PAGE_SIZE, search, status: status || undefined, coordinator: mine ? me?.id : undefined });
  // "Only my clients" says what it hides: how many of the centre's clients match the search beyond the caseload.
  const centreWide = useClients({ page_size: 1, search, status: status || undefined }, { enabled: mine && !!search });
  const hidden = mine && search && list.data && centreWide.data ? centreWide.data.count - list.data.count : 0;

  return (
    <section>
      <div className="page-head">
        <h1>{t("clients.title")}</h1>
        {role !== "auditor" ? (
          <Link className="button primary" to="/clients/new">
            {t("clients.new")}
          </Link>
        ) : null}
      </div>
      <Form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const term = draft.trim();
          setIdentifier(looksLikeAnIdentifier(term) ? term : "");
          set({ search: looksLikeAnIdentifier(term) ? null : term });
        }}
      >
        <div className="field">
          <label htmlFor="client-search">{t("clients.searchLabel")}</label>
          <input id="client-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit">{t("common.search")}</button>
        <div className="field">
          <label htmlFor="client-status">{t("common.status")}</label>
          <select id="client-status" value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`enum.clientStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="inline-control">
          <input type="checkbox" checked={mine} onChange={(e) => set({ mine: e.target.checked ? "1" : "0" })} />
          <span>{t("clients.mine")}</span>
        </label>
      </Form>
      {mine ? (
        <p className="muted" role="status">
          {t("clients.onlyMine")}{" "}
          {hidden > 0 ? (
            <>
              {t("clients.moreInCentre", { count: hidden })}{" "}
              <button type="button" className="link" onClick={() => set({ mine: "0" })}>
                {t("clients.showAllClients")}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      <ExportList list="clients" query={{ ordering: "last_name", search, status, coordinator: mine ? me?.id : undefined }} />
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("clients.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("clients.reference")}</th>
                  <th scope="col">{t("clients.name")}</th>
                  <th scope="col">{t("clients.birthDate")}</th>
                  <th scope="col">{t("clients.area")}</th>
                  <th scope="col">{t("clients.coordinator")}</th>
                  <th scope="col">{t("common.status")}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.results.map((c) => (
                  <tr key={c.id}>
                    <td>{c.reference}</td>
                    <td>
                      <Link to={`/clients/${c.id}`}>
                        {c.last_name}, {c.first_name}
                      </Link>
                      {c.flags.map((flag) => (
                        <span key={flag} className="badge">
                          {t(`clients.flags.${flag}`)}
                        </span>
                      ))}
                    </td>
                    <td>{formatDate(c.birth_date)}</td>
                    <td>{c.area || c.municipality}</td>
                    <td>{c.coordinator_name}</td>
                    <td>
                      <Status kind="clientStatus" value={c.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.data.results.length === 0 ? <p>{t("common.nothing")}</p> : null}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
