import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { fundingBodyOf, fundingFormOf } from "./fundingForm";

describe("the funding source form", () => {
  it("starts a new source active, with an open period", () => {
    expect(fundingFormOf()).toEqual({ name: "", kind: "", project_code: "", funder: "", start_date: "", end_date: "", is_active: true });
  });

  it("sends blank dates as an open period and trims the texts", () => {
    const body = fundingBodyOf({ ...fundingFormOf(), name: " ESF+ project ", kind: "esf_plus", start_date: "2026-01-01" });
    expect(body).toEqual({ name: "ESF+ project", kind: "esf_plus", project_code: "", funder: "", start_date: "2026-01-01", end_date: null, is_active: true });
  });

  it("keeps what an existing source has", () => {
    const source = { id: "f1", name: "Budżet gminy", kind: "municipal", project_code: "", funder: "Gmina", start_date: null, end_date: "2027-12-31",
      is_active: false, created_at: "", updated_at: "" } as Schemas["FundingSource"];
    expect(fundingBodyOf(fundingFormOf(source))).toEqual({ name: "Budżet gminy", kind: "municipal", project_code: "", funder: "Gmina",
      start_date: null, end_date: "2027-12-31", is_active: false });
  });
});
