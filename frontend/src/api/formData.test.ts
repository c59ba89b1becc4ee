import { describe, expect, it } from "vitest";
import { formData } from "./formData";

describe("formData", () => {
  it("keeps a file as it is, repeats a list's key, writes other values as text and leaves out empty ones", () => {
    const file = new File(["%PDF-1.4"], "signed.pdf", { type: "application/pdf" });
    const form = formData({ evidence: file, providers: ["p1", "p2"], given_on: "2026-12-01", valid_until: null, note: undefined, n: 3 });
    expect(form.get("evidence")).toBeInstanceOf(File);
    expect((form.get("evidence") as File).name).toBe("signed.pdf");
    expect(form.getAll("providers")).toEqual(["p1", "p2"]);
    expect(form.get("given_on")).toBe("2026-12-01");
    expect(form.get("n")).toBe("3");
    expect(form.has("valid_until")).toBe(false);
    expect(form.has("note")).toBe(false);
  });
});
