import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { canCorrect, correctionBody, correctionFormOf, isLocked } from "./corrections";

const original = {
  id: "d1", statement: "s1", corrected_by: null, date: "2026-11-10", start_time: "09:00:00", duration_minutes: 90,
  units: "1.50", worker_name: "Anna Nowak", outcome: "delivered", note: "",
} as unknown as Schemas["Delivery"];

describe("corrections", () => {
  it("offers a correction of a log of an approved month, once, to provider staff and coordinators", () => {
    expect(isLocked(original)).toBe(true);
    expect(canCorrect(original, "provider")).toBe(true);
    expect(canCorrect(original, "coordinator")).toBe(true);
    expect(canCorrect(original, "manager")).toBe(false);
    expect(canCorrect(original, "admin")).toBe(false);
    expect(canCorrect(original, null)).toBe(false);
    expect(canCorrect({ ...original, statement: null }, "provider")).toBe(false); // open month: edited instead
    expect(canCorrect({ ...original, corrected_by: "d2" }, "provider")).toBe(false); // corrected already
  });

  it("starts from the original's values with an empty date and reason", () => {
    expect(correctionFormOf(original)).toEqual({
      date: "", start_time: "09:00", duration_minutes: "90", units: "1.50", worker_name: "Anna Nowak",
      outcome: "delivered", note: "", reason: "",
    });
  });

  it("sends the reason and only the changed values, typed as the API takes them", () => {
    const start = correctionFormOf(original);
    const form = { ...start, duration_minutes: "60", note: " shorter ", reason: " client left early " };
    expect(correctionBody(form, start)).toEqual({ reason: "client left early", duration_minutes: 60, note: "shorter" });
    expect(correctionBody({ ...start, units: "1,25", reason: "x" }, start)).toEqual({ reason: "x", units: "1.25" });
    expect(correctionBody({ ...start, start_time: "", duration_minutes: "", reason: "x" }, start)).toEqual({
      reason: "x", start_time: null, duration_minutes: null,
    });
    expect(correctionBody({ ...start, outcome: "client_absent", reason: "x" }, start)).toEqual({ reason: "x", outcome: "client_absent" });
    expect(correctionBody({ ...start, worker_name: "Anna Nowak ", reason: "x" }, start)).toEqual({ reason: "x" }); // unchanged
  });

  it("leaves the date to the server unless one is given", () => {
    const start = correctionFormOf(original);
    expect(correctionBody({ ...start, reason: "x" }, start)).toEqual({ reason: "x" });
    expect(correctionBody({ ...start, reason: "x", date: "2026-12-01" }, start)).toEqual({ reason: "x", date: "2026-12-01" });
  });
});
