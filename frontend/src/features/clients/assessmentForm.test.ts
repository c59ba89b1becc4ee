import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { AREAS, assessmentBody, assessmentValues } from "./AssessmentForm";

const draft = {
  id: "a1",
  client: "c1",
  date: "2026-11-30",
  status: "draft",
  summary: "first visit",
  revision: 3,
  areas: [{ id: "x", area: "mobility", score: 3, description: "stairs" }],
  needs: [{ id: "n1", area: "mobility", service_type: "st1", priority: "high", description: "help with stairs" }],
} as unknown as Schemas["Assessment"];

describe("editing a draft assessment", () => {
  it("fills every area, the assessed ones with their score", () => {
    const values = assessmentValues(draft);
    expect(values.areas).toHaveLength(AREAS.length);
    expect(values.areas.find((a) => a.area === "mobility")).toEqual({ area: "mobility", score: "3", description: "stairs" });
    expect(values.areas.find((a) => a.area === "health")?.score).toBe("");
  });

  it("sends the areas assessed and keeps the needs' ids, so the needs are changed, not replaced", () => {
    const body = assessmentBody("c1", assessmentValues(draft));
    expect(body.areas).toEqual([{ area: "mobility", score: 3, description: "stairs" }]);
    expect(body.needs?.[0]).toMatchObject({ id: "n1", service_type: "st1", priority: "high" });
    expect(body.status).toBe("draft");
  });
});
