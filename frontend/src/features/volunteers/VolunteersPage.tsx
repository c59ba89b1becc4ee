import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { formatDate } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import {
  PAGE_SIZE,
  useAgreements,
  useCreateAgreement,
  useHours,
  useVolunteers,
} from "./queries";
import { ActivityTypes } from "./ActivityTypes";
import { HoursDecision } from "./HoursDecision";
import { HoursTable } from "./HoursTable";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

const TABS = ["hours", "volunteers", "agreements", "activityTypes"] as const;
type Tab = (typeof TABS)[number];

/** Volunteer-centre staff: hours to verify, the volunteers, their agreements, the activity types and their rates. */
export default function VolunteersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "hours";
  const [notice, setNotice] = useState("");
  return (
    <section>
      <h1>{t("volunteer.centre.title")}</h1>
      <Notice text={notice} />
      <div className="tabs" role="tablist" aria-label={t("volunteer.centre.title")}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            onClick={() => {
              setNotice("");
              setParams({ tab: name });
            }}
          >
            {t(`volunteer.centre.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "hours" ? <HoursToVerify onDone={setNotice} /> : null}
        {tab === "volunteers" ? <Volunteers /> : null}
        {tab === "agreements" ? <Agreements /> : null}
        {tab === "activityTypes" ? <ActivityTypes onDone={setNotice} /> : null}
      </div>
    </section>
  );
}

function HoursToVerify({ onDone }: { onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const status = (params.get("status") ?? "logged") as "logged" | "verified" | "rejected";
  const hours = useHours(page, { status });
  return (
    <>
      <div className="toolbar">
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select value={status} onChange={(e) => setParams({ tab: "hours", status: e.target.value })}>
            {(["logged", "verified", "rejected"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`volunteer.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorAlert error={hours.error} />
      {hours.isLoading ? <Loading /> : null}
      {hours.data ? (
        <>
          {hours.data.results.length === 0 ? <p>{t("volunteer.hours.none")}</p> : null}
          {hours.data.results.length ? (
            <HoursTable
              rows={hours.data.results}
              showVolunteer
              actions={
                status === "logged"
                  ? (row) => <HoursDecision row={hours.data.results.find((r) => r.id === row.id)!} me={me?.id} onDone={onDone} />
                  : undefined
              }
            />
          ) : null}
          <Pagination
            page={page}
            count={hours.data.count}
            pageSize={PAGE_SIZE}
            onPage={(p) => setParams({ tab: "hours", status, page: String(p) })}
          />
        </>
      ) : null}
    </>
  );
}

function Volunteers() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const search = params.get("q") ?? "";
  const shown = params.get("active") ?? "yes"; // "yes", "no" or "all"
  const list = useVolunteers(page, search, shown === "all" ? undefined : shown === "yes");
  const keep = (extra: Record<string, string>) => ({ tab: "volunteers", ...(search ? { q: search } : {}), ...(shown !== "yes" ? { active: shown } : {}), ...extra });
  return (
    <>
      <div className="actions">
        <Link className="button primary" to="/volunteers/new">
          {t("volunteer.form.newTitle")}
        </Link>
      </div>
      <SearchToolbar
        initial={search}
        onSearch={(text) => setParams({ tab: "volunteers", ...(text ? { q: text } : {}), ...(shown !== "yes" ? { active: shown } : {}) })}
      />
      <div className="toolbar">
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select value={shown} onChange={(e) => setParams({ tab: "volunteers", ...(search ? { q: search } : {}), active: e.target.value })}>
            <option value="yes">{t("volunteer.centre.active")}</option>
            <option value="no">{t("volunteer.detail.inactive")}</option>
            <option value="all">{t("common.all")}</option>
          </select>
        </label>
      </div>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("volunteer.centre.noVolunteers")}</p> : null}
          {list.data.results.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("volunteer.centre.name")}</th>
                    <th scope="col">{t("volunteer.centre.contact")}</th>
                    <th scope="col">{t("volunteer.centre.skills")}</th>
                    <th scope="col">{t("volunteer.centre.area")}</th>
                    <th scope="col">{t("volunteer.centre.active")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((v) => (
                    <tr key={v.id}>
                      <td>
                        <Link to={`/volunteers/${v.id}`}>
                          {v.first_name} {v.last_name}
                        </Link>
                      </td>
                      <td>{[v.email, v.phone].filter(Boolean).join(" · ")}</td>
                      <td>{(v.skills ?? []).join(", ")}</td>
                      <td>{v.area}</td>
                      <td>{v.is_active ? t("common.yes") : t("common.no")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pagination
            page={page}
            count={list.data.count}
            pageSize={PAGE_SIZE}
            onPage={(p) => setParams(keep({ page: String(p) }))}
          />
        </>
      ) : null}
    </>
  );
}

