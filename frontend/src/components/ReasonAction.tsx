import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./ErrorAlert";
import { Form } from "./Form";

interface Props {
  /** The button's label, e.g. "Dispute". */
  label: string;
  /** Sends the action; rejects with an ApiError to show the server's message. */
  onConfirm: (reason: string) => Promise<unknown>;
  reasonRequired?: boolean;
  danger?: boolean;
  disabled?: boolean;
  /** Said under the reason (e.g. what the action also does), read with it by screen readers. */
  hint?: string;
  /** Extra fields shown with the reason (e.g. a closure reason). */
  children?: ReactNode;
}

/**
 * An action that asks for a reason first (dispute, return, suspend…): the button opens a small inline
 * form, keyboard-reachable, with the reason's label; the server's refusal is shown in place.
 */
export function ReasonAction({ label, onConfirm, reasonRequired, danger, disabled, hint, children }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  // Keyboard users land back on the button when the small form closes.
  useEffect(() => {
    if (!open && wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);

  if (!open) {
    return (
      <button
        ref={button}
        type="button"
        className={danger ? "danger" : undefined}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <Form
      className="reason-form"
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        if (reasonRequired && !reason.trim()) {
          setMissing(true);
          return;
        }
        setBusy(true);
        setError(null);
        try {
          await onConfirm(reason.trim());
          setOpen(false);
          setReason("");
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
      <div className="field">
        <label htmlFor={id}>
          {t("common.reason")}
          {reasonRequired ? <span aria-hidden="true"> *</span> : null}
        </label>
        <textarea
          id={id}
          value={reason}
          autoFocus
          aria-invalid={missing || undefined}
          aria-describedby={[hint ? `${id}-hint` : "", missing ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
        />
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {missing ? (
          <p className="field-error" id={`${id}-err`}>
            {t("form.required")}
          </p>
        ) : null}
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className={danger ? "danger" : "primary"} disabled={busy}>
          {label}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={busy}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}
