import { useTranslation } from "react-i18next";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatMoney, formatMonth, formatMonthShort } from "../../lib/format";
import { useContractSpending } from "./queries";

/** The contract's budget use over time: spent each month and to date, against its value, with the table beside. */
export function ContractSpending({ id, currency }: { id: string; currency: string }) {
  const { t } = useTranslation();
  const spending = useContractSpending(id);
  const data = spending.data;
  if (spending.error) return <ErrorAlert error={spending.error} />;
  if (!data || !data.months.length) return null;
  const points = data.months.map((m) => ({ label: formatMonthShort(m.month), spent: Number(m.spent), toDate: Number(m.spent_to_date) }));
  return (
    <section aria-labelledby="contract-spending">
      <h2 id="contract-spending">{t("manager.usage.overTime")}</h2>
      <div className="chart" role="img" aria-label={t("manager.usage.overTimeChart")}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis />
            <Tooltip formatter={(v) => formatMoney(Number(v), currency)} />
            <Legend verticalAlign="top" />
            {data.value ? <ReferenceLine y={Number(data.value)} stroke="#b35c00" strokeDasharray="4 4" /> : null}
            <Bar dataKey="spent" name={t("manager.overview.spentMonth")} fill="#9fb7cc" isAnimationActive={false} />
            <Line dataKey="toDate" name={t("manager.overview.spentToDate")} stroke="#0b4f8a" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{t("manager.overview.asTable")}</summary>
        <div className="table-wrap">
          <table>
            <caption>{t("manager.usage.overTime")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("manager.reports.month")}</th>
                <th scope="col">{t("manager.overview.spentMonth")}</th>
                <th scope="col">{t("manager.overview.spentToDate")}</th>
              </tr>
            </thead>
            <tbody>
              {data.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{formatMonth(m.month)}</th>
                  <td>{formatMoney(m.spent, currency)}</td>
                  <td>{formatMoney(m.spent_to_date, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
