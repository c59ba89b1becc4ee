import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ReasonAction } from "../../components/ReasonAction";
import { useRejectHours, useVerifyHours } from "./queries";
import { mayVerify } from "./volunteerForm";

/** Verify or reject logged hours; whoever logged them is told another staff member verifies them. */
export function HoursDecision({ row, me, onDone }: { row: Schemas["VolunteerHours"]; me: string | undefined; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const verify = useVerifyHours();
  const reject = useRejectHours();
  if (row.status !== "logged") return null;
  return (
    <div className="actions">
      {mayVerify(row, me) ? (
        <button
          type="button"
          disabled={verify.isPending}
          onClick={async () => {
            await verify.mutateAsync(row.id);
            onDone(t("volunteer.centre.verified"));
          }}
        >
          {t("volunteer.centre.verify")}
        </button>
      ) : (
        <span className="muted">{t("volunteer.centre.loggedByYou")}</span>
      )}
      <ReasonAction
        label={t("volunteer.centre.reject")}
        reasonRequired
        danger
        onConfirm={async (reason) => {
          await reject.mutateAsync({ id: row.id, reason });
          onDone(t("volunteer.centre.rejected"));
        }}
      />
      <ErrorAlert error={verify.error} />
    </div>
  );
}
