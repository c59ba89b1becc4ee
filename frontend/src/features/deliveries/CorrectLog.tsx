import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { ApiError, applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { formatDate, formatMinutes, formatNumber } from "../../lib/format";
import { CORRECTION_FIELDS, correctionBody, correctionFormOf, type CorrectionForm } from "./corrections";
import { useCorrectDelivery, useDelivery } from "./queries";
import "./corrections.css";
import { Form } from "../../components/Form";

type Delivery = Schemas["Delivery"];
const OUTCOMES = ["delivered", "client_absent", "cancelled_by_provider"] as const;
const KNOWN = [...CORRECTION_FIELDS, "reason"];

/** A 409 that names a field (a date in a closed month, more units than the line has left) belongs next to it. */
function conflictOnField(error: unknown): unknown {
  if (error instanceof ApiError && error.status === 409 && error.body && typeof error.body === "object") {
    const field = (error.body as { field?: unknown }).field;
    if (typeof field === "string" && KNOWN.includes(field) && error.detail) {
      return new ApiError(400, { [field]: [error.detail] });
    }
  }
  return error;
}

/**
 * The correction of a log of an approved month: the corrected values (starting from the original's) and a required
 * reason. Only what the user changes is sent; the server copies the rest and dates the entry today unless a date is
 * given. Field errors are shown next to their field; nothing is written when the server refuses.
 */
export function CorrectLog({ delivery, onDone, onCancel }: {
  delivery: Delivery;
  onDone: (said: string, correction: Delivery) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const correct = useCorrectDelivery();
  const [messages, setMessages] = useState<string[]>([]);
  const [initial] = useState(() => correctionFormOf(delivery));
  const { register, handleSubmit, setError, formState } = useForm<CorrectionForm>({ defaultValues: initial });
  const err = (name: keyof CorrectionForm) => formState.errors[name]?.message;
  const title = t("corrections.title", { client: delivery.client_name, date: formatDate(delivery.date) });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const correction = await correct.mutateAsync({ id: delivery.id, body: correctionBody(values, initial) });
      onDone(
        t("corrections.saved", { client: delivery.client_name, date: formatDate(delivery.date), on: formatDate(correction.date) }),
        correction,
      );
    } catch (error) {
      setMessages(applyFieldErrors(conflictOnField(error), setError, KNOWN));
    }
  });

  return (
    <Form className="form card correction-form" noValidate aria-labelledby="correction-title" onSubmit={submit}>
      <h2 id="correction-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      <p className="hint">{t("corrections.intro")}</p>
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("provider.log.durationMinutes")} error={err("duration_minutes")}>
          <input type="number" inputMode="numeric" min={1} max={1440} {...register("duration_minutes")} />
        </Field>
        <Field label={t("provider.log.units")} error={err("units")} hint={t("corrections.unitsHint")}>
          <input inputMode="decimal" {...register("units")} />
        </Field>
        <Field label={t("provider.log.outcome")} error={err("outcome")}>
          <select {...register("outcome")}>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`enum.outcome.${outcome}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("provider.log.startTime")} error={err("start_time")}>
          <input type="time" {...register("start_time")} />
        </Field>
        <Field label={t("provider.log.worker")} error={err("worker_name")}>
          <input maxLength={200} {...register("worker_name")} />
        </Field>
        <Field label={t("corrections.date")} error={err("date")} hint={t("corrections.dateHint")}>
          <input type="date" {...register("date")} />
        </Field>
      </div>
      <Field label={t("provider.log.note")} error={err("note")}>
        <textarea rows={2} {...register("note")} />
      </Field>
      <Field label={t("corrections.reason")} error={err("reason")} required>
        <textarea rows={2} maxLength={500} {...register("reason", { validate: (v) => !!v.trim() || t("form.required") })} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("corrections.save")}
        </button>
        <button type="button" onClick={onCancel} disabled={formState.isSubmitting}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}

/** The button that opens the correction of a log (the form is shown by the page, above its list). */
export function CorrectButton({ delivery, onClick }: { delivery: Delivery; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={t("corrections.correctLog", { client: delivery.client_name, date: formatDate(delivery.date) })}
    >
      {t("corrections.correct")}
    </button>
  );
}

/**
 * What a log says about corrections: an original replaced by a correcting entry is marked "Corrected" in words,
 * with the entry's values beside it; a correcting entry is marked as one.
 */
export function CorrectionNote({ delivery }: { delivery: Pick<Delivery, "corrected_by" | "corrects"> }) {
  const { t } = useTranslation();
  if (delivery.corrected_by) {
    return (
      <div className="correction-note" data-testid="corrected">
        <span className="status status-corrected">{t("corrections.corrected")}</span>
        <ReplacedBy id={delivery.corrected_by} />
      </div>
    );
  }
  if (delivery.corrects) {
    return (
      <div className="correction-note" data-testid="correcting-entry">
        <span className="status status-correcting">{t("corrections.correctingEntry")}</span>
      </div>
    );
  }
  return null;
}

/** The correcting entry's values, beside the original it replaces. */
function ReplacedBy({ id }: { id: string }) {
  const { t } = useTranslation();
  const correction = useDelivery(id).data;
  if (!correction) return null;
  return (
    <p className="muted">
      {t("corrections.replacedBy", {
        date: formatDate(correction.date),
        values: [
          t("corrections.units", { units: formatNumber(correction.units) }),
          formatMinutes(correction.duration_minutes),
          t(`enum.outcome.${correction.outcome}`),
        ]
          .filter(Boolean)
          .join(", "),
      })}
    </p>
  );
}
