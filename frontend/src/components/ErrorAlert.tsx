import { useTranslation } from "react-i18next";
import { ApiError } from "../api/errors";

/** An error from the API (or anything thrown), said in words, announced to screen readers. */
export function ErrorAlert({ error, messages }: { error?: unknown; messages?: string[] }) {
  const { t } = useTranslation();
  const lines = messages?.length ? messages : error ? [describeError(error, t)] : [];
  if (!lines.length) return null;
  return (
    <div className="alert alert-error" role="alert">
      {lines.length === 1 ? <p>{lines[0]}</p> : <ul>{lines.map((line, i) => <li key={i}>{line}</li>)}</ul>}
    </div>
  );
}

export function describeError(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.detail) return error.detail;
    const fields = Object.entries(error.fieldErrors);
    if (fields.length) return fields.map(([field, msgs]) => `${field}: ${msgs.join(" ")}`).join(" ");
    if (error.status === 404) return t("errors.notFound");
    if (error.status === 403) return t("errors.forbidden");
    if (error.status >= 500) return t("errors.server");
    return t("errors.generic");
  }
  if (error instanceof TypeError) return t("errors.network");
  return error instanceof Error ? error.message : t("errors.generic");
}
