import { describe, expect, it } from "vitest";
import { demandExceedsCapacity, localToIso, priorityProgress, progressView } from "./progress";

describe("indicator progress", () => {
  it("says the percentage in words and clamps only the bar", () => {
    const over = progressView("150.00");
    expect(over.width).toBe(100);
    expect(over.value).toBe(150);
    expect(over.text).toMatch(/^150\s?%$/);
    expect(over.tone).toBe("reached");
  });

  it("shows a dash, not zero, when there is no target to measure against", () => {
    expect(progressView(null)).toEqual({ value: null, width: 0, text: "—", tone: "none" });
    expect(progressView("")).toMatchObject({ value: null, text: "—" });
    expect(progressView("abc")).toMatchObject({ value: null });
  });

  it("keeps one decimal for a fractional percentage and grades the tone", () => {
    const partial = progressView("42.5");
    expect(partial.width).toBe(42.5);
    expect(partial.text).toMatch(/^42[.,]5\s?%$/);
    expect(partial.tone).toBe("low");
    expect(progressView("50").tone).toBe("mid");
    expect(progressView("-5").width).toBe(0);
  });
});

describe("needs register", () => {
  it("flags demand above the places offered, and never when capacity is unknown", () => {
    expect(demandExceedsCapacity({ total: 12, offering_capacity: 10 })).toBe(true);
    expect(demandExceedsCapacity({ total: 10, offering_capacity: 10 })).toBe(false);
    expect(demandExceedsCapacity({ total: 50, offering_capacity: null })).toBe(false);
  });
});

describe("meeting time", () => {
  it("turns a local date and time into an instant, and nothing into nothing", () => {
    expect(localToIso("")).toBe("");
    expect(localToIso("nonsense")).toBe("");
    expect(new Date(localToIso("2026-05-01T10:30")).getTime()).toBe(new Date(2026, 4, 1, 10, 30).getTime());
  });
});

describe("a plan's priorities at a glance", () => {
  it("average their indicators' progress, an over-achiever counting as 100 %, and count those reached", () => {
    const ind = (progress_percent: string | null) => ({ progress_percent });
    const tree = {
      priorities: [
        { code: "1", title: "Care", measures: [{ activities: [{ indicators: [ind("150"), ind("50")] }, { indicators: [ind(null)] }] }] },
        { code: "2", title: "Housing", measures: [{ activities: [{ indicators: [] }] }] },
      ],
    };
    expect(priorityProgress(tree)).toEqual([
      { code: "1", title: "Care", percent: 75, measured: 2, reached: 1 },
      { code: "2", title: "Housing", percent: null, measured: 0, reached: 0 },
    ]);
  });
});
