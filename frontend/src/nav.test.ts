import { describe, expect, it } from "vitest";
import { safeNext } from "./auth/guards";
import { allows, currentMembership, type Me } from "./auth/roles";
import { homeFor, navFor } from "./nav";
import { ROUTES } from "./routes";

const membership = (centre: string, role: string) =>
  ({ id: `m-${centre}`, user: "u", user_email: "a@b.c", centre, centre_name: centre, role, provider: null, provider_name: "", partner: null, partner_name: null, is_active: true }) as Me["memberships"][number];

describe("route guards", () => {
  it("lets anyone signed in open a route without roles", () => {
    expect(allows("volunteer", undefined)).toBe(true);
  });

  it("keeps a role out of another role's route", () => {
    expect(allows("provider", ["coordinator"])).toBe(false);
    expect(allows(null, ["coordinator"])).toBe(false);
    expect(allows("coordinator", ["coordinator", "manager"])).toBe(true);
  });

  it("returns after login only to a path on this site", () => {
    expect(safeNext("/clients?page=2")).toBe("/clients?page=2");
    expect(safeNext("//evil.example/")).toBeNull();
    expect(safeNext("https://evil.example/")).toBeNull();
    expect(safeNext("/login")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});

describe("navigation", () => {
  it("shows each role only its entries", () => {
    const coordinator = navFor("coordinator").map((i) => i.to);
    expect(coordinator).toContain("/profile");
    expect(navFor("volunteer").map((i) => i.to)).not.toContain("/clients");
  });

  it("lands a partner organisation's staff on their home and offers them no client screen", () => {
    expect(homeFor("partner")).toBe("/partner");
    const partner = navFor("partner").map((i) => i.to);
    expect(partner).toEqual(["/partner", "/notifications", "/profile"]);
    for (const path of ["/clients", "/community-plans", "/meetings", "/needs", "/partners", "/deliveries"]) {
      const route = ROUTES.find((r) => r.path === path);
      expect(allows("partner", route!.roles), path).toBe(false);
    }
  });

  it("lands each role on its first entry", () => {
    expect(homeFor("volunteer")).toBe(navFor("volunteer")[0].to);
    expect(homeFor(null)).toBe(navFor(null)[0]?.to ?? "/profile");
  });

  it("has a route behind every navigation entry, open to the roles that see the entry", () => {
    for (const role of ["admin", "manager", "coordinator", "provider", "volunteer", "auditor", "partner"] as const) {
      for (const item of navFor(role)) {
        const route = ROUTES.find((r) => r.path === item.to);
        expect(route, item.to).toBeDefined();
        expect(allows(role, route!.roles), `${role} ${item.to}`).toBe(true);
      }
    }
  });
});

describe("the current membership", () => {
  const me = { memberships: [membership("a", "coordinator"), membership("b", "manager")] } as unknown as Me;

  it("is the chosen centre's", () => {
    expect(currentMembership(me, "b")?.role).toBe("manager");
  });

  it("falls back to the first when the stored centre is gone", () => {
    expect(currentMembership(me, "zzz")?.role).toBe("coordinator");
  });

  it("is none without memberships", () => {
    expect(currentMembership({ memberships: [] } as unknown as Me, null)).toBeNull();
  });
});
