import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { formatDate, formatNumber } from "../../lib/format";
import { ProgressBar } from "./ProgressBar";
import { PublicFrame } from "./PublicCommunityPlansPage";
import { usePublicPlan, type PublicIndicator } from "./publicQueries";
import "./planning.css";
import { ActivityLines } from "./ActivityLines";

/** One adopted (or closed) community plan for the public: its tree with each indicator's target and progress. */
export default function PublicCommunityPlanPage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const plan = usePublicPlan(id);
  if (plan.isLoading) return <PublicFrame><Loading /></PublicFrame>;
  if (!plan.data) return <PublicFrame><ErrorAlert error={plan.error} /></PublicFrame>;
  const p = plan.data;
  const pdf = `/api/public/community-plans/${p.id}/document/?lang=${encodeURIComponent(i18n.language.slice(0, 2))}`;
  return (
    <PublicFrame>
      <p>
        <Link to="/public/community-plans">{t("publicPlans.back")}</Link>
      </p>
      <h1>{p.title}</h1>
      <p>
        {p.centre_name} · {formatDate(p.start_date)} – {formatDate(p.end_date)} ·{" "}
        <span className={`status status-${p.status}`}>{t(`planning.status.${p.status}`)}</span>
      </p>
      {p.description ? <p className="pre-line">{p.description}</p> : null}
      <p>
        <a href={pdf} download>
          {t("planning.plans.print")}
        </a>
      </p>
      {p.priorities.length === 0 ? <p>{t("planning.plans.empty")}</p> : null}
      <ul className="tree">
        {p.priorities.map((pr) => (
          <li key={pr.id}>
            <h2>{`${pr.code} ${pr.title}`.trim()}</h2>
            {pr.description ? <p className="pre-line">{pr.description}</p> : null}
            <ul>
              {pr.measures.map((m) => (
                <li key={m.id}>
                  <h3>{`${m.code} ${m.title}`.trim()}</h3>
                  {m.description ? <p className="pre-line">{m.description}</p> : null}
                  <ul>
                    {m.activities.map((a) => (
                      <li key={a.id} data-testid="public-activity">
                        <h4>{`${a.code} ${a.title}`.trim()}</h4>
                        <ActivityLines
                          description={a.description}
                          responsible={a.responsible_partner}
                          targetGroups={a.target_groups.map((g) => g.name)}
                          serviceTypes={a.service_types.map((s) => s.name)}
                        />
                        <PublicIndicators items={a.indicators} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </PublicFrame>
  );
}

function PublicIndicators({ items }: { items: PublicIndicator[] }) {
  const { t } = useTranslation();
  if (!items.length) return <p className="muted">{t("planning.indicator.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t("planning.indicator.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("planning.indicator.name")}</th>
            <th scope="col">{t("planning.indicator.period")}</th>
            <th scope="col" className="num">{t("planning.editor.baseline")}</th>
            <th scope="col" className="num">{t("planning.indicator.target")}</th>
            <th scope="col" className="num">{t("planning.indicator.actual")}</th>
            <th scope="col">{t("planning.indicator.progress")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>
                {i.name}
                <div className="muted">{i.kind_name}</div>
              </td>
              <td>
                {formatDate(i.period_start)} – {formatDate(i.period_end)}
              </td>
              <td className="num">{i.baseline === null ? "—" : `${formatNumber(i.baseline)} ${i.unit_label}`}</td>
              <td className="num">
                {formatNumber(i.target)} {i.unit_label}
              </td>
              <td className="num">
                {formatNumber(i.actual)} {i.unit_label}
              </td>
              <td>
                <ProgressBar percent={i.progress_percent} name={i.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
