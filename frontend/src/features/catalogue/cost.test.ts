import { describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { costText } from "./cost";

describe("the cost of a service", () => {
  it("never says free and something else at once", async () => {
    await i18n.changeLanguage("en");
    const t = i18n.t;
    expect(costText(t, "0.00", "income-dependent")).toBe("income-dependent");
    expect(costText(t, null, "income-dependent")).toBe("income-dependent");
    expect(costText(t, "0.00", "")).toBe("Free of charge");
    expect(costText(t, null, "")).toBe("Not stated");
    expect(costText(t, "25.00", "per hour", "PLN")).toMatch(/^PLN\s?25\.00 — per hour$|^25\.00\s?PLN — per hour$/);
  });
});
