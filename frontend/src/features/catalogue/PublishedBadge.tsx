import { useTranslation } from "react-i18next";

/** Whether the public catalogue shows this (provider or offering): a badge with words, not only a colour. */
export function PublishedBadge({ published }: { published: boolean }) {
  const { t } = useTranslation();
  return published ? (
    <span className="status status-active">{t("providers.published")}</span>
  ) : (
    <span className="status status-draft">{t("providers.unpublished")}</span>
  );
}
