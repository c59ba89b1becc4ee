import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { formatDate, formatDateTime, formatNumber } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { invitationState } from "./invitations";
import { weightTotal } from "./scoring";
import { Status } from "../../components/Status";
import { useEvaluations, useQualitySummary, useRevokeSurveyLink, useStandards, useSurveyLinks, useSurveys } from "./queries";
import { SurveyLinkForm, SurveyRecordForm } from "./SurveyForms";
import "../planning/planning.css";

const SURVEY_PAGE_SIZE = 10;

/** Quality: each provider's survey and evaluation summary, the standards, and clients' satisfaction surveys. */
export default function QualityPage() {
  const { t } = useTranslation();
  const { role } = useAuth();
  return (
    <section>
      <h1>{t("quality.title")}</h1>
      <nav className="toolbar" aria-label={t("quality.sections")}>
        <a href="#quality-summary">{t("quality.summary.title")}</a>
        <a href="#quality-evaluations">{t("quality.evaluations.title")}</a>
        <a href="#quality-surveys">{t("quality.surveys.title")}</a>
        <a href="#quality-standards">{t("quality.standards.title")}</a>
      </nav>
      <Summary />
      <Evaluations />
      <Surveys coordinator={role === "coordinator"} />
      <Standards manager={role === "manager"} />
    </section>
  );
}

