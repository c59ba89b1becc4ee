import { useEffect, useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { formatDate, isoDate } from "../../lib/format";
import { canRecord, coveredUntil, namedProviders, type Coverage } from "../privacy/consentCoverage";
import { useConsentCoverage, useConsentProviders } from "../privacy/consentQueries";
import "../privacy/privacy.css";
import { useAddConsent } from "./queries";
import { Form } from "../../components/Form";

interface RecordValues {
  given_on: string;
  valid_until: string;
  scope: string;
  providers: string[];
}

/** The form recording the consent one purpose is missing (for provider sharing: naming the providers). */
function RecordConsentForm({ clientId, item, onDone, onCancel }: {
  clientId: string;
  item: Coverage;
  onDone: (label: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const sharing = item.purpose === "sharing_with_providers";
  const providers = useConsentProviders(sharing);
  const add = useAddConsent(clientId);
  const [messages, setMessages] = useState<string[]>([]);
  const label = t(`enum.consentKind.${item.purpose}`);
  const { register, handleSubmit, setError, formState } = useForm<RecordValues>({
    defaultValues: {
      given_on: isoDate(),
      valid_until: "",
      scope: "",
      providers: item.providers_missing.map((p) => p.id),
    },
  });
  const title = t("privacy.coverage.recordTitle", { consent: label });
  return (
    <Form
      className="form"
      aria-label={title}
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await add.mutateAsync({
            client: clientId,
            kind: item.purpose as Schemas["ConsentKindEnum"],
            given_on: values.given_on,
            valid_until: values.valid_until || null,
            scope: values.scope,
            ...(sharing ? { providers: values.providers } : {}),
          });
          onDone(label);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["given_on", "valid_until", "scope", "providers"]));
        }
      })}
    >
      <h4>{title}</h4>
      <ErrorAlert messages={messages} />
      <Field label={t("consents.givenOn")} error={formState.errors.given_on?.message} required>
        <input type="date" autoFocus {...register("given_on", { required: t("form.required") })} />
      </Field>
      <Field label={t("consents.validUntil")} error={formState.errors.valid_until?.message}>
        <input type="date" {...register("valid_until")} />
      </Field>
      <Field label={t("consents.scope")} error={formState.errors.scope?.message}>
        <input {...register("scope")} />
      </Field>
      {sharing ? (
        <fieldset>
          <legend>{t("privacy.coverage.providersLegend")}</legend>
          {providers.isLoading ? <Loading /> : null}
          <div className="provider-choices">
            {(providers.data ?? []).map((provider) => (
              <label key={provider.id} className="inline-control">
                <input type="checkbox" value={provider.id} {...register("providers")} />
                <span>{provider.name}</span>
              </label>
            ))}
          </div>
          {formState.errors.providers?.message ? <p className="field-error">{formState.errors.providers.message}</p> : null}
        </fieldset>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("privacy.coverage.recordSubmit")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

function CoverageCard({ clientId, item, recording, mayRecord, onRecord, onDone, onCancel }: {
  clientId: string;
  item: Coverage;
  recording: boolean;
  mayRecord: boolean;
  onRecord: () => void;
  onDone: (label: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const until = coveredUntil(item);
  const named = namedProviders(item);
  return (
    <li className="card" data-testid={`coverage-${item.purpose}`}>
      <h3 className="card-title">{t(`enum.purpose.${item.purpose}`)}</h3>
      <p>
        <span className={`status status-coverage-${item.status}`}>{t(`enum.coverageStatus.${item.status}`)}</span>
      </p>
      <p className="muted">{t("privacy.coverage.basis", { basis: t(`enum.legalBasis.${item.legal_basis}`) })}</p>
      {item.status === "consent" ? (
        <p>{until ? t("privacy.coverage.validUntil", { date: formatDate(until) }) : t("privacy.coverage.noEnd")}</p>
      ) : null}
      {item.purpose === "sharing_with_providers" && item.legal_basis === "consent" && named.length ? (
        <p>{t("privacy.coverage.named", { providers: named.map((p) => p.name).join(", ") })}</p>
      ) : null}
      {item.providers_missing.length ? (
        <p>
          <strong>{t("privacy.coverage.notNamed", { providers: item.providers_missing.map((p) => p.name).join(", ") })}</strong>
        </p>
      ) : null}
      {item.legal_basis === "consent" && !item.enforced && item.status === "missing" ? (
        <p className="muted">{t("privacy.coverage.notEnforced")}</p>
      ) : null}
      {recording ? (
        <RecordConsentForm clientId={clientId} item={item} onDone={onDone} onCancel={onCancel} />
      ) : mayRecord && canRecord(item) ? (
        <button type="button" onClick={onRecord}>
          {t("privacy.coverage.record")}
        </button>
      ) : null}
    </li>
  );
}

/**
 * Which purposes the client's data may be processed for, and on what ground: a law, a public task, a valid
 * consent, or a consent missing (with the form to record it). A link elsewhere (a refused action) opens the form
 * for one purpose with `?record=<purpose>`.
 */
export function ConsentsCoverage({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { role } = useAuth();
  const headingId = useId();
  const [params, setParams] = useSearchParams();
  const coverage = useConsentCoverage(clientId);
  const [recording, setRecording] = useState<string | null>(params.get("record"));
  const [status, setStatus] = useState("");
  const section = useRef<HTMLElement>(null);

  // Arriving to record a consent (from a refused action): bring the form into view.
  useEffect(() => {
    if (recording && coverage.data) section.current?.querySelector("form")?.scrollIntoView({ block: "center" });
  }, [recording, coverage.data]);

  const close = () => {
    setRecording(null);
    if (params.has("record")) {
      const next = new URLSearchParams(params);
      next.delete("record");
      setParams(next, { replace: true });
    }
  };

  return (
    <section ref={section} aria-labelledby={headingId} className="coverage">
      <h2 id={headingId}>{t("privacy.coverage.title")}</h2>
      <p className="muted">{t("privacy.coverage.intro")}</p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      <ErrorAlert error={coverage.error} />
      {coverage.isLoading ? <Loading /> : null}
      {coverage.data ? (
        <ul className="cards coverage-list">
          {coverage.data.purposes.map((item) => (
            <CoverageCard
              key={item.purpose}
              clientId={clientId}
              item={item}
              mayRecord={role === "coordinator"}
              recording={recording === item.purpose}
              onRecord={() => {
                setStatus("");
                setRecording(item.purpose);
              }}
              onDone={(label) => {
                close();
                setStatus(t("privacy.coverage.recorded", { consent: label }));
              }}
              onCancel={close}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
