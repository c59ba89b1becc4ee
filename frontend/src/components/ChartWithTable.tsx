import type { ReactElement, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ResponsiveContainer } from "recharts";

/** A recharts chart in a box sized by CSS, announced as one image by its label (the table beside it has the figures). */
export function ChartBox({ label, small, children }: { label: string; small?: boolean; children: ReactElement }) {
  return (
    <div className={small ? "chart chart-small" : "chart"} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

export interface Column<R> {
  label: string;
  cell: (row: R) => ReactNode;
}

/**
 * A chart's table alternative: the same figures, folded under "Show the figures as a table" (for screen readers,
 * printing and copying). The first column heads its row.
 */
export function TableAlternative<R>({ caption, columns, rows, rowKey }: { caption: string; columns: Column<R>[]; rows: readonly R[]; rowKey: (row: R) => string }) {
  const { t } = useTranslation();
  const [head, ...rest] = columns;
  return (
    <details>
      <summary>{t("manager.overview.asTable")}</summary>
      <div className="table-wrap">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column.label}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                <th scope="row">{head.cell(row)}</th>
                {rest.map((column) => (
                  <td key={column.label}>{column.cell(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
