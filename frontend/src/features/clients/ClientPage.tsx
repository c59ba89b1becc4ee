import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { ApiError, applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { Status } from "../../components/Status";
import { Tabs } from "../../components/Tabs";
import { formatDate, isoDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { DeliveryTable } from "../deliveries/DeliveryTable";
import { useDeliveries } from "../deliveries/queries";
import { ClientRights } from "../retention/ClientRights";
import { useClientPlans, useCreatePlan } from "../plans/queries";
import { AssessmentForm, ReferralForm } from "./AssessmentForm";
import { useAuth } from "../../auth/AuthProvider";
import { Contacts } from "./Contacts";
import { Consents } from "./Consents";
import { ConsentsCoverage } from "./ConsentsCoverage";
import { Participations } from "./Participations";
import { mergedIntoOf } from "./clientForm";
import { useAssessments, useClient, useClientHistory, useReferrals } from "./queries";
import { Timeline } from "./Timeline";
import { Form } from "../../components/Form";
import { Notice } from "../../components/Notice";

const TABS = ["overview", "contacts", "consents", "participations", "assessments", "plans", "deliveries", "history", "rights"] as const;
type TabId = (typeof TABS)[number];

function Overview({ client }: { client: Schemas["Client"] }) {
  const { t } = useTranslation();
  const yesNo = (v: boolean | null) => (v === true ? t("common.yes") : v === false ? t("common.no") : t("common.notStated"));
  const rows: [string, ReactNode][] = [
    [t("clients.reference"), client.reference],
    [t("clients.birthDate"), formatDate(client.birth_date)],
    [t("clients.sex"), t(`enum.sex.${client.sex}`)],
    [t("clients.nationalId"), client.national_id || "—"],
    [t("clients.phone"), client.phone || "—"],
    [t("clients.email"), client.email || "—"],
    [t("clients.address"), [client.street, client.postcode, client.municipality].filter(Boolean).join(", ") || "—"],
    [t("clients.area"), client.area || "—"],
    [t("clients.coordinator"), client.coordinator_name || "—"],
    [t("clients.householdSize"), client.household_size ?? "—"],
    [t("clients.lives_alone"), yesNo(client.lives_alone)],
    [t("clients.carerName"), [client.carer_name, client.carer_phone].filter(Boolean).join(", ") || "—"],
    [t("clients.has_disability"), yesNo(client.has_disability)],
    [t("clients.health_summary"), client.health_summary || "—"],
    [t("clients.mobility"), client.mobility || "—"],
    [t("clients.risks"), client.risks || "—"],
    [t("clients.access_notes"), client.access_notes || "—"],
  ];
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Assessments({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState<"assessment" | "referral" | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const done = () => setAdding(null);
  const assessments = useAssessments(clientId, page, 10);
  const [referralPage, setReferralPage] = useState(1);
  const referrals = useReferrals({ client: clientId, page: referralPage, page_size: 10 });
  return (
    <>
      <h2>{t("assessments.title")}</h2>
      <p role="status" className={notice ? "alert alert-ok" : undefined}>
        {notice}
      </p>
      <ErrorAlert error={assessments.error} />
      {assessments.data?.results.length === 0 ? <p>{t("common.nothing")}</p> : null}
      {assessments.data?.results.map((a) => (
        <article key={a.id} className="card">
          <h3 className="card-title">
            {formatDate(a.date)} · <Status kind="assessmentStatus" value={a.status} /> · {a.assessor?.name}
          </h3>
          {a.summary ? <p>{a.summary}</p> : null}
          {a.areas.length ? (
            <table>
              <caption className="visually-hidden">{t("assessments.areas")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("assessments.area")}</th>
                  <th scope="col" className="num">{t("assessments.score")}</th>
                  <th scope="col">{t("assessments.description")}</th>
                </tr>
              </thead>
              <tbody>
                {a.areas.map((area) => (
                  <tr key={area.id}>
                    <td>{t(`enum.area.${area.area}`)}</td>
                    <td className="num">{area.score}</td>
                    <td>{area.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {a.needs.length ? (
            <>
              <h4>{t("assessments.needs")}</h4>
              <ul>
                {a.needs.map((n) => (
                  <li key={n.id}>
                    <strong>{n.service_type_name || t(`enum.area.${n.area}`)}</strong> ({t(`enum.priority.${n.priority}`)}) — {n.description}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {editable && a.status === "draft" && editing !== a.id ? (
            <button type="button" onClick={() => { setEditing(a.id); setNotice(""); }}>
              {t("assessments.editDraft")}
            </button>
          ) : null}
          {editing === a.id ? (
            <AssessmentForm
              clientId={clientId}
              assessment={a}
              onDone={(saved) => {
                setEditing(null);
                if (saved) setNotice(t("assessments.draftSaved"));
              }}
            />
          ) : null}
        </article>
      ))}
      {assessments.data ? <Pagination page={page} count={assessments.data.count} pageSize={10} onPage={setPage} /> : null}
      {adding === "assessment" ? (
        <AssessmentForm clientId={clientId} onDone={done} />
      ) : (
        <button type="button" onClick={() => setAdding("assessment")}>
          {t("assessments.add")}
        </button>
      )}

      <h2>{t("referrals.title")}</h2>
      <ErrorAlert error={referrals.error} />
      {referrals.data?.results.length === 0 ? <p>{t("common.nothing")}</p> : null}
      <ul className="plain">
        {referrals.data?.results.map((r) => (
          <li key={r.id}>
            {formatDate(r.date)} — {t(`enum.referralSource.${r.source}`)}
            {r.source_name ? ` (${r.source_name})` : ""}: {r.reason}
          </li>
        ))}
      </ul>
      {referrals.data ? <Pagination page={referralPage} count={referrals.data.count} pageSize={10} onPage={setReferralPage} /> : null}
      {adding === "referral" ? (
        <ReferralForm clientId={clientId} onDone={done} />
      ) : (
        <button type="button" onClick={() => setAdding("referral")}>
          {t("referrals.add")}
        </button>
      )}
    </>
  );
}

function Plans({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [messages, setMessages] = useState<string[]>([]);
  const [start, setStart] = useState(isoDate());
  const [page, setPage] = useState(1);
  const plans = useClientPlans(clientId, page, PAGE_SIZE);
  const create = useCreatePlan();
  return (
    <>
      <ErrorAlert error={plans.error} />
      {plans.data ? (
        <table>
          <caption>{t("plans.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("plans.period")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("plans.nextReview")}</th>
              <th scope="col">{t("plans.coordinator")}</th>
              <th scope="col" className="num">{t("plans.services")}</th>
            </tr>
          </thead>
          <tbody>
            {plans.data.results.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/plans/${p.id}`}>
                    {formatDate(p.start_date)} – {formatDate(p.end_date) || "…"}
                  </Link>
                </td>
                <td>
                  <Status kind="planStatus" value={p.status} />
                </td>
                <td>{formatDate(p.next_review_date) || "—"}</td>
                <td>{p.coordinator_name}</td>
                <td className="num">{p.services.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Loading />
      )}
      {plans.data ? <Pagination page={page} count={plans.data.count} pageSize={PAGE_SIZE} onPage={setPage} /> : null}
      <Form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setMessages([]);
          create.mutate(
            { client: clientId, start_date: start },
            {
              onSuccess: (plan) => navigate(`/plans/${plan.id}`),
              onError: (error) => setMessages(applyFieldErrors(error, () => undefined, [])),
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor="new-plan-start">{t("plans.startDate")}</label>
          <input id="new-plan-start" type="date" value={start} onChange={(e) => setStart(e.target.value)} required />
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("plans.new")}
        </button>
      </Form>
      <ErrorAlert messages={messages} />
    </>
  );
}

function Deliveries({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useDeliveries({ client: clientId, page, page_size: PAGE_SIZE });
  return (
    <>
      <ErrorAlert error={list.error} />
      {list.data ? (
        <>
          <DeliveryTable rows={list.data.results} caption={t("nav.deliveries")} />
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={setPage} />
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}

function History({ clientId }: { clientId: string }) {
  const [page, setPage] = useState(1);
  const history = useClientHistory(clientId, page, PAGE_SIZE);
  return (
    <>
      <ErrorAlert error={history.error} />
      {history.data ? (
        <>
          <Timeline entries={history.data.results} />
          <Pagination page={page} count={history.data.count} pageSize={PAGE_SIZE} onPage={setPage} />
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}

export default function ClientPage() {
  const { t } = useTranslation();
  const { clientId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = (TABS.includes(params.get("tab") as TabId) ? params.get("tab") : "overview") as TabId;
  const client = useClient(clientId);
  const { role, me } = useAuth();
  const arrived = (useLocation().state as { notice?: string } | null)?.notice ?? ""; // "registered", "saved"

  if (client.isLoading) return <Loading />;
  if (!client.data) {
    // A record merged into another answers 404 with the survivor: offer it.
    const survivor = client.error instanceof ApiError ? mergedIntoOf(client.error.body) : null;
    return (
      <>
        <ErrorAlert error={client.error} />
        {survivor ? (
          <p>
            <Link to={`/clients/${survivor.id}`}>{t("clients.openMergedInto", { reference: survivor.reference })}</Link>
          </p>
        ) : null}
      </>
    );
  }
  const c = client.data;
  // What the API lets change: a coordinator's own caseload and unassigned clients (merged records answer 404 above).
  const editable = role === "coordinator" && (!c.coordinator || me?.id === c.coordinator);
  return (
    <section>
      <div className="page-head">
        <h1>
          {c.first_name} {c.last_name} <Status kind="clientStatus" value={c.status} />
        </h1>
        <Link className="button" to={`/clients/${c.id}/edit`}>
          {t("common.edit")}
        </Link>
      </div>
      <p className="muted">
        {c.reference} · {formatDate(c.birth_date)}
      </p>
      <Notice text={arrived} />
      <Tabs
        label={t("clients.sections")}
        tabs={TABS.map((id) => ({ id, label: t(`clients.tab.${id}`) }))}
        current={tab}
        onChange={(id) => setParams({ tab: id }, { replace: true })}
      >
        {tab === "overview" ? <Overview client={c} /> : null}
        {tab === "contacts" ? <Contacts clientId={c.id} editable={editable} /> : null}
        {tab === "consents" ? <><ConsentsCoverage clientId={c.id} /><Consents clientId={c.id} editable={editable} /></> : null}
        {tab === "participations" ? <Participations clientId={c.id} /> : null}
        {tab === "assessments" ? <Assessments clientId={c.id} editable={editable} /> : null}
        {tab === "plans" ? <Plans clientId={c.id} /> : null}
        {tab === "deliveries" ? <Deliveries clientId={c.id} /> : null}
        {tab === "history" ? <History clientId={c.id} /> : null}
        {tab === "rights" ? (
          <ClientRights clientId={c.id} clientStatus={c.status} clientReference={c.reference} coordinatorId={c.coordinator ?? null} />
        ) : null}
      </Tabs>
    </section>
  );
}
