import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { usePlanRules, useUpdatePlanRules } from "./queries";
import { Form } from "../../components/Form";

/** The administrator's setting: whether the centre's plans need a manager's approval before they are activated. */
export function PlanRulesSection({ onSaid }: { onSaid: (message: string) => void }) {
  const { t } = useTranslation();
  const rules = usePlanRules();
  const update = useUpdatePlanRules();
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (rules.isLoading) return <Loading />;
  if (!rules.data) return <ErrorAlert error={rules.error} />;
  const current = chosen ?? rules.data.plans_need_approval;
  return (
    <section aria-labelledby="plan-rules-title" className="users-section">
      <Form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await update.mutateAsync({ plans_need_approval: current });
            setChosen(null);
            onSaid(t("plans.rules.saved"));
          } catch (err) {
            setError(err);
          }
        }}
      >
        <fieldset>
          <legend>
            <h2 id="plan-rules-title">{t("plans.rules.title")}</h2>
          </legend>
          <p className="muted">{t("plans.rules.intro")}</p>
          <ErrorAlert error={error} />
          <label className="checkbox">
            <input type="checkbox" checked={current} onChange={(e) => setChosen(e.target.checked)} />{" "}
            {t("plans.rules.needApproval")}
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={update.isPending || chosen === null}>
              {t("common.save")}
            </button>
          </div>
        </fieldset>
      </Form>
    </section>
  );
}
