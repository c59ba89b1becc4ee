// The client's data-protection rights on the client page: a subject-access copy (started here, built by the
// worker with its progress shown, then downloaded), erasure requests and their decision, legal holds. What each
// role may do follows the API's permissions (cus/core/access.py); the API refuses anything else anyway.
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import type { Role } from "../../auth/roles";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { ReasonAction } from "../../components/ReasonAction";
import { Status } from "../../components/Status";
import { formatDate, formatDateTime, isoDate } from "../../lib/format";
import {
  isExportBusy,
  useDecideErasure,
  useDownloadExport,
  useErasureRequests,
  useLegalHolds,
  usePlaceHold,
  useRecordErasure,
  useReleaseHold,
  useRequestExport,
  useSubjectExports,
  type ErasureRequest,
  type SubjectExport,
} from "./queries";
import { usePrintClientAccessLog } from "../audit/queries";
import "./retention.css";
import { Form } from "../../components/Form";

/** What a role may do here, as cus/core/access.py grants it. */
export function rightsFor(role: Role | string | null | undefined) {
  const staff = role === "coordinator" || role === "manager" || role === "admin";
  return {
    requestExport: role === "coordinator",
    recordErasure: staff,
    decideErasure: role === "manager" || role === "admin",
    manageHolds: role === "manager" || role === "admin",
  };
}

const CHANNELS = ["in_person", "letter", "email", "phone", "representative"] as const;
const REFUSAL_REASONS = ["retention_duty", "eu_funding", "public_task", "legal_claims", "archiving", "legal_hold"] as const;

function Notice({ text }: { text: string }) {
  return text ? (
    <div className="alert alert-ok" role="status">
      <p>{text}</p>
    </div>
  ) : null;
}

function ExportRow({ copy }: { copy: SubjectExport }) {
  const { t } = useTranslation();
  const download = useDownloadExport();
  const [done, setDone] = useState(false);
  const busy = isExportBusy(copy);
  return (
    <li className="card rights-item" data-testid={`export-${copy.id}`}>
      <p>
        <strong>{formatDateTime(copy.created_at)}</strong> · {copy.requested_by} <Status kind="exportStatus" value={copy.status} />
      </p>
      {busy ? (
        <p>
          <label>
            {t("rights.export.progress", { percent: copy.progress })}{" "}
            <progress max={100} value={copy.progress} />
          </label>
        </p>
      ) : null}
      {copy.status === "failed" ? <p className="field-error">{copy.message || t("errors.generic")}</p> : null}
      {copy.status === "done" && copy.purged_at ? <p className="muted">{t("rights.export.purged", { date: formatDate(copy.purged_at) })}</p> : null}
      {copy.status === "done" && !copy.purged_at && copy.expires_at ? (
        <p className="muted">{t("rights.export.until", { date: formatDateTime(copy.expires_at) })}</p>
      ) : null}
      {copy.download_count ? (
        <p className="muted">{t("rights.export.downloaded", { times: copy.download_count, date: formatDateTime(copy.downloaded_at) })}</p>
      ) : null}
      {copy.available ? (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={download.isPending}
            onClick={async () => {
              setDone(false);
              try {
                await download.mutateAsync(copy);
                setDone(true);
              } catch {
                /* shown below */
              }
            }}
          >
            {t("rights.export.download")}
          </button>
        </div>
      ) : null}
      <ErrorAlert error={download.error} />
      <Notice text={done ? t("rights.export.downloadedNow") : ""} />
    </li>
  );
}

