import type { TFunction } from "i18next";
import { formatMoney } from "../../lib/format";

/**
 * What a service costs its user, without contradicting itself: a price (with its note), or the note alone when
 * the price is nil or not stated ("income-dependent" is not "free"), "Free of charge" only for a price of 0 with
 * no note, and "Not stated" when nothing is known.
 */
export function costText(t: TFunction, cost: string | number | null | undefined, note: string | null | undefined, currency?: string): string {
  const price = cost === null || cost === undefined || cost === "" ? null : Number(cost);
  const remark = (note ?? "").trim();
  if (price !== null && Number.isFinite(price) && price > 0) {
    const money = formatMoney(String(cost), currency);
    return remark ? `${money} — ${remark}` : money;
  }
  if (remark) return remark;
  return price === 0 ? t("public.free") : t("common.notStated");
}
