import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { byPlan } from "./RaisedNeeds";

const activity = (id: string, plan_title: string) => ({ id, plan_title, code: id, title: id }) as Schemas["Activity"];

describe("byPlan", () => {
  it("groups activities under their plan's title, keeping the order they came in", () => {
    const groups = byPlan([activity("1.1.1", "2026-2028"), activity("A.1", "2029-2031"), activity("1.1.2", "2026-2028")]);
    expect(groups.map(([plan, items]) => [plan, items.map((a) => a.id)])).toEqual([
      ["2026-2028", ["1.1.1", "1.1.2"]],
      ["2029-2031", ["A.1"]],
    ]);
  });

  it("gives no group for no activity", () => {
    expect(byPlan([])).toEqual([]);
  });
});
