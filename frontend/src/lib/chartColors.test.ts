import { describe, expect, it } from "vitest";
import { CHART, contrast } from "./chartColors";

const sources = import.meta.glob(["../**/*.tsx", "!../**/*.test.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("the charts' colours", () => {
  it("stand out from the page by at least 3:1", () => {
    for (const colour of Object.values(CHART)) expect({ colour, enough: contrast(colour, "#ffffff") >= 3 }).toEqual({ colour, enough: true });
    expect(contrast("#9fb7cc", "#ffffff")).toBeLessThan(3); // the light blue this replaced
  });

  it("are the only colours the charts are drawn in", () => {
    const literal = Object.entries(sources).filter(([, text]) => /\b(fill|stroke)="#/.test(text)).map(([file]) => file);
    expect(literal).toEqual([]);
  });
});
