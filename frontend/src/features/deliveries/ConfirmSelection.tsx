import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useConfirmSelection, type SelectionInput, type SelectionResult } from "./queries";

interface Props {
  /** The button's label, e.g. "Confirm all shown". */
  label: string;
  /** The logs: a statement's ({ statement }) or the list's filters; dry_run and reason are added here. */
  selection: Omit<SelectionInput, "dry_run" | "reason">;
  /** Said after the logs are confirmed (a status message of the page). */
  onDone: (text: string) => void;
  disabled?: boolean;
}

/**
 * Confirming many logs at once, the count first: the button asks the server what a confirmation would do (a dry
 * run) and shows it ("Confirm 124 logs? 3 flagged and 2 disputed will stay for you to check"); confirming then
 * writes and says what was done. Flagged and disputed logs always stay for the coordinator to check one by one.
 */
export function ConfirmSelection({ label, selection, onDone, disabled }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const confirm = useConfirmSelection();
  const [counts, setCounts] = useState<SelectionResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  const ask = async () => {
    setError(null);
    try {
      setCounts(await confirm.mutateAsync({ ...selection, dry_run: true }));
    } catch (err) {
      setError(err);
    }
  };

  const go = async () => {
    setError(null);
    try {
      const done = await confirm.mutateAsync({ ...selection, dry_run: false });
      setCounts(null);
      onDone(
        t("deliveries.bulk.done", {
          n: done.confirmed,
          flagged: done.skipped_flagged,
          disputed: done.skipped_disputed,
        }),
      );
    } catch (err) {
      setError(err);
    }
  };

  if (!counts) {
    return (
      <div className="confirm-selection">
        <button type="button" disabled={disabled || confirm.isPending} onClick={() => void ask()}>
          {label}
        </button>
        <ErrorAlert error={error} />
      </div>
    );
  }
  const left = { flagged: counts.skipped_flagged, disputed: counts.skipped_disputed };
  return (
    <div className="confirm-selection reason-form" role="group" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`}>
        {counts.confirmed
          ? t("deliveries.bulk.question", { n: counts.confirmed })
          : t("deliveries.bulk.nothing")}{" "}
        {left.flagged || left.disputed ? t("deliveries.bulk.stay", left) : null}
      </p>
      <ErrorAlert error={error} />
      <div className="actions">
        {counts.confirmed ? (
          <button type="button" className="primary" disabled={confirm.isPending} onClick={() => void go()}>
            {t("deliveries.bulk.confirm")}
          </button>
        ) : null}
        <button type="button" disabled={confirm.isPending} onClick={() => setCounts(null)}>
          {t("common.cancel")}
        </button>
      </div>
    </div>
  );
}
