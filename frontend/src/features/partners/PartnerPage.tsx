import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Notice } from "../../components/Notice";
import { ReasonAction } from "../../components/ReasonAction";
import { formatDate, formatDateTime } from "../../lib/format";
import { useMeetings } from "../planning/queries";
import { PartnerForm } from "./PartnerForm";
import { useActivities, useFollowUps, usePartner, usePartnerStaff, useRaisedNeeds, useSavePartner } from "./queries";

/** One partner organisation: its details (edit, deactivate or re-activate), its staff in CUS, the meetings it took
 *  part in, the follow-ups given to it, the needs it raised and the community-plan activities it is responsible for. */
export default function PartnerPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const location = useLocation();
  const partner = usePartner(id);
  const save = useSavePartner();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>((location.state as { notice?: string } | null)?.notice ?? "");

  if (partner.isLoading) return <Loading />;
  if (!partner.data) return <ErrorAlert error={partner.error} />;
  const p = partner.data;
  return (
    <section>
      <p>
        <Link to="/partners">{t("partners.back")}</Link>
      </p>
      <h1>{p.name}</h1>
      <Notice text={notice} />
      {editing ? (
        <PartnerForm
          partner={p}
          onDone={(saved) => {
            setEditing(false);
            if (saved) setNotice(t("partners.saved"));
          }}
        />
      ) : (
        <>
          <dl className="survey-about">
            <dt>{t("partners.kindLabel")}</dt>
            <dd>{t(`partners.kind.${p.kind}`)}</dd>
            {p.provider_name ? (
              <>
                <dt>{t("partners.provider")}</dt>
                <dd>{p.provider_name}</dd>
              </>
            ) : null}
            <dt>{t("partners.contact")}</dt>
            <dd>{p.contact_name || "—"}</dd>
            <dt>{t("partners.email")}</dt>
            <dd>{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : "—"}</dd>
            <dt>{t("partners.phone")}</dt>
            <dd>{p.phone ? <a href={`tel:${p.phone}`}>{p.phone}</a> : "—"}</dd>
            <dt>{t("common.status")}</dt>
            <dd>{p.is_active ? t("partners.active") : t("partners.inactive")}</dd>
            {p.note ? (
              <>
                <dt>{t("partners.note")}</dt>
                <dd className="pre-line">{p.note}</dd>
              </>
            ) : null}
          </dl>
          <div className="actions">
            <button type="button" className="primary" onClick={() => setEditing(true)}>
              {t("partners.edit")}
            </button>
            {p.is_active ? (
              <ReasonAction
                danger
                label={t("partners.deactivate")}
                onConfirm={async (reason) => {
                  await save.mutateAsync({ id: p.id, body: { is_active: false, reason } });
                  setNotice(t("partners.deactivated", { name: p.name }));
                }}
              />
            ) : (
              <ReasonAction
                label={t("partners.reactivate")}
                onConfirm={async (reason) => {
                  await save.mutateAsync({ id: p.id, body: { is_active: true, reason } });
                  setNotice(t("partners.reactivated", { name: p.name }));
                }}
              />
            )}
          </div>
        </>
      )}
      <StaffSection id={p.id} />
      <MeetingsSection id={p.id} />
      <FollowUpsSection id={p.id} />
      <NeedsSection id={p.id} />
      <ActivitiesSection id={p.id} />
    </section>
  );
}

function StaffSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const staff = usePartnerStaff(id);
  return (
    <>
      <h2>{t("partners.staff")}</h2>
      <ErrorAlert error={staff.error} />
      {staff.data && staff.data.results.length === 0 ? <p className="muted">{t("partners.noStaff")}</p> : null}
      <ul>
        {(staff.data?.results ?? []).map((s: Schemas["PartnerStaff"]) => (
          <li key={s.membership}>
            {s.name} · <a href={`mailto:${s.email}`}>{s.email}</a>
            {s.is_active ? "" : ` (${t("partners.inactive")})`}
          </li>
        ))}
      </ul>
    </>
  );
}

function MeetingsSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const meetings = useMeetings({ partner: id, page_size: 50 });
  return (
    <>
      <h2>{t("partners.meetings")}</h2>
      <ErrorAlert error={meetings.error} />
      {meetings.data && meetings.data.results.length === 0 ? <p className="muted">{t("planning.meetings.none")}</p> : null}
      <ul>
        {(meetings.data?.results ?? []).map((m) => (
          <li key={m.id}>
            <Link to={`/meetings/${m.id}`}>{m.title}</Link> · {formatDateTime(m.starts_at)} ·{" "}
            {t(`planning.meetingStatus.${m.status}`)}
          </li>
        ))}
      </ul>
    </>
  );
}

function FollowUpsSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const followUps = useFollowUps({ partner: id, page_size: 50 });
  return (
    <>
      <h2>{t("partners.followUps")}</h2>
      <ErrorAlert error={followUps.error} />
      {followUps.data && followUps.data.results.length === 0 ? <p className="muted">{t("planning.followUps.none")}</p> : null}
      <ul>
        {(followUps.data?.results ?? []).map((f) => (
          <li key={f.id}>
            {f.description} · {t("planning.followUps.due")}: {formatDate(f.due_date)} ·{" "}
            {t(`planning.followUpStatus.${f.status}`)} · <Link to={`/meetings/${f.meeting}`}>{f.meeting_title}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

function NeedsSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const needs = useRaisedNeeds({ partner: id, page_size: 50 });
  return (
    <>
      <h2>{t("partners.needs")}</h2>
      <ErrorAlert error={needs.error} />
      {needs.data && needs.data.results.length === 0 ? <p className="muted">{t("partners.noNeeds")}</p> : null}
      <ul>
        {(needs.data?.results ?? []).map((n) => (
          <li key={n.id}>
            {formatDate(n.raised_on)} · {n.description}
            {n.service_type_name ? ` · ${n.service_type_name}` : ""}
            {n.area ? ` · ${n.area}` : ""} · {n.is_open ? t("partners.needOpen") : t("partners.needClosed")}
          </li>
        ))}
      </ul>
    </>
  );
}

function ActivitiesSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const activities = useActivities({ responsible_partner: id, page_size: 100 });
  return (
    <>
      <h2>{t("partners.activities")}</h2>
      <ErrorAlert error={activities.error} />
      {activities.data && activities.data.results.length === 0 ? <p className="muted">{t("partners.noActivities")}</p> : null}
      <ul>
        {(activities.data?.results ?? []).map((a) => (
          <li key={a.id}>
            <Link to={`/community-plans/${a.plan}`}>{[a.code, a.title].filter(Boolean).join(" ")}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
