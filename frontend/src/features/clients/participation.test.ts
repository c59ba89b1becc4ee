import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { followupOpen, missingAttributes, triState, triValue } from "./participation";

describe("ESF+ participation helpers", () => {
  it("turns yes / no / not known into true / false / null and back", () => {
    expect(triState("yes")).toBe(true);
    expect(triState("no")).toBe(false);
    expect(triState("")).toBeNull();
    expect(triValue(false)).toBe("no");
    expect(triValue(null)).toBe("");
  });

  it("knows when a follow-up is due and not recorded", () => {
    expect(followupOpen({ followup_due: "2026-06-01" }, "2026-06-01")).toBe(true);
    expect(followupOpen({ followup_due: "2026-06-02" }, "2026-06-01")).toBe(false);
    expect(followupOpen({ followup_due: "2026-06-01", followup_in_employment: false }, "2026-07-01")).toBe(false);
    expect(followupOpen({ followup_due: null }, "2026-07-01")).toBe(false);
  });

  it("reads the client fields a refused start names", () => {
    const refused = new ApiError(409, { code: "esf_attributes_missing", detail: "x", missing: ["education_level"] });
    expect(missingAttributes(refused)).toEqual(["education_level"]);
    expect(missingAttributes(new ApiError(409, { code: "consent_missing" }))).toEqual([]);
    expect(missingAttributes(null)).toEqual([]);
  });
});
