import { useTranslation } from "react-i18next";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { Schemas } from "../../api/client";
import { ChartBox, TableAlternative } from "../../components/ChartWithTable";
import { formatMoney, formatMonth, formatMonthShort } from "../../lib/format";
import { CHART } from "../../lib/chartColors";

/** A contract's spending each month (bars) and to date (line) against its value (dashed), with the table beside:
 * the contract page and the manager's overview both show it. */
export function SpendingChart({ burn, currency, label, caption, small }: {
  burn: Schemas["ReportContractBurn"];
  currency: string;
  label: string;
  caption: string;
  small?: boolean;
}) {
  const { t } = useTranslation();
  const points = burn.months.map((m) => ({ label: formatMonthShort(m.month), spent: Number(m.spent), toDate: Number(m.spent_to_date) }));
  return (
    <>
      <ChartBox label={label} small={small}>
        <ComposedChart data={points} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip formatter={(v) => formatMoney(Number(v), currency)} />
          <Legend verticalAlign="top" />
          {burn.value ? <ReferenceLine y={Number(burn.value)} stroke={CHART.line} strokeDasharray="4 4" /> : null}
          <Bar dataKey="spent" name={t("manager.overview.spentMonth")} fill={CHART.secondary} isAnimationActive={false} />
          <Line dataKey="toDate" name={t("manager.overview.spentToDate")} stroke={CHART.primary} isAnimationActive={false} />
        </ComposedChart>
      </ChartBox>
      <TableAlternative
        caption={caption}
        rows={burn.months}
        rowKey={(m) => m.month}
        columns={[
          { label: t("manager.reports.month"), cell: (m) => formatMonth(m.month) },
          { label: t("manager.overview.spentMonth"), cell: (m) => formatMoney(m.spent, currency) },
          { label: t("manager.overview.spentToDate"), cell: (m) => formatMoney(m.spent_to_date, currency) },
        ]}
      />
    </>
  );
}
