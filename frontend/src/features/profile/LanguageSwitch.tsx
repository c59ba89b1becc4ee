import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { ME_KEY, useAuth } from "../../auth/AuthProvider";
import { LANGUAGES, changeLanguage, isLanguage } from "../../i18n";

/** Switches the UI language at once; a signed-in user's choice is saved to their profile too. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  return (
    <label className="inline-control">
      <span>{t("shell.language")}</span>
      <select
        value={i18n.language}
        onChange={async (e) => {
          const lang = e.target.value;
          if (!isLanguage(lang)) return;
          // Saved to the profile first, so the choice survives a reload at once.
          const saved = me ? api.PATCH("/api/v1/me/", { body: { language: lang } }) : null;
          await changeLanguage(lang);
          // Server-side texts (service-type names, messages) follow the language: fetch them again.
          void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
          const result = await saved;
          if (result?.data) queryClient.setQueryData(ME_KEY, result.data);
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
