import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { useEnumLabel } from "../../components/Status";
import { compact, useListParams } from "../../lib/useListParams";
import { LEGAL_FORMS } from "./providerForms";
import { PROVIDERS_PAGE_SIZE, useProviders, useServiceTypes, type ProviderQuery } from "./queries";
import { PublishedBadge } from "./PublishedBadge";

/** The centre's providers (/manager/providers): search, legal form, listed publicly or not, service type; paged. */
export default function ServiceProvidersPage() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { page, get, set } = useListParams();
  const types = useServiceTypes("name");
  const search = get("q");
  const isPublic = get("public");
  const query = compact({
    page,
    search,
    legal_form: get("legal_form"),
    service_type: get("service_type"),
    is_public: isPublic === "" ? undefined : isPublic === "true",
  }) as ProviderQuery;
  const list = useProviders(query);
  const typeName = new Map((types.data ?? []).map((st) => [st.code, st.name]));

  return (
    <section>
      <div className="page-head">
        <h1>{t("providers.title")}</h1>
        <Link className="button" to="/manager/providers/new">
          {t("providers.new")}
        </Link>
      </div>
      <nav className="toolbar" aria-label={t("manager.sections")}>
        <Link to="/manager/funding-sources">{t("funding.title")}</Link>
        <Link to="/public">{t("providers.publicCatalogue")}</Link>
      </nav>
      <SearchToolbar initial={search} onSearch={(text) => set({ q: text })}>
        <label className="inline-control">
          <span>{t("providers.legalForm")}</span>
          <select value={get("legal_form")} onChange={(e) => set({ legal_form: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {LEGAL_FORMS.map((f) => (
              <option key={f} value={f}>
                {label("legalForm", f)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-control">
          <span>{t("providers.publicFilter")}</span>
          <select value={isPublic} onChange={(e) => set({ public: e.target.value })}>
            <option value="">{t("common.all")}</option>
            <option value="true">{t("providers.listed")}</option>
            <option value="false">{t("providers.notListed")}</option>
          </select>
        </label>
        <label className="inline-control">
          <span>{t("services.serviceType")}</span>
          <select value={get("service_type")} onChange={(e) => set({ service_type: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {types.data?.map((st) => (
              <option key={st.id} value={st.code}>
                {st.name}
              </option>
            ))}
          </select>
        </label>
      </SearchToolbar>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          <p className="muted">{t("common.results", { count: list.data.count })}</p>
          {list.data.results.length === 0 ? <p>{t("providers.none")}</p> : null}
          <ul className="cards">
            {list.data.results.map((p) => (
              <li key={p.id} className="card" data-testid="provider-row">
                <h2 className="card-title">
                  <Link to={`/manager/providers/${p.id}`}>{p.name}</Link>
                </h2>
                <p>
                  {label("legalForm", p.legal_form)}
                  {p.municipality ? ` · ${p.municipality}` : null}
                  {p.tax_id ? ` · ${t("providers.taxId")} ${p.tax_id}` : null}
                </p>
                <p>
                  <PublishedBadge published={p.is_public && p.is_active} />
                  {!p.is_active ? <span className="status status-withdrawn">{t("providers.inactive")}</span> : null}
                </p>
                {p.service_types.length ? (
                  <p className="muted">{p.service_types.map((code) => typeName.get(code) ?? code).join(", ")}</p>
                ) : null}
              </li>
            ))}
          </ul>
          <Pagination page={page} count={list.data.count} pageSize={PROVIDERS_PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
