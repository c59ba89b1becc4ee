import { useTranslation } from "react-i18next";

/**
 * The actions on an entry of an offline outbox (visits, volunteer hours): a refused entry is fixed (no button
 * while its form is open: `onFix` undefined), a waiting one retried; either is discarded after a confirmation.
 */
export function OutboxActions({ rejected, onFix, onRetry, onDiscard }: {
  rejected: boolean;
  onFix?: () => void;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      {rejected ? (
        onFix ? (
          <button type="button" onClick={onFix}>
            {t("offline.fix")}
          </button>
        ) : null
      ) : (
        <button type="button" onClick={onRetry}>
          {t("offline.retry")}
        </button>
      )}
      <button
        type="button"
        onClick={() => {
          if (window.confirm(t("offline.discardConfirm"))) onDiscard();
        }}
      >
        {t("offline.discard")}
      </button>
    </div>
  );
}
