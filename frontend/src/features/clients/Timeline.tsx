import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { formatDateTime } from "../../lib/format";

type Entry = Schemas["TimelineEntry"] | Schemas["PlanTimelineEntry"];

export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "✓" : "✗";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The history of a record and what hangs under it: who changed what, when and why. */
export function Timeline({ entries }: { entries: readonly Entry[] }) {
  const { t } = useTranslation();
  if (!entries.length) return <p>{t("common.nothing")}</p>;
  return (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={`${e.object_id}-${e.at}-${i}`}>
          <p>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> — <strong>{t(`enum.changeType.${e.change_type}`)}</strong>{" "}
            {e.model} {e.user ? `· ${e.user.name}` : ""}
          </p>
          {e.reason ? (
            <p className="muted">
              {t("common.reason")}: {e.reason}
            </p>
          ) : null}
          {e.changes.length ? (
            <ul>
              {e.changes.map((c) => (
                <li key={c.field}>
                  <code>{c.field}</code>: {showValue(c.old)} → {showValue(c.new)}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
