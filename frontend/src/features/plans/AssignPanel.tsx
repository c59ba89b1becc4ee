import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";
import { useAssignService, useCandidates } from "./queries";

/**
 * Providers that can take the service: the contract lines of the service type with room left (the server
 * lists them); choosing one assigns the service to that line's provider.
 */
export function AssignPanel({ planId, serviceId, onAssigned, currency }: {
  planId: string;
  serviceId: string;
  onAssigned: () => void;
  currency: string;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const candidates = useCandidates(serviceId);
  const assign = useAssignService(planId);
  if (candidates.isLoading) return <Loading />;
  if (!candidates.data) return <ErrorAlert error={candidates.error} />;
  if (!candidates.data.length) return <p className="alert alert-warn">{t("assign.none")}</p>;
  return (
    <div className="table-wrap">
      <ErrorAlert error={error} />
      <table>
        <caption>{t("assign.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("assign.provider")}</th>
            <th scope="col">{t("assign.contract")}</th>
            <th scope="col" className="num">{t("assign.unitPrice")}</th>
            <th scope="col" className="num">{t("assign.unitsRemaining")}</th>
            <th scope="col" className="num">{t("assign.monthlyCapacity")}</th>
            <th scope="col" className="num">{t("assign.amountRemaining")}</th>
            <th scope="col">{t("common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {candidates.data.map((c) => (
            <tr key={c.contract_line}>
              <td>
                {c.provider_name}
                {c.provider_areas.length ? <div className="muted">{c.provider_areas.join(", ")}</div> : null}
              </td>
              <td>
                {c.contract_number}
                <div className="muted">
                  {formatDate(c.contract_start_date)} – {formatDate(c.contract_end_date)}
                  {c.funding_source_name ? ` · ${c.funding_source_name}` : ""}
                </div>
              </td>
              <td className="num">{formatMoney(c.unit_price, currency)}</td>
              <td className="num">{c.units_remaining == null ? "∞" : formatNumber(c.units_remaining)}</td>
              <td className="num">{c.monthly_capacity == null ? "—" : formatNumber(c.monthly_capacity)}</td>
              <td className="num">{c.amount_remaining == null ? "—" : formatMoney(c.amount_remaining, currency)}</td>
              <td>
                <button
                  type="button"
                  className="primary"
                  disabled={busy !== null}
                  onClick={async () => {
                    setBusy(c.contract_line);
                    setError(null);
                    try {
                      await assign.mutateAsync({ id: serviceId, contractLine: c.contract_line });
                      onAssigned();
                    } catch (err) {
                      setError(err);
                    } finally {
                      setBusy(null);
                    }
                  }}
                >
                  {t("assign.assign")}
                  <span className="visually-hidden">: {c.provider_name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
