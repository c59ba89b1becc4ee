import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { contractBodyOf, contractFormOf } from "./ContractFormPage";

const CONTRACT = {
  id: "c1", provider: "p1", provider_name: "Caritas", number: "UM/1/2026", title: "Care at home", start_date: "2026-01-01",
  end_date: "2026-12-31", status: "active", status_reason: "", funding_source: "f1", funding_source_name: "ESF+", note: "",
  revision: 3, created_at: "", updated_at: "",
  lines: [{ id: "l1", service_type: "st1", unit: "hour", unit_price: "45.00", max_units: "1000.00", budget: null, monthly_capacity: null, funding_source: "f1" }],
} as unknown as Schemas["Contract"];

describe("the contract form", () => {
  it("starts a new contract with one empty line", () => {
    const form = contractFormOf();
    expect(form.lines).toHaveLength(1);
    expect(form.lines[0].service_type).toBe("");
  });

  it("sends each line with its id, blanks as no limit, and the reason only when given", () => {
    const form = contractFormOf(CONTRACT);
    form.lines.push({ id: "", service_type: "st2", unit_price: " 30 ", max_units: "", budget: "5000", monthly_capacity: "", funding_source: "" });
    const body = contractBodyOf(form);
    expect(body.lines).toEqual([
      { id: "l1", service_type: "st1", unit_price: "45.00", max_units: "1000.00", budget: null, monthly_capacity: null, funding_source: "f1" },
      { service_type: "st2", unit_price: "30", max_units: null, budget: "5000", monthly_capacity: null },
    ]);
    expect(body).not.toHaveProperty("reason");
    expect(contractBodyOf({ ...form, reason: " price from the annex " })).toMatchObject({ reason: "price from the annex" });
  });
});
