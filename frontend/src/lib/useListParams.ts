import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";
import { pageFrom } from "./paging";

/**
 * A list's page, search and filters kept in the URL (?page=&search=&status=…), so the browser's back
 * button, bookmarks and reloads keep them. Changing a filter goes back to page 1.
 */
export function useListParams(defaults: Record<string, string> = {}) {
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const get = useCallback((key: string) => params.get(key) ?? defaults[key] ?? "", [params, defaults]);
  const set = useCallback(
    (changes: Record<string, string | number | null>) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, String(value));
      }
      if (!("page" in changes)) next.delete("page");
      setParams(next, { replace: false });
    },
    [params, setParams],
  );
  return { page, get, set, params };
}

/** Only the non-empty values: what the API's query wants. */
export function compact<T extends Record<string, unknown>>(query: T): Partial<T> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== "" && v !== null && v !== undefined)) as Partial<T>;
}
