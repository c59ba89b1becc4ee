import { useId } from "react";
import { useTranslation } from "react-i18next";
import { WEEKDAYS, toggleWeekday, weekdayName } from "./weekdays";

/**
 * The days a planned service is planned on: one checkbox per day, named in the UI's language, in a fieldset whose
 * legend names the group. None ticked: any day (said in the hint).
 */
export function WeekdayPicker({ value, onChange, error }: { value: readonly number[]; onChange: (days: number[]) => void; error?: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <fieldset className={`weekdays${error ? " field-invalid" : ""}`} aria-describedby={describedBy}>
      <legend>{t("services.weekdays")}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t("services.weekdaysHint")}
      </p>
      <div className="weekday-choices">
        {WEEKDAYS.map((day) => (
          <label key={day}>
            <input
              type="checkbox"
              value={day}
              checked={value.includes(day)}
              onChange={(e) => onChange(toggleWeekday(value, day, e.target.checked))}
            />
            {weekdayName(day, i18n.language)}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
