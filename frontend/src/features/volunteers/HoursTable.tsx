import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatMinutes } from "../../lib/format";

/** Volunteer hours as a table: the volunteer's own (VolunteerHomePage), or the centre's to verify (VolunteersPage). */
export function HoursTable({
  rows,
  actions,
  showVolunteer,
}: {
  rows: { id: string; date: string; minutes: number; activity_type_name: string; volunteer_name?: string; client_name?: string | null; note: string; status: string; status_reason: string }[];
  actions?: (row: { id: string }) => ReactNode;
  showVolunteer?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("volunteer.hours.date")}</th>
            {showVolunteer ? <th scope="col">{t("volunteer.hours.volunteer")}</th> : null}
            <th scope="col">{t("volunteer.hours.time")}</th>
            <th scope="col">{t("volunteer.hours.activity")}</th>
            <th scope="col">{t("volunteer.hours.note")}</th>
            <th scope="col">{t("common.status")}</th>
            {actions ? <th scope="col">{t("common.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="hours-row">
              <td>{formatDate(row.date)}</td>
              {showVolunteer ? <td>{row.volunteer_name}</td> : null}
              <td>{formatMinutes(row.minutes)}</td>
              <td>
                {row.activity_type_name}
                {row.client_name ? ` · ${row.client_name}` : null}
              </td>
              <td>{row.note}</td>
              <td>
                <span className={`status status-${row.status === "verified" ? "approved" : row.status === "rejected" ? "returned" : "submitted"}`}>
                  {t(`volunteer.status.${row.status}`)}
                </span>
                {row.status_reason ? <span className="muted"> — {row.status_reason}</span> : null}
              </td>
              {actions ? <td>{actions(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
