import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDateTime } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { useMarkAllRead, useMarkRead, useNotifications } from "./queries";
import { subjectPath } from "./subjects";

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const unreadOnly = params.get("unread") === "1";
  const list = useNotifications(page, unreadOnly);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) (v === null ? next.delete(k) : next.set(k, v));
    setParams(next);
  };

  return (
    <section>
      <h1>{t("notifications.title")}</h1>
      <div className="toolbar">
        <label className="inline-control">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => set({ unread: e.target.checked ? "1" : null, page: null })}
          />
          <span>{t("notifications.unreadOnly")}</span>
        </label>
        <button type="button" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
          {t("notifications.markAllRead")}
        </button>
      </div>
      <ErrorAlert error={list.error ?? markRead.error ?? markAll.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("notifications.none")}</p> : null}
          <ul className="cards">
            {list.data.results.map((n) => {
              const to = subjectPath(n.subject_type, n.subject_id);
              return (
                <li key={n.id} className={n.is_read ? "card" : "card unread"}>
                  <h2 className="card-title">
                    {!n.is_read ? <span className="visually-hidden">{t("notifications.unread")}: </span> : null}
                    {to ? <Link to={to}>{n.title}</Link> : n.title}
                  </h2>
                  {n.body ? <p>{n.body}</p> : null}
                  <p className="muted">
                    <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time>
                  </p>
                  {!n.is_read ? (
                    <button type="button" onClick={() => markRead.mutate(n.id)} disabled={markRead.isPending}>
                      {t("notifications.markRead")}
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <Pagination page={page} count={list.data.count} pageSize={25} onPage={(p) => set({ page: String(p) })} />
        </>
      ) : null}
    </section>
  );
}
