import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { Schemas } from "../../api/client";
import { formatNumber } from "../../lib/format";
import { priorityProgress } from "./progress";
import { CHART } from "../../lib/chartColors";

/** Each priority's mean progress: a list in words, and the same figures as a bar chart for sighted users. */
export function PlanGlance({ plan }: { plan: Schemas["CommunityPlanTree"] }) {
  const { t } = useTranslation();
  const rows = priorityProgress(plan);
  if (!rows.some((r) => r.percent !== null)) return null;
  const chart = rows.map((r) => ({ name: r.code || r.title, percent: r.percent ?? 0 }));
  return (
    <section aria-labelledby="plan-glance">
      <h2 id="plan-glance">{t("planning.glance.title")}</h2>
      <ul>
        {rows.map((r) => (
          <li key={`${r.code}-${r.title}`} data-testid="priority-progress">
            {r.code} {r.title}:{" "}
            {r.percent === null
              ? t("planning.glance.notMeasured")
              : t("planning.glance.summary", { percent: formatNumber(r.percent, 1), reached: r.reached, measured: r.measured })}
          </li>
        ))}
      </ul>
      <div aria-hidden="true" style={{ width: "100%", maxWidth: 640, height: Math.max(120, 40 * chart.length + 40) }}>
        <ResponsiveContainer>
          <BarChart data={chart} layout="vertical" margin={{ left: 8, right: 24 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={[0, 100]} unit=" %" />
            <YAxis type="category" dataKey="name" width={48} />
            <Bar dataKey="percent" fill={CHART.primary} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
