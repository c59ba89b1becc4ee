import { describe, expect, it } from "vitest";
import { comparisonRows, mergeRequest, pairKey, suggestedSurvivor, type DuplicateCandidate, type DuplicatePair } from "./duplicates";
import { mergedIntoOf, nationalIdTakenOf } from "./clientForm";

const record = (over: Partial<DuplicateCandidate>): DuplicateCandidate => ({
  id: "a",
  reference: "GDY/2026/00001",
  first_name: "Róża",
  last_name: "Audyt",
  birth_date: "1948-05-02",
  sex: "female",
  street: "ul. Morska 1",
  postcode: "81-001",
  municipality: "Gdynia",
  phone: "",
  email: "",
  status: "active",
  coordinator: null,
  coordinator_name: null,
  has_national_id: true,
  created_at: "2026-01-02T10:00:00Z",
  ...over,
});

const pair: DuplicatePair = {
  left: record({}),
  right: record({ id: "b", reference: "GDY/2026/00007", first_name: "ROZA", last_name: "Audyta", phone: "+48 600 1",
    has_national_id: false, created_at: "2025-12-30T10:00:00Z" }),
  score: 0.81,
};

describe("comparisonRows", () => {
  it("marks what the records say differently, ignoring case and accents", () => {
    const differs = Object.fromEntries(comparisonRows(pair).map((row) => [row.field, row.differs]));
    expect(differs.first_name).toBe(false); // Róża / ROZA: the same once folded
    expect(differs.last_name).toBe(true);
    expect(differs.phone).toBe(true);
    expect(differs.has_national_id).toBe(true);
    expect(differs.birth_date).toBe(false);
    expect(differs.reference).toBe(false); // always different: not a difference worth pointing at
  });

  it("keeps both values for each row", () => {
    const row = comparisonRows(pair).find((r) => r.field === "phone");
    expect(row).toMatchObject({ left: "", right: "+48 600 1", label: "clients.phone" });
  });
});

describe("mergeRequest", () => {
  it("merges the other record into the one chosen, with the reason trimmed", () => {
    expect(mergeRequest(pair, "right", "  same phone ")).toEqual({ survivor: "b", absorbed: "a", reason: "same phone" });
    expect(mergeRequest(pair, "left", "x")).toEqual({ survivor: "a", absorbed: "b", reason: "x" });
  });

  it("needs a survivor and a reason", () => {
    expect(mergeRequest(pair, "", "x")).toEqual({ error: "clients.duplicates.chooseSurvivor" });
    expect(mergeRequest(pair, "left", "   ")).toEqual({ error: "clients.duplicates.reasonRequired" });
  });
});

describe("suggestedSurvivor and pairKey", () => {
  it("suggests the record registered first", () => {
    expect(suggestedSurvivor(pair)).toBe("right");
    expect(suggestedSurvivor({ ...pair, left: pair.right, right: pair.left })).toBe("left");
  });

  it("names a pair the same whatever its order", () => {
    expect(pairKey(pair)).toBe(pairKey({ ...pair, left: pair.right, right: pair.left }));
  });
});

describe("nationalIdTakenOf", () => {
  it("reads the existing record of a national_id_taken refusal", () => {
    const existing = { id: "a", reference: "GDY/2026/00001", name: "Halina Kowalska", birth_date: "1950-03-15" };
    expect(nationalIdTakenOf({ code: "national_id_taken", national_id: ["Taken by GDY/2026/00001."], existing })).toEqual({
      message: "Taken by GDY/2026/00001.",
      existing,
    });
  });

  it("ignores any other answer", () => {
    expect(nationalIdTakenOf({ code: "possible_duplicate", duplicates: [] })).toBeNull();
    expect(nationalIdTakenOf(null)).toBeNull();
    expect(nationalIdTakenOf({ code: "national_id_taken" })).toBeNull();
  });
});

describe("mergedIntoOf", () => {
  it("reads the survivor of a merged record's 404", () => {
    expect(mergedIntoOf({ code: "merged", merged_into: "s", merged_into_reference: "GDY/2026/00001" })).toEqual({
      id: "s",
      reference: "GDY/2026/00001",
    });
    expect(mergedIntoOf({ code: "not_found" })).toBeNull();
  });
});
