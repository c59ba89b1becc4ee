import { describe, expect, it } from "vitest";
import { actionsFor, isEditable } from "./lifecycle";

describe("plan lifecycle buttons", () => {
  it("offers activation only to a draft", () => {
    expect(actionsFor("draft")).toContain("activate");
    expect(actionsFor("active")).not.toContain("activate");
  });

  it("resumes only a suspended plan", () => {
    expect(actionsFor("suspended")).toEqual(["resume", "close"]);
  });

  it("offers nothing on a closed or cancelled plan, or an unknown state", () => {
    expect(actionsFor("closed")).toEqual([]);
    expect(actionsFor("cancelled")).toEqual([]);
    expect(actionsFor("nonsense")).toEqual([]);
    expect(isEditable("closed")).toBe(false);
    expect(isEditable("draft")).toBe(true);
  });
});
