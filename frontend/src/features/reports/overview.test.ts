import { describe, expect, it } from "vitest";
import { burnTone, chartMonths, deliveredShare } from "./overview";

describe("the overview's helpers", () => {
  it("labels a chart's months and keeps their figures", () => {
    const points = chartMonths([{ month: "2026-01", n: 3 }, { month: "2026-02", n: 5 }], (m) => ({ value: m.n }));
    expect(points.map((p) => p.value)).toEqual([3, 5]);
    expect(points[0].label).toMatch(/26/);
    expect(points[0].label).not.toEqual(points[1].label);
  });

  it("gives the delivered share only where something was planned", () => {
    expect(deliveredShare("40.00", "30.00")).toBe(75);
    expect(deliveredShare("0.00", "5.00")).toBeNull();
    expect(deliveredShare("", "5.00")).toBeNull();
  });

  it("marks a contract spending ahead of its period", () => {
    expect(burnTone("80.0", "50.0")).toBe("ahead");
    expect(burnTone("55.0", "50.0")).toBe("");
    expect(burnTone("", "90.0")).toBe("");
  });
});
