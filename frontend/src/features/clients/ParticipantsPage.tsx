import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { formatDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { compact, useListParams } from "../../lib/useListParams";
import { useParticipantList, useProjects } from "./queries";

const SHOW = ["due", "open", "ended", "all"] as const;
type Show = (typeof SHOW)[number];

/** The show filter as the API's query. */
function showQuery(show: Show): { open?: boolean; due_for_followup?: boolean } {
  if (show === "due") return { due_for_followup: true };
  if (show === "open") return { open: true };
  if (show === "ended") return { open: false };
  return {};
}

/**
 * The centre's ESF+ participants: who takes part in which project, who has left, and whose six-month follow-up is
 * due (the default view: the follow-up is what is easy to forget). Each row leads to the client's participations,
 * where the exit and the follow-up are recorded.
 */
export default function ParticipantsPage() {
  const { t } = useTranslation();
  const { role } = useAuth();
  const { page, get, set } = useListParams({ show: "due" });
  const show = (SHOW as readonly string[]).includes(get("show")) ? (get("show") as Show) : "due";
  const projects = useProjects();
  const list = useParticipantList(
    compact({
      page,
      page_size: PAGE_SIZE,
      search: get("search"),
      funding_source: get("project"),
      ordering: show === "due" || show === "ended" ? "exit_date" : "-entry_date",
      ...showQuery(show),
    }),
  );
  const rows = list.data?.results ?? [];
  return (
    <section>
      <h1>{t("participants.title")}</h1>
      <p className="muted">
        {t("participants.intro")}{" "}
        {role === "manager" || role === "admin" ? <Link to="/manager/reports">{t("participants.file")}</Link> : null}
      </p>
      <SearchToolbar initial={get("search")} onSearch={(search) => set({ search })} label={t("participants.search")}>
        <label className="inline-control">
          <span>{t("participants.show")}</span>
          <select value={show} onChange={(e) => set({ show: e.target.value })}>
            {SHOW.map((value) => (
              <option key={value} value={value}>
                {t(`participants.showOption.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-control">
          <span>{t("participations.project")}</span>
          <select value={get("project")} onChange={(e) => set({ project: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {(projects.data ?? []).map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
                {source.project_code ? ` (${source.project_code})` : ""}
              </option>
            ))}
          </select>
        </label>
      </SearchToolbar>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      <p role="status" className="muted">
        {list.data ? t("participants.count", { count: list.data.count }) : ""}
      </p>
      {rows.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t(`participants.showOption.${show}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("participants.client")}</th>
                <th scope="col">{t("participations.project")}</th>
                <th scope="col">{t("participations.entryDate")}</th>
                <th scope="col">{t("participations.exitDate")}</th>
                <th scope="col">{t("participants.followupDue")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} data-testid="participant">
                  <th scope="row">
                    <Link to={`/clients/${p.client}?tab=participations`}>{p.client_name}</Link>{" "}
                    <span className="muted">{p.client_reference}</span>
                  </th>
                  <td>
                    {p.funding_source_name}
                    {p.project_code ? <span className="muted"> ({p.project_code})</span> : null}
                  </td>
                  <td>{formatDate(p.entry_date)}</td>
                  <td>{p.exit_date ? `${formatDate(p.exit_date)}${p.exit_reason ? ` · ${t(`enum.closureReason.${p.exit_reason}`)}` : ""}` : "—"}</td>
                  <td>
                    {p.followup_in_employment != null || p.followup_improved_situation != null
                      ? t("participants.followupDone")
                      : p.followup_due
                        ? formatDate(p.followup_due)
                        : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : list.data ? (
        <p>{t(`participants.none.${show}`)}</p>
      ) : null}
      {list.data ? <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(next) => set({ page: next })} /> : null}
    </section>
  );
}
