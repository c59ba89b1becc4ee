import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Form } from "./Form";

/**
 * A list's search form: the filters given as children, then a labelled search box and its button. The text is
 * handed to `onSearch` only when the form is submitted, so typing does not refetch on every key.
 */
export function SearchToolbar({
  initial,
  onSearch,
  label,
  children,
}: {
  initial: string;
  onSearch: (text: string) => void;
  /** The search box's label; "Search" when not given. */
  label?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  return (
    <Form
      className="toolbar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(draft);
      }}
    >
      {children}
      <label className="inline-control">
        <span>{label ?? t("common.search")}</span>
        <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit">{t("common.search")}</button>
    </Form>
  );
}
