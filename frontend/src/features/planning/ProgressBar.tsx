import { useTranslation } from "react-i18next";
import { progressView } from "./progress";

/** An indicator's progress: a bar with the percentage written next to it (not colour alone). */
export function ProgressBar({ percent, name }: { percent: string | null | undefined; name: string }) {
  const { t } = useTranslation();
  const view = progressView(percent);
  if (view.value === null) return <span className="muted">{t("planning.indicator.noTarget")}</span>;
  return (
    <span className="progress-cell">
      <span
        className="progress-track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={view.width}
        aria-valuetext={view.text}
        aria-label={t("planning.indicator.progressOf", { name })}
      >
        <span className={`progress-fill ${view.tone}`} style={{ width: `${view.width}%` }} />
      </span>
      <span className="progress-text">{view.text}</span>
    </span>
  );
}
