import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SearchToolbar } from "../../components/SearchToolbar";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { LanguageSwitch } from "../account/LanguageSwitch";
import { formatMoney } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { PUBLIC_PAGE_SIZE, usePublicServices } from "./queries";

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
                <li key={s.id} className="card" data-testid="public-service">
                  <h2 className="card-title">{s.name}</h2>
                  <p>
                    {s.service_type?.name && s.service_type.name !== s.name ? (
                      <>
                        <strong>{s.service_type.name}</strong> ·{" "}
                      </>
                    ) : null}
                    {s.provider?.name}
                  </p>
                  {s.description ? <p>{s.description}</p> : null}
                  <dl className="facts">
                    {s.schedule ? (
                      <>
                        <dt>{t("public.schedule")}</dt>
                        <dd>{s.schedule}</dd>
                      </>
                    ) : null}
                    <dt>{t("public.cost")}</dt>
                    <dd>
                      {s.cost && Number(s.cost) > 0 ? formatMoney(s.cost, s.currency) : t("public.free")}
                      {s.cost_note ? ` — ${s.cost_note}` : null}
                    </dd>
                    {s.target_groups?.length ? (
                      <>
                        <dt>{t("public.for")}</dt>
                        <dd>{s.target_groups.map((g) => g.name).join(", ")}</dd>
                      </>
                    ) : null}
                    {s.locations?.length ? (
                      <>
                        <dt>{t("public.where")}</dt>
                        <dd>
                          {s.locations
                            .map((l) => [l.name, l.street, l.municipality].filter(Boolean).join(", "))
                            .join("; ")}
                        </dd>
                      </>
                    ) : null}
                    {s.contacts?.length ? (
                      <>
                        <dt>{t("public.contact")}</dt>
                        <dd>
                          {s.contacts.map((c) => [c.name, c.phone, c.email].filter(Boolean).join(" · ")).join("; ")}
                        </dd>
                      </>
                    ) : null}
                    {s.wheelchair_accessible ? (
                      <>
                        <dt>{t("public.accessible")}</dt>
                        <dd>{t("common.yes")}</dd>
                      </>
                    ) : null}
                  </dl>
                </li>
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
