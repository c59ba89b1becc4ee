import { describe, expect, it } from "vitest";
import cs from "./cs.json";
import en from "./en.json";
import pl from "./pl.json";
import sl from "./sl.json";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const english = leaves(en as Tree);

describe.each([
  ["pl", pl],
  ["cs", cs],
  ["sl", sl],
])("the %s catalogue", (_lang, catalogue) => {
  const translated = leaves(catalogue as Tree);

  it("has exactly the English keys", () => {
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("uses the same placeholders as English in every string", () => {
    for (const [key, text] of english) {
      expect({ key, placeholders: placeholders(translated.get(key) ?? "") }).toEqual({ key, placeholders: placeholders(text) });
    }
  });
});

describe("every catalogue", () => {
  it.each([
    ["en", en],
    ["pl", pl],
    ["cs", cs],
    ["sl", sl],
  ])("%s has no empty strings", (_lang, catalogue) => {
    const empty = [...leaves(catalogue as Tree)].filter(([, text]) => !text.trim()).map(([key]) => key);
    expect(empty).toEqual([]);
  });
});
