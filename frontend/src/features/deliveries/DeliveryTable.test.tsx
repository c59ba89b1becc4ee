import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import i18n from "../../i18n";
import { DeliveryTable } from "./DeliveryTable";

function log(id: string, extra: Partial<Schemas["Delivery"]> = {}): Schemas["Delivery"] {
  return {
    id,
    client: `c-${id}`,
    client_name: `Client ${id}`,
    service_type_name: "Care at home",
    provider_name: "Caritas",
    worker_name: "",
    date: "2026-11-02",
    units: "1.00",
    duration_minutes: 60,
    outcome: "delivered",
    note: "",
    status: "logged",
    status_reason: "",
    flags: [],
    flagged: false,
    flags_resolved_at: null,
    flags_resolution: "",
    ...extra,
  } as unknown as Schemas["Delivery"];
}

function renderTable(rows: Schemas["Delivery"][]) {
  render(
    <MemoryRouter>
      <DeliveryTable rows={rows} caption="Logs" />
    </MemoryRouter>,
  );
}

const rowOf = (client: string) => screen.getByRole("link", { name: client }).closest("tr") as HTMLElement;

describe("DeliveryTable flags", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });

  it("marks a flagged log in words and lists the server's reasons", () => {
    renderTable([
      log("a", {
        flagged: true,
        flags: [
          { code: "above_frequency", message: "Above the plan: 5 units this week against 3 planned (more than 20% above)." },
          { code: "off_schedule", message: "Logged on a Sunday; the plan covers Monday, Wednesday." },
        ],
      }),
      log("b"),
    ]);
    const flagged = rowOf("Client a");
    expect(within(flagged).getByText("Flagged for checking")).toBeInTheDocument();
    const reasons = within(flagged).getAllByRole("listitem").map((item) => item.textContent);
    expect(reasons).toEqual([
      "Above the plan: 5 units this week against 3 planned (more than 20% above).",
      "Logged on a Sunday; the plan covers Monday, Wednesday.",
    ]);
    // The warning sign is decoration: the words carry the meaning.
    expect(within(flagged).getByText("⚠", { exact: false })).toHaveAttribute("aria-hidden", "true");
    expect(within(rowOf("Client b")).queryByText("Flagged for checking")).toBeNull();
  });

  it("shows resolved flags muted, with the reason they were resolved", () => {
    renderTable([
      log("c", {
        status: "confirmed",
        flagged: false,
        flags: [{ code: "second_visit", message: "A second visit of this service on the same day." }],
        flags_resolved_at: "2026-11-03T09:00:00Z",
        flags_resolution: "Two short visits were agreed with the family.",
      }),
    ]);
    const row = rowOf("Client c");
    const resolved = within(row).getByText("Flags resolved: Two short visits were agreed with the family.");
    expect(resolved).toHaveClass("muted");
    expect(within(row).queryByText("Flagged for checking")).toBeNull();
    expect(within(row).queryByText("A second visit of this service on the same day.")).toBeNull();
  });
});
