import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/errors";
import { Field } from "./Field";
import { ReasonAction } from "./ReasonAction";
import { SearchToolbar } from "./SearchToolbar";
import { Tabs } from "./Tabs";

describe("Field", () => {
  it("labels its control and ties the error to it", () => {
    render(
      <Field label="Last name" error="This field is required." required>
        <input />
      </Field>,
    );
    const input = screen.getByLabelText(/Last name/);
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("This field is required.");
  });

  it("marks nothing invalid without an error", () => {
    render(
      <Field label="Phone" hint="With the country code">
        <input />
      </Field>,
    );
    const input = screen.getByLabelText("Phone");
    expect(input).not.toHaveAttribute("aria-invalid");
    expect(input).toHaveAccessibleDescription("With the country code");
  });
});

describe("ReasonAction", () => {
  it("does not send a required reason left empty", async () => {
    const onConfirm = vi.fn().mockResolvedValue(undefined);
    render(<ReasonAction label="Dispute" reasonRequired onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole("button", { name: "Dispute" }));
    await userEvent.click(screen.getByRole("button", { name: "Dispute" }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole("textbox")).toHaveAttribute("aria-invalid", "true");
  });

  it("sends the reason and shows the server's refusal in place", async () => {
    const onConfirm = vi.fn().mockRejectedValue(new ApiError(409, { detail: "The month is locked.", code: "locked" }));
    render(<ReasonAction label="Dispute" onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole("button", { name: "Dispute" }));
    await userEvent.type(screen.getByRole("textbox"), " visit was shorter ");
    await userEvent.click(screen.getByRole("button", { name: "Dispute" }));
    expect(onConfirm).toHaveBeenCalledWith("visit was shorter");
    expect(await screen.findByRole("alert")).toHaveTextContent("The month is locked.");
  });
});

describe("ReasonAction focus", () => {
  it("returns focus to its button when the form is cancelled", async () => {
    render(<ReasonAction label="Suspend" onConfirm={vi.fn()} />);
    await userEvent.click(screen.getByRole("button", { name: "Suspend" }));
    expect(screen.getByRole("textbox")).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("button", { name: "Suspend" })).toHaveFocus();
  });
});

describe("Tabs", () => {
  it("moves between tabs with the arrow keys", async () => {
    const onChange = vi.fn();
    render(
      <Tabs label="Record" tabs={[{ id: "a", label: "A" }, { id: "b", label: "B" }]} current="a" onChange={onChange}>
        <p>panel</p>
      </Tabs>,
    );
    const first = screen.getByRole("tab", { name: "A" });
    expect(first).toHaveAttribute("aria-selected", "true");
    first.focus();
    await userEvent.keyboard("{ArrowRight}");
    expect(onChange).toHaveBeenCalledWith("b");
    expect(screen.getByRole("tabpanel")).toHaveTextContent("panel");
  });
});

describe("SearchToolbar", () => {
  it("searches for the typed text only when the form is submitted", async () => {
    const onSearch = vi.fn();
    render(
      <SearchToolbar initial="Kowal" onSearch={onSearch}>
        <label>
          Status <select><option>all</option></select>
        </label>
      </SearchToolbar>,
    );
    expect(screen.getByRole("search")).toContainElement(screen.getByLabelText(/Status/));
    const box = screen.getByRole("searchbox");
    expect(box).toHaveValue("Kowal");
    await userEvent.clear(box);
    await userEvent.type(box, "Nowak");
    expect(onSearch).not.toHaveBeenCalled();
    await userEvent.type(box, "{Enter}");
    expect(onSearch).toHaveBeenCalledTimes(1);
    expect(onSearch).toHaveBeenCalledWith("Nowak");
  });
});
