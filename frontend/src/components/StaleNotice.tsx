import { useTranslation } from "react-i18next";
import type { StaleRecord } from "../api/versions";
import { formatDateTime } from "../lib/format";

function shown(value: unknown, t: (key: string) => string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (Array.isArray(value)) return value.length ? value.map((item) => shown(item, t)).join(", ") : "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Someone else saved the record while this user was changing it: who, when, and what each changed field says now.
 * The user's own changes stay in the form; saving again applies them over the other person's (knowingly).
 */
export function StaleNotice({ stale }: { stale: StaleRecord | null }) {
  const { t } = useTranslation();
  if (!stale) return null;
  const { by, at, fields } = stale.changes;
  return (
    <div className="alert alert-warn" role="alert" data-testid="stale-notice">
      <p>
        <strong>{t("stale.title")}</strong>{" "}
        {by.length ? t("stale.by", { names: by.join(", ") }) : null}{" "}
        {at ? t("stale.at", { when: formatDateTime(at) }) : null}
      </p>
      {fields.length ? (
        <>
          <p>{t("stale.fields")}</p>
          <ul>
            {fields.map(({ field, label }) => (
              <li key={field}>
                {label}: <strong>{shown(stale.current[field], t)}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>{t("stale.again")}</p>
    </div>
  );
}
