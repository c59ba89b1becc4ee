import { useTranslation } from "react-i18next";

/** A state shown as a labelled badge: `enum.<kind>.<value>` in the catalogues. */
export function Status({ kind, value }: { kind: string; value: string | null | undefined }) {
  const { t } = useTranslation();
  if (!value) return null;
  return <span className={`status status-${value}`}>{t(`enum.${kind}.${value}`, { defaultValue: value })}</span>;
}

/** The translated label of an enum value, for selects and text. */
export function useEnumLabel() {
  const { t } = useTranslation();
  return (kind: string, value: string | null | undefined) =>
    value ? t(`enum.${kind}.${value}`, { defaultValue: value }) : "";
}
