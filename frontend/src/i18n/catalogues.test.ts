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

// Plural forms: "key_one", "key_few"... are one key in as many forms as the language has (i18next).
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, "");
const bases = (keys: Iterable<string>) => [...new Set([...keys].map(base))].sort();
const pluralBases = (keys: Iterable<string>) => new Set([...keys].filter((key) => PLURAL.test(key)).map(base));

describe.each([
  ["pl", pl],
  ["cs", cs],
  ["sl", sl],
])("the %s catalogue", (lang, catalogue) => {
  const translated = leaves(catalogue as Tree);

  it("has exactly the English keys (each plural in its language's forms)", () => {
    expect(bases(translated.keys())).toEqual(bases(english.keys()));
    expect([...translated.keys()].filter((key) => !PLURAL.test(key)).sort()).toEqual(
      [...english.keys()].filter((key) => !PLURAL.test(key)).sort(),
    );
  });

  it("has every plural form its language needs", () => {
    const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const key of pluralBases(english.keys())) {
      for (const form of forms) expect({ key, form, has: translated.has(`${key}_${form}`) }).toEqual({ key, form, has: true });
    }
  });

  it("uses the same placeholders as English in every string", () => {
    for (const [key, text] of translated) {
      const source = english.get(key) ?? english.get(`${base(key)}_other`) ?? "";
      expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(source) });
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