function Agreements() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const list = useAgreements(page);
  return (
    <>
      <NewAgreementForm />
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("volunteer.agreements.none")}</p> : null}
          {list.data.results.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("volunteer.agreements.number")}</th>
                    <th scope="col">{t("volunteer.hours.volunteer")}</th>
                    <th scope="col">{t("volunteer.agreements.period")}</th>
                    <th scope="col">{t("volunteer.agreements.scope")}</th>
                    <th scope="col">{t("volunteer.agreements.insured")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((a) => (
                    <tr key={a.id}>
                      <td>{a.number}</td>
                      <td>
                        <Link to={`/volunteers/${a.volunteer}?tab=agreements`}>{a.volunteer_name}</Link>
                      </td>
                      <td>
                        {formatDate(a.start_date)} – {a.end_date ? formatDate(a.end_date) : "…"}
                      </td>
                      <td>{a.scope}</td>
                      <td>{a.insured ? t("common.yes") : t("common.no")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => setParams({ tab: "agreements", page: String(p) })} />
        </>
      ) : null}
    </>
  );
}

const AGREEMENT_FIELDS = ["volunteer", "number", "start_date", "end_date", "scope", "insured", "signed_on"];

function NewAgreementForm() {
  const { t } = useTranslation();
  const volunteers = useVolunteers(1, "", true);
  const create = useCreateAgreement();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ volunteer: "", number: "", start_date: "", end_date: "", scope: "", insured: false, signed_on: "" });
  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  const err = (name: string) => fieldErrors[name]?.join(" ");
  const other = Object.entries(fieldErrors)
    .filter(([name]) => !AGREEMENT_FIELDS.includes(name))
    .map(([, m]) => m.join(" "));
  const set = (name: keyof typeof form, value: string | boolean) => setForm((f) => ({ ...f, [name]: value }));

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t("volunteer.agreements.add")}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        ...form,
        end_date: form.end_date || null,
        signed_on: form.signed_on || null,
      },
      { onSuccess: () => setOpen(false) },
    );
  };
  return (
    <Form className="form" onSubmit={submit} noValidate aria-labelledby="agreement-title">
      <h2 id="agreement-title">{t("volunteer.agreements.add")}</h2>
      {other.length || (create.error && !(create.error instanceof ApiError && Object.keys(fieldErrors).length)) ? (
        <ErrorAlert messages={other.length ? other : undefined} error={other.length ? undefined : create.error} />
      ) : null}
      <div className="form-grid">
        <Field label={t("volunteer.hours.volunteer")} error={err("volunteer")} required>
          <select value={form.volunteer} onChange={(e) => set("volunteer", e.target.value)} required>
            <option value="">—</option>
            {(volunteers.data?.results ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.first_name} {v.last_name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("volunteer.agreements.number")} error={err("number")} required>
          <input value={form.number} onChange={(e) => set("number", e.target.value)} required />
        </Field>
        <Field label={t("volunteer.agreements.start")} error={err("start_date")} required>
          <input type="date" value={form.start_date} onChange={(e) => set("start_date", e.target.value)} required />
        </Field>
        <Field label={t("volunteer.agreements.end")} error={err("end_date")}>
          <input type="date" value={form.end_date} onChange={(e) => set("end_date", e.target.value)} />
        </Field>
        <Field label={t("volunteer.agreements.signedOn")} error={err("signed_on")}>
          <input type="date" value={form.signed_on} onChange={(e) => set("signed_on", e.target.value)} />
        </Field>
        <Field label={t("volunteer.agreements.scope")} error={err("scope")} required>
          <textarea rows={2} value={form.scope} onChange={(e) => set("scope", e.target.value)} required />
        </Field>
        <Field label={t("volunteer.agreements.insured")} error={err("insured")}>
          <input type="checkbox" checked={form.insured} onChange={(e) => set("insured", e.target.checked)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("common.save")}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}
