import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams, useSearchParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { Tabs } from "../../components/Tabs";
import { formatDate } from "../../lib/format";
import { useClients } from "../clients/queries";
import { HoursTable } from "./HoursTable";
import { HoursDecision } from "./HoursDecision";
import {
  PAGE_SIZE,
  newKey,
  useActivityTypes,
  useCreateAgreement,
  useLogHours,
  useSaveAssignment,
  useSaveVolunteer,
  useUpdateAgreement,
  useVolunteer,
  useVolunteerAgreements,
  useVolunteerAssignments,
  useVolunteerHours,
} from "./queries";
import { agreementRule, inForce, todayIso } from "./volunteerForm";
import { SaveCancel } from "../../components/SaveCancel";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

const TABS = ["agreements", "assignments", "hours"] as const;
type Tab = (typeof TABS)[number];
type Notify = (text: string) => void;

/** An "Add …" button that opens its form in place; the form's notice (empty: cancelled) closes it again. */
function AddForm({ label, onDone, hidden, children }: { label: string; onDone: Notify; hidden?: boolean; children: (done: Notify) => ReactNode }) {
  const [open, setOpen] = useState(false);
  if (open) {
    return children((text) => {
      setOpen(false);
      if (text) onDone(text);
    });
  }
  return hidden ? null : (
    <div className="actions">
      <button type="button" onClick={() => setOpen(true)}>
        {label}
      </button>
    </div>
  );
}

/** One volunteer for the volunteer centre's staff: profile, agreements, assignments and hours (`/volunteers/:id`). */
export default function VolunteerDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const volunteer = useVolunteer(id);
  const [notice, setNotice] = useState<string>((location.state as { notice?: string } | null)?.notice ?? "");
  const tab: Tab = (TABS as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "agreements";
  if (volunteer.isLoading) return <Loading />;
  if (!volunteer.data) return <ErrorAlert error={volunteer.error} />;
  const v = volunteer.data;
  return (
    <section>
      <p>
        <Link to="/volunteers?tab=volunteers">{t("volunteer.detail.back")}</Link>
      </p>
      <h1>
        {v.first_name} {v.last_name}
        {v.is_active ? null : <span className="status status-ended"> {t("volunteer.detail.inactive")}</span>}
      </h1>
      <Notice text={notice} />
      <Profile volunteer={v} onDone={setNotice} />
      <Tabs
        tabs={TABS.map((name) => ({ id: name, label: t(`volunteer.detail.tabs.${name}`) }))}
        current={tab}
        onChange={(name) => setParams({ tab: name }, { replace: true })}
        label={t("volunteer.detail.sections")}
      >
        {tab === "agreements" ? <Agreements volunteer={v} onDone={setNotice} /> : null}
        {tab === "assignments" ? <Assignments volunteer={v} onDone={setNotice} /> : null}
        {tab === "hours" ? <Hours volunteer={v} onDone={setNotice} /> : null}
      </Tabs>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children || "—"}</dd>
    </>
  );
}