function Summary() {
  const { t } = useTranslation();
  const { get, set } = useListParams();
  const from = get("from");
  const to = get("to");
  const summary = useQualitySummary(from, to);
  return (
    <section aria-labelledby="quality-summary">
      <h2 id="quality-summary">{t("quality.summary.title")}</h2>
      <div className="toolbar">
        <label className="inline-control">
          <span>{t("quality.summary.from")}</span>
          <input type="date" value={from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label className="inline-control">
          <span>{t("quality.summary.to")}</span>
          <input type="date" value={to} onChange={(e) => set({ to: e.target.value })} />
        </label>
      </div>
      <ErrorAlert error={summary.error} />
      {summary.isLoading ? <Loading /> : null}
      {summary.data && summary.data.length === 0 ? <p>{t("quality.summary.none")}</p> : null}
      {summary.data?.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("quality.summary.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("quality.provider")}</th>
                <th scope="col">{t("quality.serviceType")}</th>
                <th scope="col" className="num">{t("quality.summary.surveys")}</th>
                <th scope="col" className="num">{t("quality.summary.surveyAverage")}</th>
                <th scope="col" className="num">{t("quality.summary.evaluations")}</th>
                <th scope="col" className="num">{t("quality.summary.score")}</th>
                <th scope="col">{t("quality.summary.latest")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.data.map((row) => (
                <tr key={`${row.provider}-${row.service_type}`} data-testid="quality-summary-row">
                  <th scope="row">{row.provider_name}</th>
                  <td>{row.service_type_name}</td>
                  <td className="num">{row.survey_count}</td>
                  <td className="num">{row.survey_average === null ? "—" : `${formatNumber(row.survey_average, 1)} / 5`}</td>
                  <td className="num">{row.evaluation_count}</td>
                  <td className="num">{row.evaluation_score === null ? "—" : `${formatNumber(row.evaluation_score, 1)} / 100`}</td>
                  <td>
                    {row.latest_evaluation
                      ? `${formatDate(row.latest_evaluation.period_start)} – ${formatDate(row.latest_evaluation.period_end)}: ${formatNumber(row.latest_evaluation.weighted_score, 1)}`
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Surveys({ coordinator }: { coordinator: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [form, setForm] = useState<"record" | "link" | null>(null);
  const surveys = useSurveys(page, SURVEY_PAGE_SIZE);
  return (
    <section aria-labelledby="quality-surveys">
      <h2 id="quality-surveys">{t("quality.surveys.title")}</h2>
      {coordinator ? (
        <>
          <div className="actions">
            <button type="button" aria-expanded={form === "record"} onClick={() => setForm(form === "record" ? null : "record")}>
              {t("quality.surveys.record")}
            </button>
            <button type="button" aria-expanded={form === "link"} onClick={() => setForm(form === "link" ? null : "link")}>
              {t("quality.links.create")}
            </button>
          </div>
          {form === "record" ? <SurveyRecordForm onDone={() => setForm(null)} /> : null}
          {form === "link" ? <SurveyLinkForm /> : null}
        </>
      ) : null}
      <ErrorAlert error={surveys.error} />
      {surveys.isLoading ? <Loading /> : null}
      {surveys.data ? (
        <>
          {surveys.data.results.length === 0 ? <p>{t("quality.surveys.none")}</p> : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("quality.surveys.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("quality.surveys.date")}</th>
                    <th scope="col">{t("quality.serviceType")}</th>
                    <th scope="col">{t("quality.provider")}</th>
                    <th scope="col">{t("quality.surveys.source")}</th>
                    <th scope="col" className="num">{t("quality.question.overall")}</th>
                    <th scope="col">{t("quality.surveys.comment")}</th>
                  </tr>
                </thead>
                <tbody>
                  {surveys.data.results.map((s) => (
                    <tr key={s.id} data-testid="survey-row">
                      <td>{formatDate(s.date)}</td>
                      <td>{s.service_type_name}</td>
                      <td>{s.provider_name}</td>
                      <td>{t(`quality.source.${s.source}`)}</td>
                      <td className="num">{s.overall} / 5</td>
                      <td>{s.comment || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} count={surveys.data.count} pageSize={SURVEY_PAGE_SIZE} onPage={setPage} />
        </>
      ) : null}
      {coordinator ? <Invitations /> : null}
    </section>
  );
}

function Invitations() {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const links = useSurveyLinks();
  const revoke = useRevokeSurveyLink();
  if (!links.data?.results.length) return <ErrorAlert error={links.error} />;
  return (
    <>
      <h3>{t("quality.links.title")}</h3>
      <ErrorAlert error={error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("quality.links.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("quality.links.created")}</th>
              <th scope="col">{t("quality.serviceType")}</th>
              <th scope="col">{t("quality.provider")}</th>
              <th scope="col">{t("quality.links.expires")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {links.data.results.map((l) => {
              const state = invitationState(l);
              return (
                <tr key={l.id} data-testid="invitation-row">
                  <td>{formatDateTime(l.created_at)}</td>
                  <td>{l.service_type_name}</td>
                  <td>{l.provider_name}</td>
                  <td>{formatDate(l.expires_at)}</td>
                  <td>{t(`quality.linkState.${state}`)}</td>
                  <td>
                    {state === "open" ? (
                      <button
                        type="button"
                        onClick={async () => {
                          setError(null);
                          try {
                            await revoke.mutateAsync(l.id);
                          } catch (err) {
                            setError(err);
                          }
                        }}
                      >
                        {t("quality.links.revoke")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Standards({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const [standardsPage, setStandardsPage] = useState(1);
  const [retired, setRetired] = useState(false);
  const standards = useStandards(standardsPage, 20, !retired);
  return (
    <section aria-labelledby="quality-standards">
      <h2 id="quality-standards">{t("quality.standards.title")}</h2>
      <div className="toolbar">
        {manager ? (
          <Link className="button primary" to="/quality/standards/new">
            {t("quality.standards.new")}
          </Link>
        ) : null}
        <label className="inline-control">
          <input
            type="checkbox"
            checked={retired}
            onChange={(e) => {
              setRetired(e.target.checked);
              setStandardsPage(1);
            }}
          />
          <span>{t("quality.standards.showRetired")}</span>
        </label>
      </div>
      <ErrorAlert error={standards.error} />
      {standards.isLoading ? <Loading /> : null}
      {standards.data ? (
        <>
          {standards.data.results.length === 0 ? <p>{t("quality.standards.none")}</p> : null}
          <ul className="cards">
            {standards.data.results.map((s) => {
              const active = s.criteria.filter((c) => c.is_active);
              return (
                <li key={s.id} className="card" data-testid="standard-card">
                  <h3 className="card-title">{s.name}</h3>
                  <p className="muted">
                    {s.service_type_name}
                    {s.is_active ? "" : ` · ${t("quality.standards.retired")}`}
                  </p>
                  {s.description ? <p>{s.description}</p> : null}
                  <details>
                    <summary>{t("quality.standards.criteria", { count: active.length })}</summary>
                    <p className="muted">
                      {t("quality.standards.weightTotal", { total: formatNumber(weightTotal(active.map((c) => c.weight))) })}
                    </p>
                    <ol>
                      {active.map((c) => (
                        <li key={c.id}>
                          {c.text}{" "}
                          <span className="muted">
                            ({t("quality.standards.weight")}: {formatNumber(c.weight)}; {c.scale_min}–{c.scale_max})
                          </span>
                        </li>
                      ))}
                    </ol>
                  </details>
                  {manager ? (
                    <p>
                      <Link to={`/quality/standards/${s.id}`} aria-label={t("quality.standards.editTitle", { name: s.name })}>
                        {t("common.edit")}
                      </Link>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <Pagination page={standardsPage} count={standards.data.count} pageSize={20} onPage={setStandardsPage} />
        </>
      ) : null}
    </section>
  );
}

const EVALUATION_PAGE_SIZE = 10;

function Evaluations() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const evaluations = useEvaluations(page, EVALUATION_PAGE_SIZE, status, search);
  return (
    <section aria-labelledby="quality-evaluations">
      <h2 id="quality-evaluations">{t("quality.evaluations.title")}</h2>
      <div className="actions">
        <Link className="button primary" to="/quality/evaluations/new">
          {t("quality.evaluations.new")}
        </Link>
      </div>
      <SearchToolbar
        initial={search}
        label={t("quality.evaluations.search")}
        onSearch={(text) => {
          setSearch(text);
          setPage(1);
        }}
      >
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
          >
            <option value="">{t("common.all")}</option>
            <option value="draft">{t("enum.evaluationStatus.draft")}</option>
            <option value="final">{t("enum.evaluationStatus.final")}</option>
          </select>
        </label>
      </SearchToolbar>
      <ErrorAlert error={evaluations.error} />
      {evaluations.isLoading ? <Loading /> : null}
      {evaluations.data ? (
        <>
          {evaluations.data.results.length === 0 ? <p>{t("quality.evaluations.none")}</p> : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("quality.evaluations.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("quality.provider")}</th>
                    <th scope="col">{t("quality.evaluations.standard")}</th>
                    <th scope="col">{t("quality.evaluations.period")}</th>
                    <th scope="col">{t("common.status")}</th>
                    <th scope="col" className="num">{t("quality.evaluations.weightedScore")}</th>
                  </tr>
                </thead>
                <tbody>
                  {evaluations.data.results.map((e) => (
                    <tr key={e.id} data-testid="evaluation-row">
                      <th scope="row">
                        <Link to={`/quality/evaluations/${e.id}`}>{e.provider_name}</Link>
                      </th>
                      <td>{e.standard_name} ({e.service_type_name})</td>
                      <td>{formatDate(e.period_start)} – {formatDate(e.period_end)}</td>
                      <td><Status kind="evaluationStatus" value={e.status} /></td>
                      <td className="num">
                        {e.status === "final" ? formatNumber(e.weighted_score, 2) : e.current_score === null ? "—" : `(${formatNumber(e.current_score, 2)})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} count={evaluations.data.count} pageSize={EVALUATION_PAGE_SIZE} onPage={setPage} />
        </>
      ) : null}
    </section>
  );
}
