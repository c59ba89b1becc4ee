import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { formatDateTime } from "../../lib/format";

type Entry = Schemas["TimelineEntry"];
type Change = Schemas["FieldChange"];

/** What stands for "nothing" (no value before a creation, none after a deletion, an emptied field). */
export const NOTHING = "—";

/**
 * A raw value from the history, for the rare change the server sent without a display text: words for
 * yes/no, lists joined, a dash for nothing.
 */
export function showValue(value: unknown, yesNo: (value: boolean) => string): string {
  if (value === null || value === undefined || value === "") return NOTHING;
  if (typeof value === "boolean") return yesNo(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => showValue(v, yesNo)).join(", ") : NOTHING;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A side of a change as its reader reads it: the server's display text (null is "nothing"); the raw value only when the text is missing. */
export function shown(display: string | null | undefined, raw: unknown, yesNo: (value: boolean) => string): string {
  if (display === undefined) return showValue(raw, yesNo);
  return display === null || display === "" ? NOTHING : display;
}

function ChangeLine({ change }: { change: Change }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean) => (value ? t("common.yes") : t("common.no"));
  if (change.hidden) {
    // Special-category data: this reader sees that it changed, not what it said (the client's coordinator and the
    // data-protection officer see the values).
    return (
      <li>
        <span className="timeline-field">{change.label || change.field}</span>: <span className="muted">{t("timeline.hidden")}</span>
      </li>
    );
  }
  return (
    <li>
      <span className="timeline-field">{change.label || change.field}</span>: {shown(change.old_display, change.old, yesNo)} →{" "}
      {shown(change.new_display, change.new, yesNo)}
    </li>
  );
}

/** The history of a record and what hangs under it: what changed (in the reader's words), who, when and why. */
export function Timeline({ entries }: { entries: readonly Entry[] }) {
  const { t } = useTranslation();
  if (!entries.length) return <p>{t("common.nothing")}</p>;
  return (
    // role="list": Safari drops the list semantics of a list styled without markers.
    <ol className="timeline" role="list">
      {entries.map((e, i) => (
        <li key={`${e.object_id}-${e.at}-${i}`} data-change-type={e.change_type}>
          <p className="timeline-title">
            <strong>{e.model_label || e.model}</strong>: {t(`enum.changeType.${e.change_type}`)}
            {e.version !== null && e.version !== undefined ? <> · {t("timeline.version", { version: e.version })}</> : null}
          </p>
          <p className="timeline-meta">
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.user ? e.user.name : t("timeline.noUser")}
          </p>
          {e.reason ? (
            <p>
              {t("common.reason")}: {e.reason}
            </p>
          ) : null}
          {e.changes.length ? (
            <ul className="timeline-changes" aria-label={t("timeline.changes")}>
              {e.changes.map((c) => (
                <ChangeLine key={c.field} change={c} />
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
