import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { daysUntil, formatDate, formatMinutes, formatMoney, formatMonth, dayInstant, isoDate } from "./format";
import { pageCount, pageFrom } from "./paging";

describe("formatting", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });

  it("shows durations in hours and minutes", () => {
    expect(formatMinutes(90)).toBe("1 h 30 min");
    expect(formatMinutes(120)).toBe("2 h");
    expect(formatMinutes(45)).toBe("45 min");
    expect(formatMinutes(null)).toBe("");
  });

  it("shows dates in the UI's language", async () => {
    expect(formatDate("2026-10-05")).toBe("5 Oct 2026");
    await i18n.changeLanguage("pl");
    expect(formatDate("2026-10-05")).toBe("5 paź 2026");
  });

  it("leaves no date empty and keeps a bad date empty", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("not a date")).toBe("");
  });

  it("names months", () => {
    expect(formatMonth("2026-10")).toBe("October 2026");
  });

  it("shows money with its currency", () => {
    expect(formatMoney("1234.50", "EUR")).toContain("1,234.50");
    expect(formatMoney("", "EUR")).toBe("");
  });

  it("counts days to a date, negative once past", () => {
    const today = new Date(2026, 10, 29);
    expect(daysUntil("2026-12-01", today)).toBe(2);
    expect(daysUntil("2026-11-20", today)).toBe(-9);
    expect(isoDate(today)).toBe("2026-11-29");
  });
});

describe("paging", () => {
  it("counts pages, at least one", () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });

  it("reads the page from the URL, never below one", () => {
    expect(pageFrom(new URLSearchParams("page=3"))).toBe(3);
    expect(pageFrom(new URLSearchParams("page=-2"))).toBe(1);
    expect(pageFrom(new URLSearchParams("page=x"))).toBe(1);
  });
});

describe("dayInstant", () => {
  it("records today as the current moment, never later than now", () => {
    const morning = new Date(2026, 10, 29, 8, 15);
    expect(dayInstant(isoDate(morning), morning)).toBe(morning.toISOString());
  });

  it("records an earlier day at its noon", () => {
    const now = new Date(2026, 10, 29, 8, 15);
    expect(dayInstant("2026-11-20", now)).toBe(new Date(2026, 10, 20, 12).toISOString());
  });
});
