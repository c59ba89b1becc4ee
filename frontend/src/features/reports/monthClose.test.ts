import { describe, expect, it } from "vitest";
import { blockerLink, closable, finishedMonths, monthRows, type MonthClose } from "./monthClose";

const close = (month: string, status: MonthClose["status"]) =>
  ({ id: `c-${month}`, month, status, closed_at: "2026-12-02T09:00:00Z", closed_by: "m@cus.example" }) as MonthClose;

describe("the months to close", () => {
  it("are the finished months, newest first, across a year's turn", () => {
    expect(finishedMonths(new Date(2026, 1, 15), 3)).toEqual(["2026-01", "2025-12", "2025-11"]);
    expect(finishedMonths(new Date(2026, 11, 7), 2)).toEqual(["2026-11", "2026-10"]);
  });

  it("carry their state, and older months that were ever closed are listed too", () => {
    const rows = monthRows([close("2026-10", "closed"), close("2025-01", "reopened")], new Date(2026, 11, 7), 3);
    expect(rows.map((r) => [r.month, r.state])).toEqual([
      ["2026-11", "open"],
      ["2026-10", "closed"],
      ["2026-09", "open"],
      ["2025-01", "reopened"],
    ]);
    expect(rows[1].close?.closed_by).toBe("m@cus.example");
    expect(rows.map(closable)).toEqual([true, false, true, true]);
  });

  it("link each blocker to where it is dealt with", () => {
    const blocker = {
      contract: "k1", contract_number: "K/1", provider: "p1", provider_name: "Caritas", statement: "s1", status: "submitted",
    };
    expect(blockerLink(blocker, "2026-11")).toBe("/statements?status=submitted&month=2026-11");
    expect(blockerLink({ ...blocker, statement: null, status: "missing" }, "2026-11")).toBe(
      "/deliveries?status=all&month=2026-11&provider=p1",
    );
  });
});
