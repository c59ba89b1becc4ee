import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useContractSpending } from "./queries";
import { SpendingChart } from "./SpendingChart";

/** The contract's budget use over time, over its whole period, from the live records. */
export function ContractSpending({ id, currency }: { id: string; currency: string }) {
  const { t } = useTranslation();
  const spending = useContractSpending(id);
  if (spending.error) return <ErrorAlert error={spending.error} />;
  if (!spending.data || !spending.data.months.length) return null;
  return (
    <section aria-labelledby="contract-spending">
      <h2 id="contract-spending">{t("manager.usage.overTime")}</h2>
      <SpendingChart burn={spending.data} currency={currency} label={t("manager.usage.overTimeChart")} caption={t("manager.usage.overTime")} />
    </section>
  );
}
