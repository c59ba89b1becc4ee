import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { ReasonAction } from "../../components/ReasonAction";
import { dayInstant, isoDate } from "../../lib/format";
import { CLOSURE_REASONS } from "../clients/options";
import { actionsFor } from "./lifecycle";
import { usePlanAction, type PlanAction } from "./queries";

const AGREEMENT_METHODS = ["signature", "electronic", "verbal", "representative"] as const;

interface Props {
  plan: Schemas["Plan"];
  /** The centre activates only plans a manager approved. */
  approvalRequired?: boolean;
  /** The viewer approves plans (a manager who does not coordinate this one). */
  approver?: boolean;
}

/** The plan's lifecycle buttons for its state (and its approval); each asks for what the transition needs and says
 * what happened once it is done. */
export function PlanActions({ plan, approvalRequired = false, approver = false }: Props) {
  const { t } = useTranslation();
  const mutation = usePlanAction(plan.id);
  const [done, setDone] = useState("");
  // Each move, then a message for screen readers and everyone else: what happened to the plan.
  const move = {
    mutateAsync: async (step: PlanAction) => {
      setDone("");
      const result = await mutation.mutateAsync(step);
      setDone(t(`plans.done.${step.action}`));
      return result;
    },
  };
  const [agreedAt, setAgreedAt] = useState(plan.client_agreed_at?.slice(0, 10) || isoDate());
  const [method, setMethod] = useState<string>(plan.agreement_method || "signature");
  const [closure, setClosure] = useState<string>("goals_achieved");

  return (
    <>
    <div role="status" aria-live="polite">
      {done ? <p className="alert alert-ok">{done}</p> : null}
    </div>
    <div className="actions" aria-label={t("plans.lifecycle")} role="group">
      {actionsFor(plan.status, { approval: plan.approval, approvalRequired, approver }).map((action) => {
        switch (action) {
          case "submit":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.submit")}
                hint={t("plans.approval.submitHint")}
                onConfirm={(reason) => move.mutateAsync({ action: "submit", body: { reason } })}
              />
            );
          case "approve":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.approve")}
                onConfirm={(reason) => move.mutateAsync({ action: "approve", body: { reason } })}
              />
            );
          case "return":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.return")}
                reasonRequired
                hint={t("plans.approval.returnHint")}
                onConfirm={(reason) => move.mutateAsync({ action: "return", body: { reason } })}
              />
            );
          case "activate":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.activate")}
                onConfirm={(reason) =>
                  move.mutateAsync({
                    action: "activate",
                    body: {
                      client_agreed_at: agreedAt ? dayInstant(agreedAt) : null,
                      agreement_method: method as Schemas["AgreementMethodEnum"],
                      reason,
                    },
                  })
                }
              >
                <div className="field">
                  <label htmlFor={`agreed-${plan.id}`}>{t("plans.clientAgreedAt")}</label>
                  <input id={`agreed-${plan.id}`} type="date" value={agreedAt} onChange={(e) => setAgreedAt(e.target.value)} />
                </div>
                <div className="field">
                  <label htmlFor={`method-${plan.id}`}>{t("plans.agreementMethod")}</label>
                  <select id={`method-${plan.id}`} value={method} onChange={(e) => setMethod(e.target.value)}>
                    {AGREEMENT_METHODS.map((m) => (
                      <option key={m} value={m}>
                        {t(`enum.agreementMethod.${m}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </ReasonAction>
            );
          case "close":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.close")}
                danger
                onConfirm={(reason) =>
                  move.mutateAsync({ action: "close", body: { closure_reason: closure as Schemas["ClosureReasonEnum"], reason } })
                }
              >
                <div className="field">
                  <label htmlFor={`closure-${plan.id}`}>{t("plans.closureReason")}</label>
                  <select id={`closure-${plan.id}`} value={closure} onChange={(e) => setClosure(e.target.value)}>
                    {CLOSURE_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`enum.closureReason.${r}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </ReasonAction>
            );
          case "suspend":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.suspend")}
                reasonRequired
                onConfirm={(reason) => move.mutateAsync({ action: "suspend", body: { reason } })}
              />
            );
          case "resume":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.resume")}
                onConfirm={(reason) => move.mutateAsync({ action: "resume", body: { reason } })}
              />
            );
          case "cancel":
            return (
              <ReasonAction
                key={action}
                label={t("plans.action.cancel")}
                danger
                reasonRequired
                onConfirm={(reason) => move.mutateAsync({ action: "cancel", body: { reason } })}
              />
            );
          default:
            return null;
        }
      })}
    </div>
    </>
  );
}
