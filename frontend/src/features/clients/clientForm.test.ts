import { describe, expect, it } from "vitest";
import { bodyOf, duplicatesOf, formValuesOf } from "./clientForm";

describe("the client form", () => {
  it("sends yes/no/unknown as true/false/null and numbers as numbers", () => {
    const values = { ...formValuesOf(null), first_name: " Ana ", last_name: "Novak", birth_date: "1950-02-03", sex: "female" };
    values.lives_alone = "yes";
    values.has_disability = "no";
    values.household_size = "2";
    const body = bodyOf(values);
    expect(body.first_name).toBe("Ana");
    expect(body.lives_alone).toBe(true);
    expect(body.has_disability).toBe(false);
    expect(body.minority).toBeNull();
    expect(body.household_size).toBe(2);
    expect(body.dependants).toBeNull();
    expect(body.coordinator).toBeNull();
    expect("change_reason" in body).toBe(false);
  });

  it("sends the closing details only for a closed case", () => {
    const values = { ...formValuesOf(null), status: "active", closure_reason: "moved_away", closed_at: "2026-01-01" };
    expect("closure_reason" in bodyOf(values)).toBe(false);
    const closed = bodyOf({ ...values, status: "closed" });
    expect(closed.closure_reason).toBe("moved_away");
    expect(closed.closed_at).toBe("2026-01-01");
  });

  it("starts a new client as active", () => {
    expect(formValuesOf(null).status).toBe("active");
  });

  it("reads the duplicates of a possible-duplicate conflict only", () => {
    const match = { id: "1", reference: "C-1", name: "Ana Novak", birth_date: "1950-02-03" };
    expect(duplicatesOf({ code: "possible_duplicate", detail: "x", duplicates: [match] })).toEqual([match]);
    expect(duplicatesOf({ code: "other", duplicates: [match] })).toEqual([]);
    expect(duplicatesOf(null)).toEqual([]);
  });
});
