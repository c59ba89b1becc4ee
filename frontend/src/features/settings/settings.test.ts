import { describe, expect, it } from "vitest";
import { changedFields, logoProblem, parseLeadDays } from "./settings";

describe("the settings screens' helpers", () => {
  it("accepts a PNG or JPEG logo up to 512 KB only", () => {
    expect(logoProblem({ type: "image/png", size: 1000 })).toBeNull();
    expect(logoProblem({ type: "image/jpeg", size: 512 * 1024 })).toBeNull();
    expect(logoProblem({ type: "image/svg+xml", size: 1000 })).toBe("type");
    expect(logoProblem({ type: "image/png", size: 512 * 1024 + 1 })).toBe("size");
  });

  it("sends only what changed", () => {
    expect(changedFields({ name: "A", phone: "1" }, { name: "B", phone: "1" })).toEqual({ name: "B" });
    expect(changedFields({ name: "A" }, { name: "A" })).toEqual({});
  });

  it("reads a lead time as whole days from 0 to 365", () => {
    expect(parseLeadDays("14")).toBe(14);
    expect(parseLeadDays(" 0 ")).toBe(0);
    expect(parseLeadDays("366")).toBeNull();
    expect(parseLeadDays("-1")).toBeNull();
    expect(parseLeadDays("1.5")).toBeNull();
    expect(parseLeadDays("")).toBeNull();
  });
});
