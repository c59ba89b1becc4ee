import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate, formatDateTime, formatNumber } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { invitationState } from "./invitations";
import { useQualitySummary, useRevokeSurveyLink, useStandards, useSurveyLinks, useSurveys } from "./queries";
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
        <a href="#quality-surveys">{t("quality.surveys.title")}</a>
        <a href="#quality-standards">{t("quality.standards.title")}</a>
      </nav>
      <Summary />
      <Surveys coordinator={role === "coordinator"} />
      <Standards />
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

function Standards() {
  const { t } = useTranslation();
  const [standardsPage, setStandardsPage] = useState(1);
  const standards = useStandards(standardsPage, 20);
  return (
    <section aria-labelledby="quality-standards">
      <h2 id="quality-standards">{t("quality.standards.title")}</h2>
      <ErrorAlert error={standards.error} />
      {standards.isLoading ? <Loading /> : null}
      {standards.data ? (
        <>
          {standards.data.results.length === 0 ? <p>{t("quality.standards.none")}</p> : null}
          <ul className="cards">
            {standards.data.results.map((s) => (
              <li key={s.id} className="card">
                <h3 className="card-title">{s.name}</h3>
                <p className="muted">{s.service_type_name}</p>
                {s.description ? <p>{s.description}</p> : null}
                <details>
                  <summary>{t("quality.standards.criteria", { count: s.criteria.filter((c) => c.is_active).length })}</summary>
                  <ol>
                    {s.criteria
                      .filter((c) => c.is_active)
                      .map((c) => (
                        <li key={c.id}>
                          {c.text}{" "}
                          <span className="muted">
                            ({t("quality.standards.weight")}: {formatNumber(c.weight)}; {c.scale_min}–{c.scale_max})
                          </span>
                        </li>
                      ))}
                  </ol>
                </details>
              </li>
            ))}
          </ul>
          <Pagination page={standardsPage} count={standards.data.count} pageSize={20} onPage={setStandardsPage} />
        </>
      ) : null}
    </section>
  );
}
