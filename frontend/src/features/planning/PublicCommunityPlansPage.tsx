import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { LanguageSwitch } from "../account/LanguageSwitch";
import { PUBLIC_PLANS_PAGE_SIZE, usePublicPlans } from "./publicQueries";
import "./planning.css";

/** The public page's frame: the brand, the language switch and the way to the catalogue and the staff login. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="public-page">
      <header className="topbar">
        <span className="brand">{t("public.brand")}</span>
        <div className="topbar-controls">
          <LanguageSwitch />
          <Link to="/public">{t("publicPlans.catalogue")}</Link>
          <Link to="/login">{t("public.staffLogin")}</Link>
        </div>
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}

/** The adopted (and closed) community plans, without a login; ?centre= narrows them to one centre. */
export default function PublicCommunityPlansPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const centre = params.get("centre") ?? "";
  const list = usePublicPlans(page, centre);
  return (
    <PublicFrame>
      <h1>{t("publicPlans.title")}</h1>
      <p>{t("publicPlans.intro")}</p>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("publicPlans.none")}</p> : null}
          <ul className="cards">
            {list.data.results.map((p) => (
              <li key={p.id} className="card" data-testid="public-plan">
                <h2>
                  <Link to={`/public/community-plans/${p.id}`}>{p.title}</Link>
                </h2>
                <p className="muted">
                  {p.centre_name} · {formatDate(p.start_date)} – {formatDate(p.end_date)} ·{" "}
                  {t(`planning.status.${p.status}`)}
                </p>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            count={list.data.count}
            pageSize={PUBLIC_PLANS_PAGE_SIZE}
            onPage={(p) => setParams({ ...(centre ? { centre } : {}), page: String(p) })}
          />
        </>
      ) : null}
    </PublicFrame>
  );
}
