import { forwardRef, useCallback, useEffect, useRef, useState, type FormHTMLAttributes, type MutableRefObject } from "react";
import { useTranslation } from "react-i18next";

interface Problem {
  id: string;
  label: string;
  message: string;
}

/** How long after a submit its outcome (a server's field errors) may still arrive and take the focus. */
const SUBMIT_OUTCOME_MS = 60_000;

/**
 * A form with its error summary. After a submit that leaves fields invalid (the form's own checks or the
 * server's 400), a list at the top of the form names each field with its message and a link to it, and takes
 * the focus, so a keyboard or screen-reader user learns what to fix at once (WCAG 3.3.1, GOV.UK's pattern).
 * Fields report themselves through `aria-invalid` (the `Field` component sets it); the summary follows them as
 * they are corrected and disappears when none is left.
 */
export const Form = forwardRef<HTMLFormElement, FormHTMLAttributes<HTMLFormElement>>(function Form({ children, ...props }, ref) {
  const own = useRef<HTMLFormElement | null>(null);
  const setRef = useCallback(
    (node: HTMLFormElement | null) => {
      own.current = node;
      if (typeof ref === "function") ref(node);
      else if (ref) (ref as MutableRefObject<HTMLFormElement | null>).current = node;
    },
    [ref],
  );
  return (
    <form ref={setRef} {...props}>
      <ErrorSummary form={own} />
      {children}
    </form>
  );
});

function labelOf(form: HTMLFormElement, control: HTMLElement): string {
  const label = Array.from(form.querySelectorAll("label")).find((node) => node.htmlFor === control.id) ?? control.closest("label");
  const text = label?.textContent?.replace(/\s*\*\s*$/, "").trim();
  return text || control.getAttribute("aria-label") || control.getAttribute("name") || "";
}

function messageOf(control: HTMLElement): string {
  const ids = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  for (const id of ids) {
    const node = document.getElementById(id);
    if (node?.classList.contains("field-error")) return node.textContent?.trim() ?? "";
  }
  return "";
}

export function invalidFields(form: HTMLFormElement): Problem[] {
  return Array.from(form.querySelectorAll<HTMLElement>('[aria-invalid="true"]'))
    .filter((control) => control.id)
    .map((control) => ({ id: control.id, label: labelOf(form, control), message: messageOf(control) }));
}

function ErrorSummary({ form }: { form: MutableRefObject<HTMLFormElement | null> }) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<Problem[]>([]);
  const box = useRef<HTMLDivElement>(null);
  const submittedAt = useRef(0);
  const focusNext = useRef(false);
  const submitter = useRef<Element | null>(null);

  useEffect(() => {
    const element = form.current;
    if (!element) return;
    let shown = "";
    const awaitingOutcome = () => submittedAt.current > 0 && Date.now() - submittedAt.current < SUBMIT_OUTCOME_MS;
    const check = () => {
      const found = invalidFields(element);
      if (found.length && awaitingOutcome()) {
        submittedAt.current = 0; // this submit's outcome: summarised and focused once
        focusNext.current = true;
      } else if (found.length && !shown) {
        return; // fields invalid without a submit (checked as they are typed): no summary yet
      }
      const key = JSON.stringify(found);
      if (key === shown) return;
      shown = found.length ? key : "";
      setProblems(found);
    };
    const later = () => {
      // Only a form waiting for its submit's outcome, or showing a summary, has anything to follow. Checked at
      // once (a mutation observer's callback runs right after the change): the summary appears with the errors.
      if (!awaitingOutcome() && !shown) return;
      check();
    };
    const onSubmit = () => {
      submittedAt.current = Date.now();
      submitter.current = document.activeElement;
      later();
    };
    const observer = new MutationObserver(later);
    observer.observe(element, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-invalid"] });
    element.addEventListener("submit", onSubmit);
    return () => {
      observer.disconnect();
      element.removeEventListener("submit", onSubmit);
    };
  }, [form]);

  useEffect(() => {
    if (focusNext.current && problems.length) {
      focusNext.current = false;
      // The focus moves to the summary from the submit button, or from the first invalid field (where the form's
      // own checks put it), but not from a field the user has gone on to (an answer that came late must not pull
      // them out of what they are typing; the alert is read to them anyway).
      const now = document.activeElement;
      const form_ = form.current;
      const fromInvalidField = !!form_ && !!now && form_.contains(now) && now.getAttribute("aria-invalid") === "true";
      if (!now || now === document.body || now === submitter.current || fromInvalidField) box.current?.focus();
    }
  }, [problems]);

  if (!problems.length) return null;
  return (
    <div className="alert alert-error error-summary" role="alert" tabIndex={-1} ref={box}>
      <p>
        <strong>{t("form.summaryTitle")}</strong>
      </p>
      <ul>
        {problems.map((problem) => (
          <li key={problem.id}>
            <a
              href={`#${problem.id}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(problem.id)?.focus();
              }}
            >
              {problem.label}
              {problem.message ? `: ${problem.message}` : ""}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
