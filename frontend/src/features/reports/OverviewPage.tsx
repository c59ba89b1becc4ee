import { useState, type ReactElement, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartBox, TableAlternative } from "../../components/ChartWithTable";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { formatDateTime, formatMoney, formatMonth, formatNumber } from "../../lib/format";
import { SpendingChart } from "../contracts/SpendingChart";
import { UsageBar } from "../contracts/UsageBar";
import { useOverview } from "./queries";
import type { ContractBurn, Overview, OverviewMonth } from "./reportsApi";
import { burnTone, chartMonths, deliveredShare } from "./overview";
import "./reports.css";

const PLANNED = "#9fb7cc";
const DELIVERED = "#0b4f8a";
const CLOSED = "#b35c00";

/** A titled chart with its table alternative. */
function ChartFigure({ id, title, label, chart, table }: { id: string; title: string; label: string; chart: ReactElement; table: ReactNode }) {
  return (
    <section className="overview-block" aria-labelledby={`overview-${id}`}>
      <h2 id={`overview-${id}`}>{title}</h2>
      <ChartBox label={label} small>
        {chart}
      </ChartBox>
      {table}
    </section>
  );
}

function Tile({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {hint ? <span className="muted stat-hint">{hint}</span> : null}
    </div>
  );
}

function Caseload({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const c = data.caseload;
  const now = data.months[data.months.length - 1];
  return (
    <section aria-labelledby="overview-caseload">
      <h2 id="overview-caseload">{t("manager.overview.caseload")}</h2>
      <div className="stats">
        <Tile label={t("manager.overview.clientsActive")} value={c.active} />
        <Tile label={t("manager.overview.clientsReferred")} value={c.referred} />
        <Tile label={t("manager.overview.plansActive")} value={now?.plans_active ?? 0} />
        <Tile
          label={t("manager.overview.waitingNow")}
          value={now?.waiting ?? 0}
          hint={now?.median_wait_days ? t("manager.overview.medianWait", { days: formatNumber(now.median_wait_days, 1) }) : undefined}
        />
        <Tile label={t("manager.overview.withoutCoordinator")} value={c.without_coordinator} />
      </div>
      {c.coordinators.length ? (
        <details>
          <summary>{t("manager.overview.perCoordinator")}</summary>
          <div className="table-wrap">
            <table>
              <caption>{t("manager.overview.perCoordinator")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("manager.overview.coordinator")}</th>
                  <th scope="col">{t("manager.overview.openCases")}</th>
                </tr>
              </thead>
              <tbody>
                {c.coordinators.map((row) => (
                  <tr key={row.coordinator}>
                    <td>{row.coordinator}</td>
                    <td>{row.clients}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </section>
  );
}

function Plans({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const rows = chartMonths(data.months, (m) => ({ opened: m.plans_opened, closed: m.plans_closed, active: m.plans_active }));
  return (
    <ChartFigure
      id="plans"
      title={t("manager.overview.plans")}
      label={t("manager.overview.plansChart")}
      chart={
        <BarChart data={rows} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend verticalAlign="top" />
          <Bar dataKey="opened" name={t("manager.overview.opened")} fill={DELIVERED} isAnimationActive={false} />
          <Bar dataKey="closed" name={t("manager.overview.closed")} fill={CLOSED} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <TableAlternative
          caption={t("manager.overview.plans")}
          rows={data.months}
          rowKey={(m) => m.month}
          columns={[
            { label: t("manager.reports.month"), cell: (m: OverviewMonth) => formatMonth(m.month) },
            { label: t("manager.overview.opened"), cell: (m) => m.plans_opened },
            { label: t("manager.overview.closed"), cell: (m) => m.plans_closed },
            { label: t("manager.overview.inEffect"), cell: (m) => m.plans_active },
          ]}
        />
      }
    />
  );
}

function Waiting({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const rows = chartMonths(data.months, (m) => ({
    waiting: m.waiting,
    median: m.median_wait_days ? Number(m.median_wait_days) : null,
  }));
  return (
    <ChartFigure
      id="waiting"
      title={t("manager.overview.waiting")}
      label={t("manager.overview.waitingChart")}
      chart={
        <LineChart data={rows} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis yAxisId="count" allowDecimals={false} />
          <YAxis yAxisId="days" orientation="right" />
          <Tooltip />
          <Legend verticalAlign="top" />
          <Line yAxisId="count" dataKey="waiting" name={t("manager.overview.waitingServices")} stroke={DELIVERED} isAnimationActive={false} />
          <Line yAxisId="days" dataKey="median" name={t("manager.overview.medianDays")} stroke={CLOSED} strokeDasharray="5 3" isAnimationActive={false} connectNulls />
        </LineChart>
      }
      table={
        <TableAlternative
          caption={t("manager.overview.waiting")}
          rows={data.months}
          rowKey={(m) => m.month}
          columns={[
            { label: t("manager.reports.month"), cell: (m: OverviewMonth) => formatMonth(m.month) },
            { label: t("manager.overview.waitingServices"), cell: (m) => m.waiting },
            { label: t("manager.overview.waitingClients"), cell: (m) => m.waiting_clients },
            { label: t("manager.overview.medianDays"), cell: (m) => (m.median_wait_days ? formatNumber(m.median_wait_days, 1) : "—") },
          ]}
        />
      }
    />
  );
}

function Volumes({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  if (!data.volumes.length) {
    return (
      <section aria-labelledby="overview-volumes">
        <h2 id="overview-volumes">{t("manager.overview.volumes")}</h2>
        <p className="muted">{t("manager.overview.noVolumes")}</p>
      </section>
    );
  }
  const row = data.volumes.find((v) => v.service_type === code) ?? data.volumes[0];
  const unit = t(`provider.unit.${row.unit}`, { defaultValue: row.unit });
  const points = chartMonths(row.months, (m) => ({ planned: Number(m.planned), delivered: Number(m.delivered) }));
  return (
    <section className="overview-block" aria-labelledby="overview-volumes">
      <h2 id="overview-volumes">{t("manager.overview.volumes")}</h2>
      <label className="inline-control">
        <span>{t("manager.usage.serviceType")}</span>
        <select value={row.service_type} onChange={(e) => setCode(e.target.value)}>
          {data.volumes.map((v) => (
            <option key={v.service_type} value={v.service_type}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <ChartBox label={t("manager.overview.volumesChart", { name: row.name, unit })} small>
        <BarChart data={points} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip formatter={(v) => formatNumber(Number(v))} />
          <Legend verticalAlign="top" />
          <Bar dataKey="planned" name={t("manager.volumes.planned")} fill={PLANNED} isAnimationActive={false} />
          <Bar dataKey="delivered" name={t("manager.volumes.delivered")} fill={DELIVERED} isAnimationActive={false} />
        </BarChart>
      </ChartBox>
      <TableAlternative
        caption={t("manager.overview.volumesTable", { name: row.name, unit })}
        rows={row.months}
        rowKey={(m) => m.month}
        columns={[
          { label: t("manager.reports.month"), cell: (m) => formatMonth(m.month) },
          { label: t("manager.volumes.planned"), cell: (m) => formatNumber(m.planned) },
          { label: t("manager.volumes.delivered"), cell: (m) => formatNumber(m.delivered) },
          {
            label: t("manager.overview.deliveredShare"),
            cell: (m) => {
              const share = deliveredShare(m.planned, m.delivered);
              return share === null ? "—" : `${formatNumber(share, 0)} %`;
            },
          },
        ]}
      />
    </section>
  );
}

function Budgets({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const [id, setId] = useState("");
  if (!data.contracts.length) {
    return (
      <section aria-labelledby="overview-budgets">
        <h2 id="overview-budgets">{t("manager.overview.budgets")}</h2>
        <p className="muted">{t("manager.overview.noContracts")}</p>
      </section>
    );
  }
  const chosen: ContractBurn = data.contracts.find((c) => c.contract_id === id) ?? data.contracts[0];
  return (
    <section className="overview-block" aria-labelledby="overview-budgets">
      <h2 id="overview-budgets">{t("manager.overview.budgets")}</h2>
      <div className="table-wrap">
        <table>
          <caption>{t("manager.overview.budgetsTable")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("manager.contracts.number")}</th>
              <th scope="col">{t("manager.contracts.provider")}</th>
              <th scope="col">{t("manager.overview.value")}</th>
              <th scope="col">{t("manager.overview.spent")}</th>
              <th scope="col">{t("manager.overview.used")}</th>
              <th scope="col">{t("manager.overview.elapsed")}</th>
            </tr>
          </thead>
          <tbody>
            {data.contracts.map((c) => {
              const tone = burnTone(c.used_percent, c.elapsed_percent);
              return (
                <tr key={c.contract_id}>
                  <th scope="row">
                    <Link to={`/manager/contracts/${c.contract_id}`}>{c.number}</Link>
                  </th>
                  <td>{c.provider}</td>
                  <td>{c.value ? formatMoney(c.value, data.currency) : t("manager.usage.noLimit")}</td>
                  <td>{formatMoney(c.spent, data.currency)}</td>
                  <td>
                    <UsageBar percent={c.used_percent} />
                    {tone === "ahead" ? <div className="status status-flagged">{t("manager.overview.ahead")}</div> : null}
                  </td>
                  <td>{formatNumber(c.elapsed_percent, 0)} %</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <label className="inline-control">
        <span>{t("manager.overview.contract")}</span>
        <select value={chosen.contract_id} onChange={(e) => setId(e.target.value)}>
          {data.contracts.map((c) => (
            <option key={c.contract_id} value={c.contract_id}>
              {c.number} — {c.provider}
            </option>
          ))}
        </select>
      </label>
      <SpendingChart
        label={t("manager.overview.burnChart", { number: chosen.number })}
        caption={t("manager.overview.burnTable", { number: chosen.number })}
        burn={chosen}
        currency={data.currency}
        small
      />
    </section>
  );
}

function Volunteers({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const rows = chartMonths(data.months, (m) => ({ hours: Number(m.volunteer_hours) }));
  return (
    <ChartFigure
      id="volunteers"
      title={t("manager.overview.volunteers")}
      label={t("manager.overview.volunteersChart")}
      chart={
        <BarChart data={rows} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip formatter={(v) => formatNumber(Number(v))} />
          <Bar dataKey="hours" name={t("manager.overview.hours")} fill={DELIVERED} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <TableAlternative
          caption={t("manager.overview.volunteers")}
          rows={data.months}
          rowKey={(m) => m.month}
          columns={[{ label: t("manager.reports.month"), cell: (m: OverviewMonth) => formatMonth(m.month) }, { label: t("manager.overview.hours"), cell: (m) => formatNumber(m.volunteer_hours) }]}
        />
      }
    />
  );
}

/** The manager's home: the centre's last twelve months, computed by the API from the live records. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const overview = useOverview();
  const data = overview.data;
  return (
    <section className="overview">
      <h1>{t("manager.overview.title")}</h1>
      <ErrorAlert error={overview.error} />
      {overview.isLoading ? <Loading /> : null}
      {data ? (
        <>
          <p className="muted" role="status">
            {t("manager.overview.period", { from: formatMonth(data.first_month), to: formatMonth(data.last_month) })}{" "}
            {t("manager.overview.computedAt", { at: formatDateTime(data.computed_at) })}{" "}
            <button type="button" className="link" onClick={() => overview.refetch()} disabled={overview.isFetching}>
              {overview.isFetching ? t("manager.overview.refreshing") : t("manager.overview.refresh")}
            </button>
          </p>
          <Caseload data={data} />
          <div className="overview-grid">
            <Plans data={data} />
            <Waiting data={data} />
            <Volumes data={data} />
            <Volunteers data={data} />
          </div>
          <Budgets data={data} />
          <p className="muted">{t("manager.overview.monthPartial", { month: formatMonth(data.last_month) })}</p>
        </>
      ) : null}
    </section>
  );
}
