// The raised needs one by one (below the needs register): what answers each (an activity of a community plan),
// closing a need with a note of why and re-opening it. Coordinators and managers act; others read.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Notice } from "../../components/Notice";
import { Pagination } from "../../components/Pagination";
import { ReasonAction } from "../../components/ReasonAction";
import { formatDate } from "../../lib/format";
import { useNotice } from "../../lib/useNotice";
import { PAGE_SIZE } from "../../lib/paging";
import { useActivities, useNeedAction, useRaisedNeeds } from "./queries";
import { Form } from "../../components/Form";

type Need = Schemas["RaisedNeed"];
type Activity = Schemas["Activity"];

/** Activities grouped by their plan's title (in the order the plans first appear). */
export function byPlan(activities: Activity[]): [string, Activity[]][] {
  const groups = new Map<string, Activity[]>();
  for (const a of activities) groups.set(a.plan_title, [...(groups.get(a.plan_title) ?? []), a]);
  return [...groups];
}
const STATES = ["open", "closed", "all"] as const;

export function RaisedNeeds({ answeredBy, onClearAnsweredBy }: { answeredBy: string; onClearAnsweredBy: () => void }) {
  const { t } = useTranslation();
  const { role } = useAuth();
  const [state, setState] = useState<(typeof STATES)[number]>(answeredBy ? "all" : "open");
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useNotice();
  const canAct = role === "manager" || role === "coordinator";
  const list = useRaisedNeeds({
    page,
    page_size: PAGE_SIZE,
    is_open: state === "all" ? undefined : state === "open",
    answered_by: answeredBy || undefined,
  });
  return (
    <section aria-labelledby="raised-needs-title">
      <h2 id="raised-needs-title">{t("planning.raisedNeeds.title")}</h2>
      <div className="toolbar">
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select
            value={state}
            onChange={(e) => {
              setState(e.target.value as (typeof STATES)[number]);
              setPage(1);
            }}
          >
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`planning.raisedNeeds.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {answeredBy ? (
          <button type="button" onClick={onClearAnsweredBy}>
            {t("planning.raisedNeeds.allActivities")}
          </button>
        ) : null}
      </div>
      <Notice text={notice} />
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("planning.raisedNeeds.none")}</p> : null}
          <ul className="plain">
            {list.data.results.map((need) => (
              <NeedItem key={need.id} need={need} canAct={canAct} onNotice={setNotice} />
            ))}
          </ul>
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={setPage} />
        </>
      ) : null}
    </section>
  );
}

function NeedItem({ need, canAct, onNotice }: { need: Need; canAct: boolean; onNotice: (text: string) => void }) {
  const { t } = useTranslation();
  const act = useNeedAction();
  const [linking, setLinking] = useState(false);
  const short = need.description.length > 60 ? `${need.description.slice(0, 60)}…` : need.description;
  return (
    <li className="raised-need" data-testid="raised-need">
      <p className="pre-line">{need.description}</p>
      <p className="muted">
        <span className={`status status-${need.is_open ? "open" : "closed"}`}>
          {need.is_open ? t("planning.raisedNeeds.state.open") : t("planning.raisedNeeds.state.closed")}
        </span>{" "}
        · {t("planning.needs.raisedOn")}: {formatDate(need.raised_on)} · {t(`planning.source.${need.source}`)}
        {need.partner_name ? ` (${need.partner_name})` : ""}
        {need.area ? ` · ${need.area}` : ""}
        {need.service_type_name ? ` · ${need.service_type_name}` : ""}
        {need.people_estimate ? ` · ${t("planning.needs.people", { count: need.people_estimate })}` : ""}
      </p>
      {need.answered_by ? (
        <p>
          {t("planning.raisedNeeds.answeredBy")}:{" "}
          <Link to={`/community-plans/${need.answered_by_plan}`}>{need.answered_by_name}</Link>
          {need.answered_by_plan_title ? <span className="muted"> ({need.answered_by_plan_title})</span> : null}
        </p>
      ) : null}
      {!need.is_open && need.close_note ? (
        <p className="muted">
          {t("planning.raisedNeeds.closeNote")}: {need.close_note}
        </p>
      ) : null}
      {canAct ? (
        <div className="actions">
          {linking ? (
            <LinkForm
              need={need}
              onDone={(saved) => {
                setLinking(false);
                if (saved) onNotice(t("planning.raisedNeeds.linked", { need: short }));
              }}
            />
          ) : (
            <button type="button" onClick={() => setLinking(true)}>
              {need.answered_by ? t("planning.raisedNeeds.changeLink") : t("planning.raisedNeeds.link")}
              <span className="visually-hidden">: {short}</span>
            </button>
          )}
          {need.is_open ? (
            <ReasonAction
              label={t("planning.raisedNeeds.close")}
              hint={t("planning.raisedNeeds.closeHint")}
              onConfirm={async (note) => {
                await act.mutateAsync({ action: "close", id: need.id, note });
                onNotice(t("planning.raisedNeeds.closed", { need: short }));
              }}
            />
          ) : (
            <ReasonAction
              label={t("planning.raisedNeeds.reopen")}
              onConfirm={async (reason) => {
                await act.mutateAsync({ action: "reopen", id: need.id, reason });
                onNotice(t("planning.raisedNeeds.reopened", { need: short }));
              }}
            />
          )}
        </div>
      ) : null}
    </li>
  );
}

function LinkForm({ need, onDone }: { need: Need; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const activities = useActivities();
  const act = useNeedAction();
  const [activity, setActivity] = useState(need.answered_by ?? "");
  const [error, setError] = useState<unknown>(null);
  return (
    <Form
      className="form card"
      aria-label={t("planning.raisedNeeds.link")}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await act.mutateAsync({ action: "link", id: need.id, activity: activity || null });
          onDone(true);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <div className="field">
        <label htmlFor={`link-${need.id}`}>{t("planning.raisedNeeds.activity")}</label>
        <select id={`link-${need.id}`} value={activity} onChange={(e) => setActivity(e.target.value)}>
          <option value="">{t("planning.raisedNeeds.noActivity")}</option>
          {byPlan(activities.data ?? []).map(([plan, items]) => (
            <optgroup key={plan} label={plan}>
              {items.map((a) => (
                <option key={a.id} value={a.id}>
                  {`${a.code} ${a.title}`.trim()}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={act.isPending}>
          {t("common.save")}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}
