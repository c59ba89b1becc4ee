import { describe, expect, it } from "vitest";
import { parseWeight, weightShares, weightTotal, weightedScore } from "./scoring";

describe("weights", () => {
  it("accepts positive weights with up to two decimals, with a comma or a point", () => {
    expect(parseWeight("2")).toBe(2);
    expect(parseWeight("0,5")).toBe(0.5);
    expect(parseWeight(" 1.25 ")).toBe(1.25);
  });

  it("refuses zero, negative, empty, too precise or too large weights", () => {
    for (const bad of ["0", "0.00", "-1", "", "abc", "1.234", "1000"]) expect(parseWeight(bad)).toBeNull();
  });

  it("adds up the valid weights and gives each its share", () => {
    expect(weightTotal(["3", "1", "x"])).toBe(4);
    expect(weightShares(["3", "1", "x"])).toEqual([75, 25, 0]);
    expect(weightShares(["0"])).toEqual([0]);
  });
});

describe("weightedScore", () => {
  it("is 0 at the lowest and 100 at the highest of every scale", () => {
    expect(weightedScore([{ score: 1, weight: "2.00", scale_min: 1, scale_max: 5 }])).toBe(0);
    expect(weightedScore([{ score: 5, weight: "2.00", scale_min: 1, scale_max: 5 }])).toBe(100);
  });

  it("weights each criterion's fraction of its scale", () => {
    // 3 × (4-1)/4 + 1 × (1-1)/4 = 2.25 of 4 → 56.25
    const scores = [
      { score: 4, weight: "3", scale_min: 1, scale_max: 5 },
      { score: 1, weight: "1", scale_min: 1, scale_max: 5 },
    ];
    expect(weightedScore(scores)).toBe(56.25);
  });

  it("counts different scales as fractions and rounds to hundredths", () => {
    expect(weightedScore([
      { score: 2, weight: 1, scale_min: 0, scale_max: 3 },
      { score: 5, weight: 1, scale_min: 1, scale_max: 5 },
    ])).toBe(83.33);
  });

  it("is null with nothing scored", () => {
    expect(weightedScore([])).toBeNull();
  });
});
