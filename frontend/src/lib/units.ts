import type { TFunction } from "i18next";
import { formatNumber } from "./format";

/**
 * An amount with its unit in the plural form its language wants: "1 session", "1 sesja", "3 sesje", "5 sesji",
 * "1,5 godziny", "2 uri" (i18next picks `enum.unitCount.<unit>_<form>` by the language's plural rules).
 */
export function unitAmount(t: TFunction, units: string | number | null | undefined, unit: string | null | undefined): string {
  const amount = formatNumber(units);
  if (!unit) return amount;
  const count = Number(units);
  return t(`enum.unitCount.${unit}`, {
    count: Number.isFinite(count) ? count : 0,
    amount,
    defaultValue: `${amount} ${t(`enum.unit.${unit}`, { defaultValue: unit })}`,
  });
}
