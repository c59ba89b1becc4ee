import { describe, expect, it } from "vitest";
import { ROUTES } from "./routes";

// The layout rules of frontend/README.md ("Features"), checked: feature folders are domains, never roles;
// the API is called from each feature's queries.ts only, and components call its hooks.
const sources = import.meta.glob(["./**/*.{ts,tsx}", "!./**/*.test.{ts,tsx}", "!./api/schema.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** Where talking to the API is allowed: the client module, the features' and auth's queries (a folder's
 * `queries.ts`, or `<topic>Queries.ts` beside it), the offline outboxes (visits, hours), the service worker. */
const API_HOMES = [
  /^\.\/api\//,
  /^\.\/features\/[a-z]+\/([a-z]+Q|q)ueries\.ts$/,
  /^\.\/auth\/queries\.ts$/,
  /^\.\/offline\/(deliveries|hours)\.ts$/,
  /^\.\/sw\.ts$/,
];
const ROLES = ["coordinator", "manager", "admin", "provider", "volunteer", "public"];

const featureFolders = [...new Set(Object.keys(sources).flatMap((f) => f.match(/^\.\/features\/([^/]+)\//)?.[1] ?? []))];

describe("the UI's layout", () => {
  it("has feature folders named after domains, not roles", () => {
    expect(featureFolders.length).toBeGreaterThan(5);
    expect(featureFolders.filter((f) => ROLES.includes(f) || ROLES.includes(f.replace(/s$/, "")))).toEqual(
      // volunteers is the volunteers domain (the volunteers, their agreements and hours), not the role.
      ["volunteers"],
    );
  });

  it("calls the API only from a feature's queries.ts (and the client, auth and outbox modules)", () => {
    const outside = Object.entries(sources)
      .filter(([file]) => !API_HOMES.some((home) => home.test(file)))
      .filter(([, text]) => /\bapi\.(GET|POST|PUT|PATCH|DELETE)\(|\buse(Query|Mutation|Queries|InfiniteQuery)\(|\bfetch\(/.test(text))
      .map(([file]) => file);
    expect(outside).toEqual([]);
  });

  it("routes to pages in domain folders; a page for one outside audience is named after it", () => {
    const routed = [...sources["./routes.tsx"].matchAll(/import\("\.\/features\/([a-z]+)\/([A-Za-z]+)"\)/g)];
    expect(routed.length).toBeGreaterThanOrEqual(ROUTES.length);
    for (const [, folder, page] of routed) {
      expect(featureFolders).toContain(folder);
      expect(page).toMatch(/Page$/);
    }
    // Provider staff's pages live with the deliveries they are about; the centre's staff's pages carry no role.
    const pages = routed.map(([, folder, page]) => `${folder}/${page}`);
    expect(pages.filter((p) => p.includes("/Provider")).every((p) => p.startsWith("deliveries/"))).toBe(true);
    expect(pages.filter((p) => /\/(Manager|Coordinator|Admin)[A-Z]/.test(p))).toEqual([]);
  });
});
