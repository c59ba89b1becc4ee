import { afterAll, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { unitAmount } from "./units";

const said = async (lang: string, units: string, unit: string) => {
  await i18n.changeLanguage(lang);
  return unitAmount(i18n.t, units, unit);
};

describe("an amount with its unit", () => {
  afterAll(async () => {
    await i18n.changeLanguage("en");
  });

  it("takes the plural form of each language", async () => {
    expect(await said("en", "1.00", "session")).toBe("1 session");
    expect(await said("en", "6.00", "hour")).toBe("6 hours");
    expect(await said("pl", "1", "session")).toBe("1 sesja");
    expect(await said("pl", "3", "session")).toBe("3 sesje");
    expect(await said("pl", "5", "session")).toBe("5 sesji");
    expect(await said("pl", "22", "hour")).toBe("22 godziny");
    expect(await said("pl", "1.5", "hour")).toBe("1,5 godziny");
    expect(await said("cs", "1", "visit")).toBe("1 návštěva");
    expect(await said("cs", "4", "visit")).toBe("4 návštěvy");
    expect(await said("cs", "5", "visit")).toBe("5 návštěv");
    expect(await said("sl", "2", "hour")).toBe("2 uri");
    expect(await said("sl", "3", "hour")).toBe("3 ure");
    expect(await said("sl", "5", "hour")).toBe("5 ur");
  });

  it("falls back to the unit's name for a centre's own unit", async () => {
    expect(await said("en", "2", "bed")).toBe("2 bed");
    expect(await said("en", "2", "")).toBe("2");
  });
});
