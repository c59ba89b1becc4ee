import { useTranslation } from "react-i18next";
import { pageCount } from "../lib/paging";

interface Props {
  page: number;
  count: number;
  pageSize: number;
  onPage: (page: number) => void;
}

/** Previous / next with "page x of y"; a labelled navigation landmark. */
export function Pagination({ page, count, pageSize, onPage }: Props) {
  const { t } = useTranslation();
  const pages = pageCount(count, pageSize);
  if (pages <= 1) return <p className="muted">{t("common.results", { count })}</p>;
  return (
    <nav className="pagination" aria-label={t("common.pagination")}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        {t("common.previous")}
      </button>
      <span aria-live="polite">{t("common.pageOf", { page, pages, count })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t("common.next")}
      </button>
    </nav>
  );
}
