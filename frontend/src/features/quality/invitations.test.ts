import { describe, expect, it } from "vitest";
import { invitationState, plannedServiceLabel, surveyableServices } from "./invitations";

const NOW = new Date("2026-06-01T12:00:00Z");

describe("a survey link's state", () => {
  it("is used once answered, even when withdrawn or expired later", () => {
    expect(invitationState({ used_at: "2026-05-01T10:00:00Z", revoked_at: "2026-05-02T10:00:00Z", expires_at: "2026-05-03T00:00:00Z" }, NOW)).toBe("used");
  });

  it("is withdrawn, expired or open by its dates", () => {
    expect(invitationState({ used_at: null, revoked_at: "2026-05-02T10:00:00Z", expires_at: "2026-07-01T00:00:00Z" }, NOW)).toBe("revoked");
    expect(invitationState({ used_at: null, revoked_at: null, expires_at: "2026-06-01T12:00:00Z" }, NOW)).toBe("expired");
    expect(invitationState({ used_at: null, revoked_at: null, expires_at: "2026-06-02T00:00:00Z" }, NOW)).toBe("open");
  });
});

describe("a planned service in a select", () => {
  it("names the client, the service and the provider when there is one", () => {
    expect(plannedServiceLabel({ client_name: "Ana", service_type_name: "Home care", provider_name: "Caritas" })).toBe("Ana — Home care (Caritas)");
    expect(plannedServiceLabel({ client_name: "Ana", service_type_name: "Home care", provider_name: "" })).toBe("Ana — Home care");
  });
});

describe("the services a coordinator may survey", () => {
  it("are those with a provider on the coordinator's own plans", () => {
    const services = [
      { id: "a", plan: "p1", provider: "x" },
      { id: "b", plan: "p2", provider: "x" },
      { id: "c", plan: "p1", provider: null },
    ];
    expect(surveyableServices(services, [{ id: "p1" }]).map((s) => s.id)).toEqual(["a"]);
  });
});
