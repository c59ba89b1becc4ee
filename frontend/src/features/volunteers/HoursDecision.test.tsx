import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { HoursDecision } from "./HoursDecision";

const row = { id: "h1", status: "logged", logged_by: "u1" } as Schemas["VolunteerHours"];

function show(hours: Schemas["VolunteerHours"], me: string) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <HoursDecision row={hours} me={me} onDone={() => {}} />
    </QueryClientProvider>,
  );
}

describe("HoursDecision", () => {
  it("offers verification to another staff member", () => {
    show(row, "u2");
    expect(screen.getByRole("button", { name: "Verify" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reject" })).toBeInTheDocument();
  });

  it("does not offer it to whoever logged the hours, and says who verifies them", () => {
    show(row, "u1");
    expect(screen.queryByRole("button", { name: "Verify" })).not.toBeInTheDocument();
    expect(screen.getByText(/another staff member verifies them/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reject" })).toBeInTheDocument();
  });

  it("offers nothing for decided hours", () => {
    show({ ...row, status: "verified" }, "u2");
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
