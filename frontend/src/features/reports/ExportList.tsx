import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Notice } from "../../components/Notice";
import { formatNumber } from "../../lib/format";
import {
  downloadExport,
  exportFilters,
  isExportBusy,
  useListExport,
  useStartExport,
  type ExportFormat,
  type ExportableList,
} from "./exportQueries";

/** "Export CSV" and "Export XLSX" for a list, with the filters its screen has now. A small list downloads at once; a
 * large one is written by the worker while the screen shows how far it got, and downloads when it is ready. */
export function ExportList({ list, query }: { list: ExportableList; query: Record<string, unknown> }) {
  const { t } = useTranslation();
  const start = useStartExport();
  const [id, setId] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const [problem, setProblem] = useState<string[]>([]);
  const followed = useListExport(id);
  const fetched = useRef<string | null>(null);
  const current = followed.data;
  const busy = start.isPending || (current ? isExportBusy(current) : false);

  // When the worker has finished: the download starts, once per export.
  useEffect(() => {
    if (!current || fetched.current === current.id) return;
    if (current.status === "done" && current.download) {
      fetched.current = current.id;
      downloadExport(current.download);
      setNotice(t("exports.ready", { rows: formatNumber(current.rows_done), file: current.filename }));
    } else if (current.status === "failed") {
      fetched.current = current.id;
      setProblem([t("exports.failed")]);
    }
  }, [current, t]);

  const run = async (format: ExportFormat) => {
    setNotice("");
    setProblem([]);
    try {
      const made = await start.mutateAsync({ list, format, filters: exportFilters(query) });
      if (made.status === "done" && made.download) {
        fetched.current = made.id;
        downloadExport(made.download);
        setNotice(t("exports.ready", { rows: formatNumber(made.rows_done), file: made.filename }));
      } else {
        setNotice(t("exports.queued", { rows: formatNumber(made.rows_total) }));
      }
      setId(made.id);
    } catch (error) {
      // "Narrow the filters" and the like are said as they are, not under the name of a field.
      setProblem(error instanceof ApiError && Object.keys(error.fieldErrors).length
        ? Object.values(error.fieldErrors).flat()
        : [error instanceof Error ? error.message : String(error)]);
    }
  };

  return (
    <div className="export-list">
      <div className="actions" role="group" aria-label={t("exports.group")}>
        {(["csv", "xlsx"] as const).map((format) => (
          <button key={format} type="button" className="small" disabled={busy} onClick={() => run(format)}>
            {t(`exports.${format}`)}
          </button>
        ))}
      </div>
      {current && isExportBusy(current) ? (
        <div className="export-progress" role="status">
          <label>
            {t("exports.writing", { done: formatNumber(current.rows_done), total: formatNumber(current.rows_total) })}
            <progress value={current.rows_done} max={Math.max(current.rows_total, 1)} />
          </label>
        </div>
      ) : null}
      {current && current.status === "done" && current.download ? (
        <p className="muted">
          <a href={current.download} download>
            {t("exports.again", { file: current.filename })}
          </a>
        </p>
      ) : null}
      <Notice text={notice} />
      <ErrorAlert messages={problem} />
      {followed.error ? <ErrorAlert error={followed.error} /> : null}
    </div>
  );
}
