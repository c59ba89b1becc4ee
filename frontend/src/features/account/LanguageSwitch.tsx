import { useTranslation } from "react-i18next";
import { LANGUAGES, isLanguage } from "../../i18n";
import { useSwitchLanguage } from "./queries";

/** Switches the UI language at once; a signed-in user's choice is saved to their profile too. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const switchLanguage = useSwitchLanguage();
  return (
    <label className="inline-control">
      <span>{t("shell.language")}</span>
      <select
        value={i18n.language}
        onChange={async (e) => {
          const lang = e.target.value;
          if (!isLanguage(lang)) return;
          await switchLanguage(lang);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
