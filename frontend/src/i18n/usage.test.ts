import { describe, expect, it } from "vitest";
import en from "./en.json";

// Every literal key the UI's code asks for, t("a.b") or label: "a.b" in nav.ts, is in the English catalogue
// (and so, by catalogues.test.ts, in all four).
const sources = import.meta.glob(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../api/schema.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function has(key: string): boolean {
  let node: unknown = en;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object" || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string";
}

describe("the catalogues", () => {
  it("hold every key the code uses", () => {
    const missing: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      const keys = [
        ...[...text.matchAll(/\bt\(\s*"([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+)"/g)].map((m) => m[1]),
        ...(file.endsWith("nav.ts") ? [...text.matchAll(/label: "([a-zA-Z0-9_.]+)"/g)].map((m) => m[1]) : []),
      ];
      for (const key of keys) if (!has(key)) missing.push(`${file}: ${key}`);
    }
    expect(missing).toEqual([]);
  });
});
