import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { formatMonth, formatNumber } from "../../lib/format";
import { useServiceProgress } from "./queries";
import { CHART } from "../../lib/chartColors";

/** Planned against delivered, month by month: a chart for the eye and the same figures as a table for everyone. */
export function ProgressPanel({ serviceId, unit }: { serviceId: string; unit: string }) {
  const { t } = useTranslation();
  const progress = useServiceProgress(serviceId);
  if (progress.isLoading) return <Loading />;
  if (!progress.data) return <ErrorAlert error={progress.error} />;
  const rows = progress.data.months.map((m) => ({
    month: formatMonth(m.month),
    planned: Number(m.planned),
    delivered: Number(m.delivered),
    gap: m.gap,
  }));
  const unitLabel = t(`enum.unit.${unit}`, { defaultValue: unit });
  return (
    <div className="progress-panel">
      {rows.length ? (
        <div aria-hidden="true" style={{ width: "100%", height: 220 }}>
          <ResponsiveContainer>
            <BarChart data={rows} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar dataKey="planned" name={t("progress.planned")} fill={CHART.secondary} />
              <Bar dataKey="delivered" name={t("progress.delivered")} fill={CHART.primary} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      ) : null}
      <table>
        <caption>{t("progress.caption", { unit: unitLabel })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("progress.month")}</th>
            <th scope="col" className="num">{t("progress.planned")}</th>
            <th scope="col" className="num">{t("progress.delivered")}</th>
            <th scope="col" className="num">{t("progress.gap")}</th>
          </tr>
        </thead>
        <tbody>
          {progress.data.months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{formatMonth(m.month)}</th>
              <td className="num">{formatNumber(m.planned)}</td>
              <td className="num">{formatNumber(m.delivered)}</td>
              <td className="num">{formatNumber(m.gap)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("progress.total")}</th>
            <td className="num">{formatNumber(progress.data.total.planned)}</td>
            <td className="num">{formatNumber(progress.data.total.delivered)}</td>
            <td className="num">{formatNumber(progress.data.total.gap)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
