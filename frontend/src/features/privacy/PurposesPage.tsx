import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDateTime } from "../../lib/format";
import { Timeline } from "../clients/Timeline";
import { usePurposeHistory, useProcessingPurposes, useUpdatePurpose } from "./consentQueries";
import "./privacy.css";
import { Form } from "../../components/Form";

type Purpose = Schemas["ProcessingPurpose"];
const BASES: Schemas["LegalBasisEnum"][] = ["law", "public_task", "consent"];

interface PurposeValues {
  legal_basis: Schemas["LegalBasisEnum"];
  legal_reference: string;
  note: string;
  reason: string;
}

function PurposeForm({ purpose, onDone, onCancel }: { purpose: Purpose; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const update = useUpdatePurpose();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, setValue, formState } = useForm<PurposeValues>({
    defaultValues: {
      legal_basis: purpose.legal_basis,
      legal_reference: purpose.legal_reference,
      note: purpose.note,
      reason: "",
    },
  });
  const title = t("privacy.purposes.changeTitle", { purpose: t(`enum.purpose.${purpose.purpose}`) });
  return (
    <Form
      className="form"
      aria-label={title}
      noValidate
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        try {
          await update.mutateAsync({ id: purpose.id, body: values });
          onDone();
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["legal_basis", "legal_reference", "note", "reason"]));
        }
      })}
    >
      <h3>{title}</h3>
      <ErrorAlert messages={messages} />
      <Field label={t("privacy.purposes.basis")} error={formState.errors.legal_basis?.message} required>
        <select autoFocus {...register("legal_basis")}>
          {BASES.map((basis) => (
            <option key={basis} value={basis}>
              {t(`enum.legalBasis.${basis}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t("privacy.purposes.reference")}
        hint={t("privacy.purposes.referenceHint")}
        error={formState.errors.legal_reference?.message}
      >
        <textarea rows={3} {...register("legal_reference")} />
      </Field>
      <Field label={t("privacy.purposes.note")} error={formState.errors.note?.message}>
        <textarea rows={2} {...register("note")} />
      </Field>
      <Field label={t("common.reason")} hint={t("privacy.purposes.reasonHint")} error={formState.errors.reason?.message}>
        <input {...register("reason")} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("common.save")}
        </button>
        <button
          type="button"
          onClick={() => {
            setValue("legal_basis", purpose.default_legal_basis);
            setValue("legal_reference", purpose.default_legal_reference);
          }}
        >
          {t("privacy.purposes.useDefault")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

function PurposeHistory({ id }: { id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(1);
  const history = usePurposeHistory(id, page, open);
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t("privacy.purposes.history")}</summary>
      <ErrorAlert error={history.error} />
      {open && history.isLoading ? <Loading /> : null}
      {history.data ? (
        <>
          <Timeline entries={history.data.results} />
          <Pagination page={page} count={history.data.count} pageSize={10} onPage={setPage} />
        </>
      ) : null}
    </details>
  );
}

function PurposeCard({ purpose, editable, onSaved }: { purpose: Purpose; editable: boolean; onSaved: (text: string) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const headingId = useId();
  const name = t(`enum.purpose.${purpose.purpose}`);
  const differs = purpose.legal_basis !== purpose.default_legal_basis;
  return (
    <li className="card purpose-card" aria-labelledby={headingId} data-testid={`purpose-${purpose.purpose}`}>
      <h2 className="card-title" id={headingId}>
        {name}
      </h2>
      <p>
        <strong>{t("privacy.purposes.basis")}:</strong> {t(`enum.legalBasis.${purpose.legal_basis}`)}
        {differs ? <> · <em>{t("privacy.purposes.differs")}</em></> : null}
      </p>
      {purpose.legal_reference ? <p className="legal-reference">{purpose.legal_reference}</p> : null}
      {purpose.note ? <p>{purpose.note}</p> : null}
      <p className="muted">{purpose.enforced ? t("privacy.purposes.enforced") : t("privacy.purposes.notEnforced")}</p>
      <details>
        <summary>
          {t("privacy.purposes.default", { basis: t(`enum.legalBasis.${purpose.default_legal_basis}`) })}
        </summary>
        {purpose.default_legal_reference ? <p className="legal-reference">{purpose.default_legal_reference}</p> : null}
        {purpose.default_why ? <p>{purpose.default_why}</p> : null}
      </details>
      <p className="muted">{t("privacy.purposes.changedAt", { date: formatDateTime(purpose.updated_at) })}</p>
      {editing ? (
        <PurposeForm
          purpose={purpose}
          onDone={() => {
            setEditing(false);
            onSaved(t("privacy.purposes.saved", { purpose: name }));
          }}
          onCancel={() => setEditing(false)}
        />
      ) : editable ? (
        <button type="button" onClick={() => setEditing(true)} aria-describedby={headingId}>
          {t("privacy.purposes.change")}
        </button>
      ) : null}
      <PurposeHistory id={purpose.id} />
    </li>
  );
}

/** The centre's processing purposes and the legal basis of each: its administrator changes them. */
export default function PurposesPage() {
  const { t } = useTranslation();
  const { role } = useAuth();
  const purposes = useProcessingPurposes();
  const [status, setStatus] = useState("");
  return (
    <section>
      <h1>{t("privacy.purposes.title")}</h1>
      <p>{t("privacy.purposes.intro")}</p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      <ErrorAlert error={purposes.error} />
      {purposes.isLoading ? <Loading /> : null}
      <ul className="cards">
        {(purposes.data ?? []).map((purpose) => (
          <PurposeCard key={purpose.id} purpose={purpose} editable={role === "admin"} onSaved={setStatus} />
        ))}
      </ul>
    </section>
  );
}
