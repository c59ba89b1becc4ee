import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLanguage } from "../api/client";
import cs from "./cs.json";
import en from "./en.json";
import pl from "./pl.json";
import sl from "./sl.json";

export const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "pl", label: "Polski" },
  { code: "cs", label: "Čeština" },
  { code: "sl", label: "Slovenščina" },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]["code"];
export const catalogues = { en, pl, cs, sl } as const;

const STORAGE_KEY = "cus.language";

export function isLanguage(value: unknown): value is LanguageCode {
  return LANGUAGES.some((l) => l.code === value);
}

/** The stored choice, else the browser's first supported language, else English. */
export function initialLanguage(): LanguageCode {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    /* no storage */
  }
  const browser = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language];
  for (const tag of browser) {
    const base = tag?.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return "en";
}

export async function changeLanguage(lang: LanguageCode): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* no storage */
  }
  setApiLanguage(lang);
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

const lng = initialLanguage();
setApiLanguage(lng);
if (typeof document !== "undefined") document.documentElement.lang = lng;

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    pl: { translation: pl },
    cs: { translation: cs },
    sl: { translation: sl },
  },
  lng,
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
