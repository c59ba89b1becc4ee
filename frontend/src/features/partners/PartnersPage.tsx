import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { PARTNER_KINDS, PartnerForm } from "./PartnerForm";
import { usePartnerList } from "./queries";

/** The partners registry: partner organisations of community planning, searched and filtered; add a new one. */
export default function PartnersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { page, get, set } = useListParams({ active: "true" });
  const search = get("search");
  const kind = get("kind");
  const active = get("active");
  const [creating, setCreating] = useState(false);
  const list = usePartnerList({
    page,
    page_size: PAGE_SIZE,
    search,
    kind: (kind || undefined) as Schemas["PartnerKindEnum"] | undefined,
    is_active: active === "" || active === "all" ? undefined : active === "true",
  });
  return (
    <section>
      <h1>{t("partners.title")}</h1>
      <p className="muted">{t("partners.intro")}</p>
      {creating ? (
        <PartnerForm
          onDone={(saved) => {
            setCreating(false);
            if (saved) navigate(`/partners/${saved.id}`, { state: { notice: t("partners.created", { name: saved.name }) } });
          }}
        />
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t("partners.new")}
          </button>
        </div>
      )}
      <SearchToolbar initial={search} onSearch={(text) => set({ search: text })}>
        <label className="inline-control">
          <span>{t("partners.kindLabel")}</span>
          <select value={kind} onChange={(e) => set({ kind: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {PARTNER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`partners.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-control">
          <span>{t("partners.activeFilter")}</span>
          <select value={active} onChange={(e) => set({ active: e.target.value })}>
            <option value="true">{t("partners.activeOnly")}</option>
            <option value="false">{t("partners.inactiveOnly")}</option>
            <option value="all">{t("common.all")}</option>
          </select>
        </label>
      </SearchToolbar>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? (
            <p>{t("partners.none")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("partners.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("partners.name")}</th>
                    <th scope="col">{t("partners.kindLabel")}</th>
                    <th scope="col">{t("partners.contact")}</th>
                    <th scope="col">{t("common.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((p) => (
                    <tr key={p.id} data-testid="partner-row">
                      <td>
                        <Link to={`/partners/${p.id}`}>{p.name}</Link>
                      </td>
                      <td>{t(`partners.kind.${p.kind}`)}</td>
                      <td>{[p.contact_name, p.email, p.phone].filter(Boolean).join(" · ") || "—"}</td>
                      <td>{p.is_active ? t("partners.active") : t("partners.inactive")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
