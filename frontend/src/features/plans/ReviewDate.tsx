import { useTranslation } from "react-i18next";
import { formatDate, isoDate } from "../../lib/format";

/** Whether a review due on `date` (YYYY-MM-DD) is overdue on `today`. */
export const isOverdue = (date: string | null | undefined, today: string = isoDate()) => !!date && date < today;

/** A plan's next review date, marked "overdue" once it has passed. */
export function ReviewDate({ date }: { date: string | null | undefined }) {
  const { t } = useTranslation();
  if (!date) return <>—</>;
  return (
    <>
      {formatDate(date)}
      {isOverdue(date) ? <span className="badge badge-overdue">{t("plans.overdue")}</span> : null}
    </>
  );
}
