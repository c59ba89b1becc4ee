import { addDays } from "date-fns";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { formatDate, isoDate } from "../../lib/format";
import { useReferrals } from "../clients/queries";
import { useDeliveries, useStatements } from "../deliveries/queries";
import { useUnreadOfKind } from "../notifications/queries";
import { subjectPath } from "../notifications/subjects";
import { useReviewsDue, useWaitingList } from "../plans/queries";
import { ReviewDate } from "../plans/ReviewDate";

const SHOW = 5;

function Tile({ id, title, count, more, error, loading, children }: {
  id: string;
  title: string;
  count?: number;
  more?: string;
  error?: unknown;
  loading?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="tile" aria-labelledby={`tile-${id}`}>
      <h2 id={`tile-${id}`}>
        {title}
        {count !== undefined ? <span className="count"> ({count})</span> : null}
      </h2>
      <ErrorAlert error={error} />
      {loading ? <Loading /> : children}
      {more && count ? (
        <p>
          <Link to={more}>
            {t("common.seeAll")}
            <span className="visually-hidden">: {title}</span>
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** The coordinator's "what needs me today": each tile is one API list with filters, read through its domain's queries. */
export default function TodayPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const soon = isoDate(addDays(new Date(), 7));

  const reviews = useReviewsDue(me?.id, soon, SHOW);
  const waiting = useWaitingList({ page_size: SHOW });
  const underDelivery = useUnreadOfKind("under_delivery", SHOW);
  const noDelivery = useUnreadOfKind("no_delivery", SHOW);
  const disputed = useDeliveries({ status: "disputed", page_size: SHOW });
  const flagged = useDeliveries({ flagged: true, page_size: SHOW });
  const toConfirm = useDeliveries({ status: "logged", page_size: 1 });
  const statements = useStatements({ status: "submitted", page_size: 1 });
  const referrals = useReferrals({ page_size: SHOW });

  const deliveryAlerts = [...(underDelivery.data?.results ?? []), ...(noDelivery.data?.results ?? [])];
  const name = me?.first_name || me?.email;

  return (
    <section>
      <h1>{t("today.title", { name })}</h1>
      <p className="muted">{formatDate(new Date())}</p>
      <div className="tiles">
        <Tile id="reviews" title={t("today.reviewsDue")} count={reviews.data?.count} error={reviews.error} loading={reviews.isLoading}>
          {reviews.data?.results.length ? (
            <ul>
              {reviews.data.results.map((p) => (
                <li key={p.id}>
                  <Link to={`/plans/${p.id}`}>{p.client_name}</Link> — <ReviewDate date={p.next_review_date} />
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("today.noReviews")}</p>
          )}
        </Tile>

        <Tile id="waiting" title={t("today.waiting")} count={waiting.data?.count} more="/waiting-list" error={waiting.error} loading={waiting.isLoading}>
          {waiting.data?.results.length ? (
            <ul>
              {waiting.data.results.map((w) => (
                <li key={w.id}>
                  <Link to={`/plans/${w.plan}`}>{w.client_name}</Link> — {w.service_type_name}
                  {w.waiting_days != null ? ` · ${t("today.waitingDays", { days: w.waiting_days })}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("waiting.empty")}</p>
          )}
        </Tile>

        <Tile
          id="under"
          title={t("today.underDelivery")}
          count={(underDelivery.data?.count ?? 0) + (noDelivery.data?.count ?? 0)}
          more="/notifications?unread=1"
          error={underDelivery.error ?? noDelivery.error}
          loading={underDelivery.isLoading || noDelivery.isLoading}
        >
          {deliveryAlerts.length ? (
            <ul>
              {deliveryAlerts.map((n) => {
                const to = subjectPath(n.subject_type, n.subject_id);
                return <li key={n.id}>{to ? <Link to={to}>{n.title}</Link> : n.title}</li>;
              })}
            </ul>
          ) : (
            <p>{t("today.noUnderDelivery")}</p>
          )}
        </Tile>

        <Tile id="disputed" title={t("today.disputed")} count={disputed.data?.count} more="/deliveries?status=disputed" error={disputed.error} loading={disputed.isLoading}>
          {disputed.data?.results.length ? (
            <ul>
              {disputed.data.results.map((d) => (
                <li key={d.id}>
                  <Link to={`/clients/${d.client}?tab=deliveries`}>{d.client_name}</Link> — {d.service_type_name}, {formatDate(d.date)}
                  {d.status_reason ? <div className="muted">{d.status_reason}</div> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("today.noDisputed")}</p>
          )}
        </Tile>

        <Tile
          id="flagged"
          title={t("today.flagged")}
          count={flagged.data?.count}
          more="/deliveries?flagged=true&status=all"
          error={flagged.error}
          loading={flagged.isLoading}
        >
          {flagged.data?.results.length ? (
            <ul>
              {flagged.data.results.map((d) => (
                <li key={d.id}>
                  {formatDate(d.date)} — <Link to={`/clients/${d.client}?tab=deliveries`}>{d.client_name}</Link>
                  {d.flags[0] ? <div className="muted">{d.flags[0].message}</div> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("today.noFlagged")}</p>
          )}
        </Tile>

        <Tile id="checks" title={t("today.toCheck")} error={toConfirm.error ?? statements.error} loading={toConfirm.isLoading || statements.isLoading}>
          <ul>
            <li>
              <Link to="/deliveries?status=logged">{t("today.logsToConfirm", { count: toConfirm.data?.count ?? 0 })}</Link>
            </li>
            <li>
              <Link to="/statements?status=submitted">{t("today.statementsToApprove", { count: statements.data?.count ?? 0 })}</Link>
            </li>
          </ul>
        </Tile>

        <Tile id="referrals" title={t("today.referrals")} count={referrals.data?.count} error={referrals.error} loading={referrals.isLoading}>
          {referrals.data?.results.length ? (
            <ul>
              {referrals.data.results.map((r) => (
                <li key={r.id}>
                  <Link to={`/clients/${r.client}?tab=assessments`}>{formatDate(r.date)}</Link> — {t(`enum.referralSource.${r.source}`)}: {r.reason}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("common.nothing")}</p>
          )}
        </Tile>
      </div>
    </section>
  );
}