function SubjectAccess({ clientId, canRequest }: { clientId: string; canRequest: boolean }) {
  const { t } = useTranslation();
  const copies = useSubjectExports(clientId);
  const request = useRequestExport(clientId);
  const [notice, setNotice] = useState("");
  const running = copies.data?.some(isExportBusy) ?? false;
  return (
    <section aria-labelledby="rights-export" className="rights-section">
      <h2 id="rights-export">{t("rights.export.title")}</h2>
      <p className="muted">{t("rights.export.intro")}</p>
      {canRequest ? (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={request.isPending || running}
            onClick={async () => {
              setNotice("");
              try {
                await request.mutateAsync();
                setNotice(t("rights.export.started"));
              } catch {
                /* shown below */
              }
            }}
          >
            {t("rights.export.start")}
          </button>
        </div>
      ) : null}
      <ErrorAlert error={request.error ?? copies.error} />
      <Notice text={running ? notice : ""} />
      {copies.isLoading ? <Loading /> : null}
      {copies.data ? (
        copies.data.length ? (
          <ul className="rights-list">
            {copies.data.map((copy) => (
              <ExportRow key={copy.id} copy={copy} />
            ))}
          </ul>
        ) : (
          <p className="muted">{t("rights.export.none")}</p>
        )
      ) : null}
    </section>
  );
}

interface ErasureValues {
  received_on: string;
  channel: (typeof CHANNELS)[number];
  note: string;
}

