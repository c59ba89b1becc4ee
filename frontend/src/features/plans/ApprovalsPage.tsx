import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate, formatDateTime } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { usePlansAwaitingApproval } from "./queries";

/** The managers' work list: draft plans submitted for approval, longest waiting first; approving or returning one
 * happens on its plan page. */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const { page, set } = useListParams();
  const list = usePlansAwaitingApproval(page, PAGE_SIZE);
  return (
    <section>
      <h1>{t("plans.approvals.title")}</h1>
      <p className="muted">{t("plans.approvals.intro")}</p>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("plans.approvals.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("deliveries.client")}</th>
                  <th scope="col">{t("plans.coordinator")}</th>
                  <th scope="col">{t("plans.period")}</th>
                  <th scope="col">{t("plans.approvals.submitted")}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.results.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/plans/${p.id}`}>
                        {p.client_name} <span className="muted">({p.client_reference})</span>
                      </Link>
                    </td>
                    <td>{p.coordinator_name}</td>
                    <td>
                      {formatDate(p.start_date)} – {formatDate(p.end_date) || "…"}
                    </td>
                    <td>{p.submitted_at ? formatDateTime(p.submitted_at) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.data.results.length === 0 ? <p>{t("plans.approvals.empty")}</p> : null}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}
