import { describe, expect, it } from "vitest";
import { agreementDays, agreementRule, inForce, listOf, mayVerify, todayIso, volunteerBodyOf, volunteerFormOf } from "./volunteerForm";

describe("listOf", () => {
  it("splits on commas, trims, drops blanks and repeats", () => {
    expect(listOf(" cooking, driving ,, Cooking;\nreading ")).toEqual(["cooking", "driving", "reading"]);
    expect(listOf("")).toEqual([]);
  });
});

describe("volunteer form", () => {
  it("round-trips a volunteer, lists as text", () => {
    const form = volunteerFormOf({ first_name: "Ada", last_name: "Nowak", skills: ["cooking", "driving"], languages: ["pl"], birth_date: null } as never);
    expect(form.skills).toBe("cooking, driving");
    expect(form.birth_date).toBe("");
    const body = volunteerBodyOf({ ...form, first_name: " Ada ", birth_date: "" });
    expect(body).toMatchObject({ first_name: "Ada", birth_date: null, skills: ["cooking", "driving"], languages: ["pl"] });
  });
});

describe("agreement rules", () => {
  it("counts both ends", () => {
    expect(agreementDays("2025-01-01", "2025-01-30")).toBe(30);
    expect(agreementDays("2025-01-01", "2025-01-31")).toBe(31);
    expect(agreementDays("2025-02-01", "2025-01-01")).toBeNull();
  });
  it("asks for a written agreement over 30 days or without an end, insurance for 30 days or less", () => {
    expect(agreementRule("2025-01-01", "2025-01-30")).toBe("insurance");
    expect(agreementRule("2025-01-01", "2025-01-31")).toBe("written");
    expect(agreementRule("2025-01-01", "")).toBe("written");
    expect(agreementRule("", "")).toBeNull();
  });
  it("knows what is in force", () => {
    expect(inForce({ start_date: "2025-01-01", end_date: null }, "2025-06-01")).toBe(true);
    expect(inForce({ start_date: "2025-01-01", end_date: "2025-05-31" }, "2025-06-01")).toBe(false);
    expect(inForce({ start_date: "2025-07-01" }, "2025-06-01")).toBe(false);
    expect(inForce({ start_date: "2025-01-01", is_active: false }, "2025-06-01")).toBe(false);
  });
});

describe("mayVerify", () => {
  it("offers verification of logged hours only to someone other than who logged them", () => {
    expect(mayVerify({ status: "logged", logged_by: "u1" }, "u2")).toBe(true);
    expect(mayVerify({ status: "logged", logged_by: "u1" }, "u1")).toBe(false);
    expect(mayVerify({ status: "verified", logged_by: "u1" }, "u2")).toBe(false);
    expect(mayVerify({ status: "logged", logged_by: "u1" }, null)).toBe(false);
  });
});

it("formats today as an ISO date", () => {
  expect(todayIso(new Date(2025, 0, 5))).toBe("2025-01-05");
});
