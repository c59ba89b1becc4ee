import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { ApiError, applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Notice } from "../../components/Notice";
import { Pagination } from "../../components/Pagination";
import { ReasonAction } from "../../components/ReasonAction";
import { SaveCancel } from "../../components/SaveCancel";
import { Status } from "../../components/Status";
import { formatDate, isoDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useNotice } from "../../lib/useNotice";
import { useConsentProviders } from "../privacy/consentQueries";
import { evidenceProblem } from "./evidence";
import { useAddConsent, useAddConsentEvidence, useConsents, useWithdrawConsent } from "./queries";
import { Form } from "../../components/Form";

const CONSENT_KINDS = ["data_processing", "special_category", "sharing_with_providers", "eu_project", "contact_persons", "photos", "surveys", "electronic_contact"] as const;
const ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

interface ConsentForm {
  kind: string;
  given_on: string;
  valid_until: string;
  scope: string;
  providers: string[];
  evidence: FileList | null;
}

/** The consents a client gave: each with its evidence (the signed form's scan or photo) to open, add or replace;
 * recording a new one (with the providers a consent to sharing covers) and withdrawing one. */
export function Consents({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useNotice();
  const list = useConsents(clientId, page, PAGE_SIZE);
  const withdraw = useWithdrawConsent(clientId);

  return (
    <>
      <Notice text={notice} />
      <ErrorAlert error={list.error} />
      {list.data ? (
        <div className="table-wrap">
          <table>
            <caption>{t("consents.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("consents.kind")}</th>
                <th scope="col">{t("consents.givenOn")}</th>
                <th scope="col">{t("consents.validUntil")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col">{t("consents.evidence")}</th>
                {editable ? <th scope="col">{t("common.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((c) => (
                <tr key={c.id}>
                  <td>
                    {t(`enum.consentKind.${c.kind}`)}
                    {c.scope ? <div className="muted">{c.scope}</div> : null}
                  </td>
                  <td>{formatDate(c.given_on)}</td>
                  <td>{formatDate(c.valid_until) || "—"}</td>
                  <td>
                    {c.withdrawn_on ? (
                      <span className="status status-withdrawn">
                        {t("consents.withdrawnOn", { date: formatDate(c.withdrawn_on) })}
                      </span>
                    ) : (
                      <Status kind="consentState" value={c.is_active ? "given" : "expired"} />
                    )}
                  </td>
                  <td>
                    <EvidenceCell
                      consent={c}
                      clientId={clientId}
                      editable={editable && !c.withdrawn_on}
                      onDone={setNotice}
                    />
                  </td>
                  {editable ? (
                    <td>
                      {!c.withdrawn_on ? (
                        <ReasonAction
                          label={t("consents.withdraw")}
                          danger
                          onConfirm={async (reason) => {
                            await withdraw.mutateAsync({ id: c.id, reason });
                            setNotice(t("consents.withdrawn"));
                          }}
                        />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={setPage} />
        </div>
      ) : list.isLoading ? (
        <Loading />
      ) : null}
      {!editable ? null : adding ? (
        <AddConsentForm
          clientId={clientId}
          onCancel={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            setNotice(t("consents.recorded"));
          }}
        />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t("consents.add")}
        </button>
      )}
    </>
  );
}

/** The evidence of one consent: a link that opens it (the read goes to the client's access log), and, while the
 * consent stands, a file picker to add it or replace it. */
function EvidenceCell({
  consent,
  clientId,
  editable,
  onDone,
}: {
  consent: Schemas["Consent"];
  clientId: string;
  editable: boolean;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const upload = useAddConsentEvidence(clientId);
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState("");
  const label = consent.has_evidence ? t("consents.replaceEvidence") : t("consents.addEvidence");
  return (
    <div className="evidence">
      {consent.has_evidence ? (
        <a href={`/api/v1/consents/${consent.id}/evidence/`} download>
          {t("consents.openEvidence")}
        </a>
      ) : (
        <span className="muted">{t("consents.noEvidence")}</span>
      )}
      {editable ? (
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          className="evidence-input"
          aria-label={`${label}: ${t(`enum.consentKind.${consent.kind}`)}, ${formatDate(consent.given_on)}`}
          disabled={upload.isPending}
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            const local = evidenceProblem(file);
            setProblem(local ? t(local) : "");
            if (local) return;
            try {
              await upload.mutateAsync({ id: consent.id, file });
              onDone(t("consents.evidenceSaved"));
            } catch (error) {
              setProblem(
                error instanceof ApiError ? error.fieldErrors.evidence?.join(" ") || error.detail || error.message : String(error),
              );
            } finally {
              if (input.current) input.current.value = "";
            }
          }}
        />
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function AddConsentForm({ clientId, onCancel, onSaved }: { clientId: string; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<string[]>([]);
  const add = useAddConsent(clientId);
  const { register, handleSubmit, setError, watch, formState } = useForm<ConsentForm>({
    defaultValues: { kind: "data_processing", given_on: isoDate(), valid_until: "", scope: "", providers: [], evidence: null },
  });
  const sharing = watch("kind") === "sharing_with_providers";
  const providers = useConsentProviders(sharing);
  return (
    <Form
      className="form"
      aria-label={t("consents.add")}
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        const file = values.evidence?.[0];
        const local = file ? evidenceProblem(file) : null;
        if (local) {
          setError("evidence", { message: t(local) });
          return;
        }
        try {
          await add.mutateAsync({
            client: clientId,
            kind: values.kind as Schemas["ConsentKindEnum"],
            given_on: values.given_on,
            valid_until: values.valid_until || null,
            scope: values.scope,
            providers: sharing ? values.providers : [],
            evidence: file,
          });
          onSaved();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["kind", "given_on", "valid_until", "scope", "providers", "evidence"]));
        }
      })}
    >
      <h3>{t("consents.add")}</h3>
      <ErrorAlert messages={messages} />
      <Field label={t("consents.kind")} error={formState.errors.kind?.message} required>
        <select {...register("kind")}>
          {CONSENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`enum.consentKind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("consents.givenOn")} error={formState.errors.given_on?.message} required>
        <input type="date" {...register("given_on", { required: t("form.required") })} />
      </Field>
      <Field label={t("consents.validUntil")} error={formState.errors.valid_until?.message}>
        <input type="date" {...register("valid_until")} />
      </Field>
      <Field label={t("consents.scope")} error={formState.errors.scope?.message}>
        <input {...register("scope")} />
      </Field>
      {sharing ? (
        <fieldset className="checkbox-list">
          <legend>{t("consents.providers")}</legend>
          {providers.isLoading ? <Loading /> : null}
          {(providers.data ?? []).map((p) => (
            <label key={p.id}>
              <input type="checkbox" value={p.id} {...register("providers")} /> {p.name}
            </label>
          ))}
          {formState.errors.providers?.message ? (
            <p className="field-error" role="alert">
              {formState.errors.providers.message}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <Field label={t("consents.evidence")} error={formState.errors.evidence?.message} hint={t("consents.evidenceHint")}>
        <input type="file" accept={ACCEPT} {...register("evidence")} />
      </Field>
      <SaveCancel busy={formState.isSubmitting} onCancel={onCancel} />
    </Form>
  );
}