function Profile({ volunteer: v, onDone }: { volunteer: Schemas["Volunteer"]; onDone: Notify }) {
  const { t } = useTranslation();
  const save = useSaveVolunteer();
  const [confirming, setConfirming] = useState(false);
  const toggle = async () => {
    await save.mutateAsync({ id: v.id, body: { is_active: !v.is_active } });
    setConfirming(false);
    onDone(v.is_active ? t("volunteer.detail.deactivated") : t("volunteer.detail.reactivated"));
  };
  return (
    <div className="card">
      <dl className="details">
        <Row label={t("volunteer.form.email")}>{v.email ? <a href={`mailto:${v.email}`}>{v.email}</a> : null}</Row>
        <Row label={t("volunteer.form.phone")}>{v.phone ? <a href={`tel:${v.phone}`}>{v.phone}</a> : null}</Row>
        <Row label={t("volunteer.form.birthDate")}>{v.birth_date ? formatDate(v.birth_date) : null}</Row>
        <Row label={t("volunteer.centre.area")}>{v.area}</Row>
        <Row label={t("volunteer.centre.skills")}>{(v.skills ?? []).join(", ")}</Row>
        <Row label={t("volunteer.form.languages")}>{(v.languages ?? []).join(", ")}</Row>
        <Row label={t("volunteer.form.availability")}>{v.availability}</Row>
      </dl>
      <ErrorAlert error={save.error} />
      <div className="actions">
        <Link className="button" to={`/volunteers/${v.id}/edit`}>
          {t("common.edit")}
        </Link>
        {confirming ? (
          <div role="group" aria-label={v.is_active ? t("volunteer.detail.deactivate") : t("volunteer.detail.reactivate")} className="actions">
            <p>{v.is_active ? t("volunteer.detail.deactivateQuestion") : t("volunteer.detail.reactivateQuestion")}</p>
            <button type="button" className={v.is_active ? "danger" : "primary"} disabled={save.isPending} onClick={toggle}>
              {t("common.confirm")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </div>
        ) : (
          <button type="button" className={v.is_active ? "danger" : undefined} onClick={() => setConfirming(true)}>
            {v.is_active ? t("volunteer.detail.deactivate") : t("volunteer.detail.reactivate")}
          </button>
        )}
      </div>
    </div>
  );
}

// --- agreements ----------------------------------------------------------------------------------

interface AgreementForm {
  number: string;
  start_date: string;
  end_date: string;
  signed_on: string;
  scope: string;
  insured: boolean;
}
const AGREEMENT_FIELDS = ["number", "start_date", "end_date", "signed_on", "scope", "insured"] as const;

function Agreements({ volunteer, onDone }: { volunteer: Schemas["Volunteer"]; onDone: Notify }) {
  const { t } = useTranslation();
  const list = useVolunteerAgreements(volunteer.id);
  const [ending, setEnding] = useState<string | null>(null);
  const today = todayIso();
  const rows = list.data?.results ?? [];
  return (
    <section aria-labelledby="agreements-heading">
      <h2 id="agreements-heading">{t("volunteer.detail.tabs.agreements")}</h2>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data && rows.length === 0 ? <p>{t("volunteer.agreements.none")}</p> : null}
      <ul className="cards">
        {rows.map((a) => (
          <li key={a.id} className="card" data-testid="agreement">
            <h3 className="card-title">
              {a.number} <span className="muted">{inForce(a, today) ? t("volunteer.detail.inForce") : t("volunteer.detail.notInForce")}</span>
            </h3>
            <p>
              {formatDate(a.start_date)} – {a.end_date ? formatDate(a.end_date) : "…"}
              {a.duration_days ? ` · ${t("volunteer.detail.days", { days: a.duration_days })}` : null}
            </p>
            <p>{a.scope}</p>
            <p className="muted">
              {t("volunteer.agreements.insured")}: {a.insured ? t("common.yes") : t("common.no")}
              {a.signed_on ? ` · ${t("volunteer.agreements.signedOn")}: ${formatDate(a.signed_on)}` : null}
            </p>
            {ending === a.id ? (
              <EndAgreementForm
                agreement={a}
                onDone={(text) => {
                  setEnding(null);
                  if (text) onDone(text);
                }}
              />
            ) : !a.end_date || a.end_date >= today ? (
              <div className="actions">
                <button type="button" onClick={() => setEnding(a.id)} aria-label={t("volunteer.detail.endAgreementOf", { number: a.number })}>
                  {t("volunteer.detail.endAgreement")}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <AddForm label={t("volunteer.agreements.add")} onDone={onDone}>
        {(done) => <AgreementEditor volunteer={volunteer} onDone={done} />}
      </AddForm>
    </section>
  );
}

function AgreementEditor({ volunteer, onDone }: { volunteer: Schemas["Volunteer"]; onDone: Notify }) {
  const { t } = useTranslation();
  const create = useCreateAgreement();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, watch } = useForm<AgreementForm>({
    defaultValues: { number: "", start_date: "", end_date: "", signed_on: "", scope: "", insured: false },
  });
  const err = (name: keyof AgreementForm) => formState.errors[name]?.message;
  const rule = agreementRule(watch("start_date"), watch("end_date"));
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("volunteer.agreements.add")}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await create.mutateAsync({
            volunteer: volunteer.id,
            number: values.number.trim(),
            start_date: values.start_date,
            end_date: values.end_date || null,
            signed_on: values.signed_on || null,
            scope: values.scope.trim(),
            insured: values.insured,
          });
          onDone(t("volunteer.detail.agreementAdded"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, AGREEMENT_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("volunteer.agreements.number")} error={err("number")} required>
          <input {...register("number", { required: t("form.required") })} />
        </Field>
        <Field label={t("volunteer.agreements.start")} error={err("start_date")} required>
          <input type="date" {...register("start_date", { required: t("form.required") })} />
        </Field>
        <Field label={t("volunteer.agreements.end")} error={err("end_date")}>
          <input type="date" {...register("end_date")} />
        </Field>
        <Field label={t("volunteer.agreements.signedOn")} error={err("signed_on")}>
          <input type="date" {...register("signed_on")} />
        </Field>
      </div>
      <Field label={t("volunteer.agreements.scope")} error={err("scope")} required>
        <textarea rows={2} {...register("scope", { required: t("form.required") })} />
      </Field>
      <Field label={t("volunteer.agreements.insured")} error={err("insured")}>
        <input type="checkbox" {...register("insured")} />
      </Field>
      {rule ? <p className="hint">{t(`volunteer.detail.rule.${rule}`)}</p> : null}
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}

function EndAgreementForm({ agreement, onDone }: { agreement: Schemas["VolunteerAgreement"]; onDone: Notify }) {
  const { t } = useTranslation();
  const update = useUpdateAgreement();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<{ end_date: string }>({ defaultValues: { end_date: todayIso() } });
  const label = t("volunteer.detail.endAgreementOf", { number: agreement.number });
  return (
    <Form
      className="reason-form"
      noValidate
      aria-label={label}
      onSubmit={handleSubmit(async ({ end_date }) => {
        setMessages([]);
        try {
          await update.mutateAsync({ id: agreement.id, body: { end_date } });
          onDone(t("volunteer.detail.agreementEnded", { number: agreement.number }));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["end_date"]));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("volunteer.detail.endsOn")} error={formState.errors.end_date?.message} required>
        <input type="date" {...register("end_date", { required: t("form.required") })} />
      </Field>
      <div className="actions">
        <button type="submit" className="danger" disabled={formState.isSubmitting}>
          {t("volunteer.detail.endAgreement")}
        </button>
        <button type="button" onClick={() => onDone("")}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

// --- assignments ---------------------------------------------------------------------------------

interface AssignmentForm {
  activity_type: string;
  subject: "client" | "community";
  client: string;
  community_activity: string;
  start_date: string;
  end_date: string;
  note: string;
}
const ASSIGNMENT_FIELDS = ["activity_type", "client", "community_activity", "start_date", "end_date", "note"] as const;

function Assignments({ volunteer, onDone }: { volunteer: Schemas["Volunteer"]; onDone: Notify }) {
  const { t } = useTranslation();
  const list = useVolunteerAssignments(volunteer.id);
  const end = useSaveAssignment();
  const today = todayIso();
  const rows = list.data?.results ?? [];
  return (
    <section aria-labelledby="assignments-heading">
      <h2 id="assignments-heading">{t("volunteer.detail.tabs.assignments")}</h2>
      <ErrorAlert error={list.error ?? end.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data && rows.length === 0 ? <p>{t("volunteer.detail.noAssignments")}</p> : null}
      <ul className="cards">
        {rows.map((a) => {
          const subject = a.client_name ?? a.community_activity;
          return (
            <li key={a.id} className="card" data-testid="assignment">
              <h3 className="card-title">
                {a.activity_type_name} · {subject}
              </h3>
              <p>
                {formatDate(a.start_date)} – {a.end_date ? formatDate(a.end_date) : "…"} ·{" "}
                {inForce(a, today) ? t("volunteer.detail.inForce") : t("volunteer.detail.ended")}
              </p>
              {a.note ? <p className="muted">{a.note}</p> : null}
              {a.is_active && (!a.end_date || a.end_date >= today) ? (
                <div className="actions">
                  <button
                    type="button"
                    disabled={end.isPending}
                    aria-label={t("volunteer.detail.endAssignmentOf", { name: subject })}
                    onClick={async () => {
                      const endDate = a.start_date > today ? a.start_date : today;
                      await end.mutateAsync({ id: a.id, body: { end_date: endDate, is_active: false } });
                      onDone(t("volunteer.detail.assignmentEnded"));
                    }}
                  >
                    {t("volunteer.detail.endAssignment")}
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <AddForm label={t("volunteer.detail.addAssignment")} onDone={onDone} hidden={!volunteer.is_active}>
        {(done) => <AssignmentEditor volunteer={volunteer} onDone={done} />}
      </AddForm>
    </section>
  );
}

function AssignmentEditor({ volunteer, onDone }: { volunteer: Schemas["Volunteer"]; onDone: Notify }) {
  const { t } = useTranslation();
  const save = useSaveAssignment();
  const types = useActivityTypes();
  const clients = useClients({ page_size: 100, status: "active" } as never);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, watch } = useForm<AssignmentForm>({
    defaultValues: { activity_type: "", subject: "client", client: "", community_activity: "", start_date: todayIso(), end_date: "", note: "" },
  });
  const err = (name: keyof AssignmentForm) => formState.errors[name]?.message;
  const subject = watch("subject");
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("volunteer.detail.addAssignment")}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await save.mutateAsync({
            body: {
              volunteer: volunteer.id,
              activity_type: values.activity_type,
              client: values.subject === "client" ? values.client || null : null,
              community_activity: values.subject === "community" ? values.community_activity.trim() : "",
              start_date: values.start_date,
              end_date: values.end_date || null,
              note: values.note.trim(),
            },
          });
          onDone(t("volunteer.detail.assignmentAdded"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ASSIGNMENT_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("volunteer.hours.activity")} error={err("activity_type")} required>
          <select {...register("activity_type", { required: t("form.required") })}>
            <option value="">—</option>
            {(types.data?.results ?? []).filter((a) => a.is_active).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>{t("volunteer.detail.subject")}</legend>
          <label className="inline-control">
            <input type="radio" value="client" {...register("subject")} />
            <span>{t("volunteer.detail.withClient")}</span>
          </label>
          <label className="inline-control">
            <input type="radio" value="community" {...register("subject")} />
            <span>{t("volunteer.detail.community")}</span>
          </label>
        </fieldset>
        {subject === "client" ? (
          <Field label={t("volunteer.detail.client")} error={err("client")} required>
            <select {...register("client")}>
              <option value="">—</option>
              {(clients.data?.results ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.last_name} {c.first_name}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field label={t("volunteer.detail.communityActivity")} error={err("community_activity") ?? err("client")} required>
            <input {...register("community_activity")} />
          </Field>
        )}
        <Field label={t("volunteer.agreements.start")} error={err("start_date")} required>
          <input type="date" {...register("start_date", { required: t("form.required") })} />
        </Field>
        <Field label={t("volunteer.agreements.end")} error={err("end_date")}>
          <input type="date" {...register("end_date")} />
        </Field>
      </div>
      <Field label={t("volunteer.hours.note")} error={err("note")}>
        <textarea rows={2} {...register("note")} />
      </Field>
      <SaveCancel busy={formState.isSubmitting} onCancel={() => onDone("")} />
    </Form>
  );
}

// --- hours ---------------------------------------------------------------------------------------

interface HoursForm {
  date: string;
  minutes: string;
  assignment: string;
  activity_type: string;
  note: string;
}
const HOURS_FIELDS = ["date", "minutes", "assignment", "activity_type", "note"] as const;

function Hours({ volunteer, onDone }: { volunteer: Schemas["Volunteer"]; onDone: Notify }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const hours = useVolunteerHours(volunteer.id, page);
  const { me } = useAuth();
  return (
    <section aria-labelledby="hours-heading">
      <h2 id="hours-heading">{t("volunteer.detail.tabs.hours")}</h2>
      <ErrorAlert error={hours.error} />
      {hours.isLoading ? <Loading /> : null}
      {hours.data && hours.data.results.length === 0 ? <p>{t("volunteer.hours.none")}</p> : null}
      {hours.data?.results.length ? (
        <HoursTable
          rows={hours.data.results}
          actions={(row) => <HoursDecision row={hours.data.results.find((r) => r.id === row.id)!} me={me?.id} onDone={onDone} />}
        />
      ) : null}
      {hours.data ? <Pagination page={page} count={hours.data.count} pageSize={PAGE_SIZE} onPage={setPage} /> : null}
      <AddForm label={t("volunteer.detail.logHours")} onDone={onDone}>
        {(done) => <LogHoursEditor volunteer={volunteer} onDone={done} />}
      </AddForm>
    </section>
  );
}

function LogHoursEditor({ volunteer, onDone }: { volunteer: Schemas["Volunteer"]; onDone: Notify }) {
  const { t } = useTranslation();
  const log = useLogHours();
  const types = useActivityTypes();
  const assignments = useVolunteerAssignments(volunteer.id);
  const [key] = useState(newKey);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<HoursForm>({
    defaultValues: { date: todayIso(), minutes: "60", assignment: "", activity_type: "", note: "" },
  });
  const err = (name: keyof HoursForm) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("volunteer.detail.logHours")}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        const minutes = Number.parseInt(values.minutes, 10);
        try {
          await log.mutateAsync({
            key,
            body: {
              volunteer: volunteer.id,
              date: values.date,
              minutes: Number.isFinite(minutes) ? minutes : 0,
              assignment: values.assignment || null,
              activity_type: values.activity_type || null,
              note: values.note.trim(),
            },
          });
          onDone(t("volunteer.detail.hoursLogged"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, HOURS_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("volunteer.hours.date")} error={err("date")} required>
          <input type="date" {...register("date", { required: t("form.required") })} />
        </Field>
        <Field label={t("volunteer.log.minutes")} error={err("minutes")} required>
          <input type="number" inputMode="numeric" min={1} max={1440} {...register("minutes", { required: t("form.required") })} />
        </Field>
        <Field label={t("volunteer.log.assignment")} error={err("assignment")}>
          <select {...register("assignment")}>
            <option value="">—</option>
            {(assignments.data?.results ?? []).filter((a) => a.is_active).map((a) => (
              <option key={a.id} value={a.id}>
                {a.activity_type_name} · {a.client_name ?? a.community_activity}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("volunteer.hours.activity")} error={err("activity_type")}>
          <select {...register("activity_type")}>
            <option value="">—</option>
            {(types.data?.results ?? []).filter((a) => a.is_active).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t("volunteer.hours.note")} error={err("note")}>
        <textarea rows={2} {...register("note")} />
      </Field>
      <p className="hint">{t("volunteer.detail.fourEyes")}</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("volunteer.log.save")}
        </button>
        <button type="button" onClick={() => onDone("")}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}
