import { useTranslation } from "react-i18next";
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";
import { useCurrency } from "../../auth/useCentre";
import { ReasonAction } from "../../components/ReasonAction";
import { useContract, useContractAction, useUsage } from "./queries";
import { ContractSpending } from "./ContractSpending";
import { UsageBar } from "./UsageBar";
import "./contracts.css";
import { Notice } from "../../components/Notice";
import { CHART } from "../../lib/chartColors";

/** One contract: its lines and their budget burn (spent against remaining), from contracts/{id}/usage/. */
export default function ContractDetailPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const contract = useContract(id);
  const usage = useUsage(id);
  const currency = useCurrency();
  const location = useLocation();
  const [notice, setNotice] = useState<string>((location.state as { notice?: string } | null)?.notice ?? "");
  const act = useContractAction(id);
  if (contract.isLoading || usage.isLoading) return <Loading />;
  if (contract.error || !contract.data) return <ErrorAlert error={contract.error} />;
  const c = contract.data;
  const lines = usage.data?.lines ?? [];
  const chart = lines.map((line) => ({
    name: line.service_type_name,
    spent: Number(line.amount_spent),
    remaining: line.amount_remaining === null ? 0 : Math.max(0, Number(line.amount_remaining)),
  }));
  return (
    <section>
      <p>
        <Link to="/manager/contracts">{t("manager.contracts.back")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("manager.contracts.detailTitle", { number: c.number })}</h1>
        {c.status === "draft" || c.status === "active" ? (
          <Link className="button" to={`/manager/contracts/${c.id}/edit`}>
            {t("common.edit")}
          </Link>
        ) : null}
      </div>
      <Notice text={notice} />
      <ErrorAlert error={act.error} />
      <div className="actions">
        {c.status === "draft" ? (
          <ReasonAction
            label={t("contracts.activate")}
            onConfirm={async (reason) => {
              await act.mutateAsync({ action: "activate", reason, revision: c.revision });
              setNotice(t("contracts.activated"));
            }}
          />
        ) : null}
        {c.status === "active" ? (
          <>
            <ReasonAction
              label={t("contracts.endAction")}
              onConfirm={async (reason) => {
                await act.mutateAsync({ action: "end", reason, revision: c.revision });
                setNotice(t("contracts.ended"));
              }}
            />
            <ReasonAction
              label={t("contracts.terminate")}
              danger
              reasonRequired
              onConfirm={async (reason) => {
                await act.mutateAsync({ action: "terminate", reason, revision: c.revision });
                setNotice(t("contracts.terminated"));
              }}
            />
          </>
        ) : null}
      </div>
      <dl className="facts">
        <dt>{t("manager.contracts.provider")}</dt>
        <dd>{c.provider_name}</dd>
        <dt>{t("manager.contracts.period")}</dt>
        <dd>
          {formatDate(c.start_date)} – {formatDate(c.end_date)}
        </dd>
        <dt>{t("common.status")}</dt>
        <dd>{t(`manager.contractStatus.${c.status}`)}</dd>
        <dt>{t("manager.contracts.funding")}</dt>
        <dd>{c.funding_source_name}</dd>
      </dl>
      <ErrorAlert error={usage.error} />
      {usage.data ? (
        <>
          <h2>{t("manager.usage.title")}</h2>
          <dl className="facts">
            <dt>{t("manager.usage.value")}</dt>
            <dd>{usage.data.total.value === null ? t("manager.usage.noLimit") : formatMoney(usage.data.total.value, currency)}</dd>
            <dt>{t("manager.usage.spent")}</dt>
            <dd>{formatMoney(usage.data.total.amount_spent, currency)}</dd>
            <dt>{t("manager.usage.remaining")}</dt>
            <dd>{usage.data.total.amount_remaining === null ? "—" : formatMoney(usage.data.total.amount_remaining, currency)}</dd>
            <dt>{t("manager.usage.used")}</dt>
            <dd>
              <UsageBar percent={usage.data.total.percent_used} />
            </dd>
          </dl>
          {chart.length ? (
            <figure>
              <div className="chart" role="img" aria-label={t("manager.usage.chartLabel")}>
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={chart} layout="vertical" margin={{ left: 24, right: 24 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis type="number" tickFormatter={(v: number) => formatNumber(v, 0)} />
                    <YAxis type="category" dataKey="name" width={180} />
                    <Tooltip formatter={(v) => formatMoney(Number(v), currency)} />
                    <Legend />
                    <Bar dataKey="spent" stackId="a" name={t("manager.usage.spent")} fill={CHART.primary} isAnimationActive={false} />
                    <Bar dataKey="remaining" stackId="a" name={t("manager.usage.remaining")} fill={CHART.secondary} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <figcaption className="muted">{t("manager.usage.chartCaption")}</figcaption>
            </figure>
          ) : null}
          <div className="table-wrap">
            <table>
              <caption>{t("manager.usage.lines")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("manager.usage.serviceType")}</th>
                  <th scope="col">{t("manager.usage.unitPrice")}</th>
                  <th scope="col">{t("manager.usage.planned")}</th>
                  <th scope="col">{t("manager.usage.delivered")}</th>
                  <th scope="col">{t("manager.usage.confirmed")}</th>
                  <th scope="col">{t("manager.usage.spent")}</th>
                  <th scope="col">{t("manager.usage.unitsRemaining")}</th>
                  <th scope="col">{t("manager.usage.remaining")}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.line}>
                    <td>
                      {line.service_type_name} <span className="muted">({t(`provider.unit.${line.unit}`)})</span>
                    </td>
                    <td>{formatMoney(line.unit_price, currency)}</td>
                    <td>{formatNumber(line.units_planned)}</td>
                    <td>{formatNumber(line.units_delivered)}</td>
                    <td>{formatNumber(line.units_confirmed)}</td>
                    <td>{formatMoney(line.amount_spent, currency)}</td>
                    <td>{line.units_remaining === null ? t("manager.usage.noLimit") : formatNumber(line.units_remaining)}</td>
                    <td>{line.amount_remaining === null ? t("manager.usage.noLimit") : formatMoney(line.amount_remaining, currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ContractSpending id={c.id} currency={currency} />
        </>
      ) : null}
    </section>
  );
}
