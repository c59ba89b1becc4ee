// The funding source form's logic, apart from the page so it can be tested.
import type { Schemas } from "../../api/client";
import type { FundingSourceInput } from "./queries";

export const FUNDING_KINDS = ["esf_plus", "municipal", "ministry", "eea_grants", "other"] as const;

export interface FundingForm {
  name: string;
  kind: string;
  project_code: string;
  funder: string;
  start_date: string;
  end_date: string;
  is_active: boolean;
}

export const FUNDING_FIELDS = ["name", "kind", "project_code", "funder", "start_date", "end_date", "is_active"];

export function fundingFormOf(f?: Schemas["FundingSource"]): FundingForm {
  return {
    name: f?.name ?? "",
    kind: f?.kind ?? "",
    project_code: f?.project_code ?? "",
    funder: f?.funder ?? "",
    start_date: f?.start_date ?? "",
    end_date: f?.end_date ?? "",
    is_active: f?.is_active ?? true,
  };
}

/** Blank dates are an open period (null). */
export function fundingBodyOf(v: FundingForm): FundingSourceInput {
  return {
    name: v.name.trim(),
    kind: v.kind as FundingSourceInput["kind"],
    project_code: v.project_code.trim(),
    funder: v.funder.trim(),
    start_date: v.start_date || null,
    end_date: v.end_date || null,
    is_active: v.is_active,
  };
}
