import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SearchToolbar } from "../../components/SearchToolbar";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { LanguageSwitch } from "../account/LanguageSwitch";
import { pageFrom } from "../../lib/paging";
import { PUBLIC_PAGE_SIZE, usePublicServices } from "./queries";
import { ServiceCard } from "./ServiceCard";

/** The public catalogue of local services: search without logging in (/api/public/services/). */
export default function PublicCataloguePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const q = params.get("q") ?? "";
  const list = usePublicServices(page, q);

  return (
    <div className="public-page">
      <header className="topbar">
        <span className="brand">{t("public.brand")}</span>
        <div className="topbar-controls">
          <LanguageSwitch />
          <Link to="/public/community-plans">{t("publicPlans.title")}</Link>
          <Link to="/login">{t("public.staffLogin")}</Link>
        </div>
      </header>
      <main id="main" className="content">
        <h1>{t("public.title")}</h1>
        <p>{t("public.intro")}</p>
        <SearchToolbar
          initial={q}
          label={t("public.searchLabel")}
          onSearch={(text) => setParams(text ? { q: text } : {})}
        />
        <ErrorAlert error={list.error} />
        {list.isLoading ? <Loading /> : null}
        {list.data ? (
          <>
            <p role="status">{t("public.found", { found: list.data.count })}</p>
            <ul className="cards">
              {list.data.results.map((s) => (
                <ServiceCard key={s.id} service={s} />
              ))}
            </ul>
            <Pagination
              page={page}
              count={list.data.count}
              pageSize={PUBLIC_PAGE_SIZE}
              onPage={(p) => setParams({ ...(q ? { q } : {}), page: String(p) })}
            />
          </>
        ) : null}
      </main>
    </div>
  );
}