function ErasureForm({ clientId, onDone }: { clientId: string; onDone: (recorded: boolean) => void }) {
  const { t } = useTranslation();
  const record = useRecordErasure(clientId);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<ErasureValues>({
    defaultValues: { received_on: isoDate(), channel: "in_person", note: "" },
  });
  return (
    <Form
      className="form"
      aria-label={t("rights.erasure.record")}
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await record.mutateAsync(values);
          onDone(true);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["received_on", "channel", "note"]));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <Field label={t("rights.erasure.receivedOn")} error={formState.errors.received_on?.message} required>
        <input type="date" {...register("received_on", { required: t("form.required") })} />
      </Field>
      <Field label={t("rights.erasure.channel")} error={formState.errors.channel?.message} required>
        <select {...register("channel")}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`enum.erasureChannel.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("rights.erasure.note")} error={formState.errors.note?.message}>
        <textarea rows={2} {...register("note")} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("rights.erasure.recordSubmit")}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

interface DecisionValues {
  decision: "carry_out" | "refuse";
  refusal_reason: string;
  explanation: string;
  understood: boolean;
}

function DecisionForm({ request, clientStatus, onDone }: { request: ErasureRequest; clientStatus: string; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const decide = useDecideErasure(request.client);
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, watch, formState } = useForm<DecisionValues>({
    defaultValues: { decision: "refuse", refusal_reason: "", explanation: "", understood: false },
  });
  const decision = watch("decision");
  return (
    <Form
      className="form"
      aria-label={t("rights.erasure.decide")}
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        if (values.decision === "refuse" && !values.refusal_reason) {
          setError("refusal_reason", { message: t("rights.erasure.reasonNeeded") });
          return;
        }
        if (values.decision === "carry_out" && !values.understood) {
          setError("understood", { message: t("rights.erasure.confirmNeeded") });
          return;
        }
        try {
          await decide.mutateAsync({
            id: request.id,
            body: {
              decision: values.decision,
              refusal_reason: values.decision === "refuse" ? (values.refusal_reason as (typeof REFUSAL_REASONS)[number]) : "",
              explanation: values.explanation,
            },
          });
          onDone(values.decision === "carry_out" ? t("rights.erasure.carriedOut") : t("rights.erasure.refused"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["decision", "refusal_reason", "explanation"]));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <fieldset>
        <legend>{t("rights.erasure.decision")}</legend>
        <label className="choice">
          <input type="radio" value="refuse" {...register("decision")} /> {t("rights.erasure.refuse")}
        </label>
        <label className="choice">
          <input type="radio" value="carry_out" {...register("decision")} /> {t("rights.erasure.carryOut")}
        </label>
      </fieldset>
      {decision === "refuse" ? (
        <Field label={t("rights.erasure.refusalReason")} error={formState.errors.refusal_reason?.message} required>
          <select {...register("refusal_reason")}>
            <option value="">—</option>
            {REFUSAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`enum.refusalReason.${r}`)}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <>
          {clientStatus !== "closed" ? <p className="field-error">{t("rights.erasure.closeFirst")}</p> : null}
          <Field label={t("rights.erasure.understood")} error={formState.errors.understood?.message}>
            <input type="checkbox" {...register("understood")} />
          </Field>
        </>
      )}
      <Field label={t("rights.erasure.explanation")} error={formState.errors.explanation?.message}>
        <textarea rows={2} {...register("explanation")} />
      </Field>
      <div className="actions">
        <button type="submit" className={decision === "carry_out" ? "danger" : "primary"} disabled={formState.isSubmitting}>
          {t("rights.erasure.decideSubmit")}
        </button>
      </div>
    </Form>
  );
}

function ErasureItem({ request, canDecide, clientStatus, onDecided }: { request: ErasureRequest; canDecide: boolean; clientStatus: string; onDecided: (text: string) => void }) {
  const { t } = useTranslation();
  const [deciding, setDeciding] = useState(false);
  return (
    <li className="card rights-item" data-testid={`erasure-${request.id}`}>
      <p>
        <strong>{formatDate(request.received_on)}</strong> · {t(`enum.erasureChannel.${request.channel}`)}{" "}
        <Status kind="erasureStatus" value={request.status} />
      </p>
      {request.note ? <p>{request.note}</p> : null}
      <p className="muted">{t("rights.erasure.recordedBy", { name: request.recorded_by })}</p>
      {request.status === "refused" ? <p>{t("rights.erasure.refusedBecause", { reason: t(`enum.refusalReason.${request.refusal_reason}`) })}</p> : null}
      {request.explanation ? <p>{request.explanation}</p> : null}
      {request.decided_at ? (
        <p className="muted">{t("rights.erasure.decidedBy", { name: request.decided_by, date: formatDateTime(request.decided_at) })}</p>
      ) : null}
      {request.status === "pending" && canDecide ? (
        deciding ? (
          <DecisionForm request={request} clientStatus={clientStatus} onDone={(text) => { setDeciding(false); onDecided(text); }} />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setDeciding(true)}>
              {t("rights.erasure.decide")}
            </button>
          </div>
        )
      ) : null}
    </li>
  );
}

function Erasure({ clientId, clientStatus, rights }: { clientId: string; clientStatus: string; rights: ReturnType<typeof rightsFor> }) {
  const { t } = useTranslation();
  const requests = useErasureRequests(clientId);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState("");
  const anonymised = requests.data?.some((r) => r.client_anonymised) ?? false;
  const pending = requests.data?.some((r) => r.status === "pending") ?? false;
  return (
    <section aria-labelledby="rights-erasure" className="rights-section">
      <h2 id="rights-erasure">{t("rights.erasure.title")}</h2>
      <p className="muted">{t("rights.erasure.intro")}</p>
      {anonymised ? <p className="alert">{t("rights.anonymised")}</p> : null}
      <Notice text={notice} />
      {rights.recordErasure && !anonymised && !pending ? (
        adding ? (
          <ErasureForm
            clientId={clientId}
            onDone={(recorded) => {
              setAdding(false);
              if (recorded) setNotice(t("rights.erasure.recorded"));
            }}
          />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => { setNotice(""); setAdding(true); }}>
              {t("rights.erasure.record")}
            </button>
          </div>
        )
      ) : null}
      <ErrorAlert error={requests.error} />
      {requests.isLoading ? <Loading /> : null}
      {requests.data ? (
        requests.data.length ? (
          <ul className="rights-list">
            {requests.data.map((r) => (
              <ErasureItem key={r.id} request={r} canDecide={rights.decideErasure} clientStatus={clientStatus} onDecided={setNotice} />
            ))}
          </ul>
        ) : (
          <p className="muted">{t("rights.erasure.none")}</p>
        )
      ) : null}
    </section>
  );
}

function Holds({ clientId, canManage }: { clientId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const holds = useLegalHolds(clientId);
  const place = usePlaceHold(clientId);
  const release = useReleaseHold();
  const [notice, setNotice] = useState("");
  const inForce = holds.data?.some((h) => h.is_active) ?? false;
  return (
    <section aria-labelledby="rights-holds" className="rights-section">
      <h2 id="rights-holds">{t("rights.holds.title")}</h2>
      <p className="muted">{t("rights.holds.intro")}</p>
      {inForce ? <p className="alert">{t("rights.holds.inForce")}</p> : null}
      <Notice text={notice} />
      {canManage ? (
        <div className="actions">
          <ReasonAction
            label={t("rights.holds.place")}
            reasonRequired
            onConfirm={async (reason) => {
              setNotice("");
              await place.mutateAsync(reason);
              setNotice(t("rights.holds.placed"));
            }}
          />
        </div>
      ) : null}
      <ErrorAlert error={holds.error} />
      {holds.isLoading ? <Loading /> : null}
      {holds.data ? (
        holds.data.length ? (
          <ul className="rights-list">
            {holds.data.map((hold) => (
              <li key={hold.id} className="card rights-item" data-testid={`hold-${hold.id}`}>
                <p>
                  <strong>{formatDateTime(hold.created_at)}</strong> · {hold.placed_by}{" "}
                  <span className={`status status-${hold.is_active ? "active" : "closed"}`}>
                    {hold.is_active ? t("rights.holds.active") : t("rights.holds.released")}
                  </span>
                </p>
                <p>{hold.reason}</p>
                {hold.released_at ? (
                  <p className="muted">
                    {t("rights.holds.releasedBy", { name: hold.released_by, date: formatDateTime(hold.released_at) })}: {hold.release_reason}
                  </p>
                ) : null}
                {hold.is_active && canManage ? (
                  <div className="actions">
                    <ReasonAction
                      label={t("rights.holds.release")}
                      reasonRequired
                      onConfirm={async (reason) => {
                        setNotice("");
                        await release.mutateAsync({ id: hold.id, reason });
                        setNotice(t("rights.holds.releasedNow"));
                      }}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("rights.holds.none")}</p>
        )
      ) : null}
    </section>
  );
}

/** Who read the record, printed for the client (a subject-access request): for the client's coordinator and the
 * centre's administrators, as the API allows (the print is itself in the access log, as an export). */
function AccessLogPrint({ clientId, reference }: { clientId: string; reference: string }) {
  const { t } = useTranslation();
  const printing = usePrintClientAccessLog();
  const [done, setDone] = useState(false);
  return (
    <section className="card" aria-labelledby="access-log-print-heading">
      <h2 id="access-log-print-heading">{t("rights.accessLog.title")}</h2>
      <p className="muted">{t("rights.accessLog.intro")}</p>
      <div className="actions">
        <button
          type="button"
          disabled={printing.isPending}
          onClick={() => {
            setDone(false);
            printing.mutate({ clientId, reference }, { onSuccess: () => setDone(true) });
          }}
        >
          {printing.isPending ? t("audit.printing") : t("audit.print")}
        </button>
      </div>
      <Notice text={done ? t("rights.accessLog.printed") : ""} />
      <ErrorAlert error={printing.error} />
    </section>
  );
}

/** The client page's "Data protection" tab. */
export function ClientRights({ clientId, clientStatus, clientReference = "", coordinatorId = null }: {
  clientId: string;
  clientStatus: string;
  clientReference?: string;
  coordinatorId?: string | null;
}) {
  const { role, me } = useAuth();
  const rights = rightsFor(role);
  const readsLog = role === "admin" || (role === "coordinator" && !!me && me.id === coordinatorId);
  return (
    <div className="rights">
      {readsLog ? <AccessLogPrint clientId={clientId} reference={clientReference} /> : null}
      <SubjectAccess clientId={clientId} canRequest={rights.requestExport} />
      <Erasure clientId={clientId} clientStatus={clientStatus} rights={rights} />
      <Holds clientId={clientId} canManage={rights.manageHolds} />
    </div>
  );
}
