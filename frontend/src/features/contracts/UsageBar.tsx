import { useTranslation } from "react-i18next";
import { formatNumber } from "../../lib/format";
import "./contracts.css";

/** The share of a contract's value spent, as the server computed it (percent_used), drawn as a bar. */
export function UsageBar({ percent }: { percent: string | null | undefined }) {
  const { t } = useTranslation();
  if (percent === null || percent === undefined || percent === "") return <span className="muted">{t("manager.usage.noLimit")}</span>;
  const value = Number(percent);
  const width = Math.max(0, Math.min(100, value));
  const tone = value >= 100 ? "over" : value >= 80 ? "warn" : "";
  return (
    <span className="usage-cell">
      <span
        className="bar-track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={width}
        aria-label={t("manager.usage.percentUsed", { percent: formatNumber(value, 1) })}
      >
        <span className={`bar-fill ${tone}`} style={{ width: `${width}%`, display: "block" }} />
      </span>
      <span>{formatNumber(value, 1)} %</span>
    </span>
  );
}
