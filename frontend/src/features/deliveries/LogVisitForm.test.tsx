import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { LogVisitForm } from "./LogVisitForm";

describe("LogVisitForm", () => {
  it("logs a visit in a few taps: a duration, an outcome, save", async () => {
    await i18n.changeLanguage("en");
    const onSubmit = vi.fn();
    render(<LogVisitForm plannedService="ps-1" onSubmit={onSubmit} />);
    await userEvent.click(screen.getByLabelText("45 min"));
    await userEvent.click(screen.getByLabelText("Client absent"));
    await userEvent.click(screen.getByRole("button", { name: "Save visit" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    const payload = onSubmit.mock.calls[0][0];
    expect(payload).toMatchObject({
      planned_service: "ps-1",
      duration_minutes: 45,
      outcome: "client_absent",
      start_time: null,
      units: null,
      worker_name: "",
      note: "",
    });
    expect(payload.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("shows the server's field errors next to their fields and the others above the form", async () => {
    await i18n.changeLanguage("en");
    render(
      <LogVisitForm
        plannedService="ps-1"
        onSubmit={() => {}}
        fieldErrors={{ duration_minutes: ["Ensure this value is less than or equal to 1440."], non_field_errors: ["The month is locked."] }}
      />,
    );
    const duration = screen.getByLabelText("Duration (minutes)");
    expect(duration).toHaveAttribute("aria-invalid", "true");
    expect(duration).toHaveAccessibleDescription("Ensure this value is less than or equal to 1440.");
    expect(screen.getByRole("alert")).toHaveTextContent("The month is locked.");
  });

  it("starts from a queued log's payload when it is being corrected", async () => {
    await i18n.changeLanguage("en");
    render(
      <LogVisitForm
        plannedService="ps-1"
        onSubmit={() => {}}
        initial={{ planned_service: "ps-1", date: "2026-11-03", duration_minutes: 90, outcome: "delivered", note: "Shopping", worker_name: "" }}
      />,
    );
    expect(screen.getByLabelText(/^Date/)).toHaveValue("2026-11-03");
    expect(screen.getByLabelText("Duration (minutes)")).toHaveValue(90);
    expect(screen.getByLabelText("Note")).toHaveValue("Shopping");
  });
});
