import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { Status } from "../../components/Status";
import { formatDate, formatMinutes, formatNumber } from "../../lib/format";
import { CorrectionNote } from "./CorrectLog";

type FlagFields = Pick<Schemas["Delivery"], "flags" | "flagged" | "flags_resolved_at" | "flags_resolution">;

/**
 * A log's flags: while unresolved, a warning said in words (not by colour alone) with each of the server's reasons;
 * once resolved (by a confirmation with a reason), a muted line saying why.
 */
export function DeliveryFlags({ delivery }: { delivery: FlagFields }) {
  const { t } = useTranslation();
  const flags = delivery.flags ?? [];
  if (delivery.flagged) {
    return (
      <div className="delivery-flags" data-testid="delivery-flags">
        <span className="status status-flagged">
          <span aria-hidden="true">⚠ </span>
          {t("deliveries.flagged")}
        </span>
        {flags.length ? (
          <ul className="flag-list">
            {flags.map((flag, i) => (
              <li key={`${flag.code}-${i}`}>{flag.message}</li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  if (flags.length && delivery.flags_resolved_at) {
    return (
      <div className="muted">
        {delivery.flags_resolution
          ? t("deliveries.flagsResolved", { reason: delivery.flags_resolution })
          : t("deliveries.flagsResolvedNoReason")}
      </div>
    );
  }
  return null;
}

export function DeliveryTable({ rows, caption, actions }: {
  rows: readonly Schemas["Delivery"][];
  caption: string;
  actions?: (d: Schemas["Delivery"]) => ReactNode;
}) {
  const { t } = useTranslation();
  if (!rows.length) return <p>{t("common.nothing")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("deliveries.date")}</th>
            <th scope="col">{t("deliveries.client")}</th>
            <th scope="col">{t("deliveries.service")}</th>
            <th scope="col">{t("deliveries.provider")}</th>
            <th scope="col" className="num">{t("deliveries.units")}</th>
            <th scope="col">{t("deliveries.duration")}</th>
            <th scope="col">{t("deliveries.outcome")}</th>
            <th scope="col">{t("common.status")}</th>
            {actions ? <th scope="col">{t("common.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className={[d.flagged ? "flagged" : "", d.corrected_by ? "corrected" : ""].join(" ").trim() || undefined}>
              <td>{formatDate(d.date)}</td>
              <td>
                <Link to={`/clients/${d.client}`}>{d.client_name}</Link>
              </td>
              <td>{d.service_type_name}</td>
              <td>
                {d.provider_name}
                {d.worker_name ? <div className="muted">{d.worker_name}</div> : null}
              </td>
              <td className="num">
                <span className="was">{formatNumber(d.units)}</span>
              </td>
              <td>
                <span className="was">{formatMinutes(d.duration_minutes)}</span>
              </td>
              <td>
                <span className="was">{t(`enum.outcome.${d.outcome}`)}</span>
                {d.note ? <div className="muted">{d.note}</div> : null}
              </td>
              <td>
                <Status kind="deliveryStatus" value={d.status} />
                {d.status_reason ? <div className="muted">{d.status_reason}</div> : null}
                <DeliveryFlags delivery={d} />
                <CorrectionNote delivery={d} />
              </td>
              {actions ? <td>{actions(d)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
