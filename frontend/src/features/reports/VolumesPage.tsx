import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { formatDateTime, formatMoney, formatMonth, formatNumber } from "../../lib/format";
import { useCurrency } from "../../auth/useCentre";
import { useDoneRuns } from "./queries";
import type { ReportServiceRow } from "./reportsApi";
import "./reports.css";
import { CHART } from "../../lib/chartColors";

/** A decimal figure from the report ("12.50"; empty when not set) as a number for the charts. */
const num = (value: string | undefined) => (value ? Number(value) : 0);

/**
 * Service volumes, planned against delivered, by month and service type. The figures are the funder
 * reports' (the API has no separate aggregate endpoint): one finished report run per month gives that
 * month's row, so a month appears here once its report has been run.
 */
export default function VolumesPage() {
  const { t } = useTranslation();
  const runs = useDoneRuns();
  const currency = useCurrency();
  const [month, setMonth] = useState<string>("");
  const [type, setType] = useState<string>("");
  const list = runs.data ?? [];
  const selected = list.find((r) => r.month === month) ?? list[list.length - 1];
  const types = useMemo(() => {
    const seen = new Map<string, string>();
    for (const run of list) for (const row of run.data.services) seen.set(row.service_type, row.name);
    return [...seen.entries()];
  }, [list]);
  const chosenType = type || types[0]?.[0] || "";

  // Service types count in different units (hours, meals, visits): one axis shows what is comparable across
  // them, the share of the planned units delivered; the table below gives the units.
  const byType = (selected?.data.services ?? []).map((row: ReportServiceRow) => ({
    name: row.name,
    percent: num(row.units_planned) > 0 ? Math.round((num(row.units_delivered) / num(row.units_planned)) * 100) : null,
  }));
  const byMonth = list.map((run) => {
    const row = run.data.services.find((s) => s.service_type === chosenType);
    return { month: formatMonth(run.month), planned: num(row?.units_planned), delivered: num(row?.units_delivered) };
  });

  return (
    <section>
      <p>
        <Link to="/manager/contracts">{t("manager.contracts.title")}</Link> · <Link to="/manager/reports">{t("manager.reports.title")}</Link>
      </p>
      <h1>{t("manager.volumes.title")}</h1>
      <p className="muted">{t("manager.volumes.source")}</p>
      <ErrorAlert error={runs.error} />
      {runs.isLoading ? <Loading /> : null}
      {runs.data && !list.length ? (
        <p>
          {t("manager.volumes.noRuns")} <Link to="/manager/reports">{t("manager.reports.start")}</Link>
        </p>
      ) : null}
      {selected ? (
        <>
          <div className="toolbar">
            <label className="inline-control">
              <span>{t("manager.reports.month")}</span>
              <select value={selected.month} onChange={(e) => setMonth(e.target.value)}>
                {list.map((run) => (
                  <option key={run.month} value={run.month}>
                    {formatMonth(run.month)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <h2>{t("manager.volumes.byType", { month: formatMonth(selected.month) })}</h2>
          <p className="muted">{t("manager.volumes.cutOff", { at: formatDateTime(selected.data.cut_off_at) })}</p>
          <figure>
            <div className="chart" role="img" aria-label={t("manager.volumes.byTypeChart")}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={byType} margin={{ left: 60, right: 16, bottom: 100 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" angle={-35} textAnchor="end" interval={0} height={120} tick={{ fontSize: 11 }} />
                  <YAxis unit=" %" />
                  <Tooltip formatter={(v) => `${formatNumber(Number(v))} %`} />
                  <Legend verticalAlign="top" />
                  <Bar dataKey="percent" name={t("manager.volumes.percentDelivered")} fill={CHART.primary} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>
          <div className="table-wrap">
            <table>
              <caption>{t("manager.volumes.byType", { month: formatMonth(selected.month) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("manager.usage.serviceType")}</th>
                  <th scope="col">{t("manager.volumes.planned")}</th>
                  <th scope="col">{t("manager.volumes.contracted")}</th>
                  <th scope="col">{t("manager.volumes.delivered")}</th>
                  <th scope="col">{t("manager.volumes.hours")}</th>
                  <th scope="col">{t("manager.volumes.clients")}</th>
                  <th scope="col">{t("manager.volumes.cost")}</th>
                </tr>
              </thead>
              <tbody>
                {selected.data.services.map((row) => (
                  <tr key={row.service_type}>
                    <td>
                      {row.name} <span className="muted">({t(`provider.unit.${row.unit}`, { defaultValue: row.unit })})</span>
                    </td>
                    <td>{formatNumber(row.units_planned)}</td>
                    <td>{row.units_contracted ? formatNumber(row.units_contracted) : "—"}</td>
                    <td>{formatNumber(row.units_delivered)}</td>
                    <td>{formatNumber(row.hours)}</td>
                    <td>{row.clients}</td>
                    <td>{formatMoney(row.cost, selected.data.centre.currency || currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {types.length ? (
            <>
              <h2>{t("manager.volumes.byMonth")}</h2>
              <div className="toolbar">
                <label className="inline-control">
                  <span>{t("manager.usage.serviceType")}</span>
                  <select value={chosenType} onChange={(e) => setType(e.target.value)}>
                    {types.map(([code, name]) => (
                      <option key={code} value={code}>
                        {name}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <div className="chart" role="img" aria-label={t("manager.volumes.byMonthChart")}>
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={byMonth}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="month" />
                    <YAxis />
                    <Tooltip formatter={(v) => formatNumber(Number(v))} />
                    <Legend verticalAlign="top" />
                    <Bar dataKey="planned" name={t("manager.volumes.planned")} fill={CHART.secondary} isAnimationActive={false} />
                    <Bar dataKey="delivered" name={t("manager.volumes.delivered")} fill={CHART.primary} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
