import { render, screen, within } from "@testing-library/react";
import { afterAll, describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import i18n from "../../i18n";
import { Timeline } from "./Timeline";

type Entry = Schemas["TimelineEntry"];

const CONSENT_ID = "5d0f6c2e-8a47-4c1b-9e3a-1f2b3c4d5e6f";
const PROVIDER_ID = "a3c9e1f0-7b24-4d8e-9c61-0e5f4a3b2c1d";
const GOAL_ID = "c81e728d-9d4c-4f63-a5b2-7e1d2c3b4a59";

// As the API answers a reader in English: labels and display values next to the raw field names and values.
const ENTRIES: Entry[] = [
  {
    at: "2026-10-14T09:30:00Z",
    user: { id: "0e1d2c3b-4a59-4b68-8c77-d6e5f4a3b2c1", name: "Ana Novak" },
    model: "consent",
    model_label: "Consent",
    object_id: CONSENT_ID,
    change_type: "changed",
    reason: "Client asked to share with the new provider",
    changes: [
      { field: "providers", label: "Providers covered", old: [], new: [PROVIDER_ID], hidden: false, old_display: null, new_display: "Caritas Ljubljana" },
      { field: "is_signed", label: "Signed", old: false, new: true, hidden: false, old_display: "No", new_display: "Yes" },
      {
        field: "valid_until",
        label: "Valid until",
        old: "2026-12-31",
        new: "2027-12-31",
        hidden: false, old_display: "31 Dec 2026",
        new_display: "31 Dec 2027",
      },
    ],
    version: null,
  },
  {
    at: "2026-10-12T07:00:00Z",
    user: { id: "0e1d2c3b-4a59-4b68-8c77-d6e5f4a3b2c1", name: "Ana Novak" },
    model: "goal",
    model_label: "Goal",
    object_id: GOAL_ID,
    change_type: "created",
    reason: "",
    changes: [
      { field: "title", label: "Title", old: null, new: "Cooks a warm meal twice a week", hidden: false, old_display: null, new_display: "Cooks a warm meal twice a week" },
      { field: "status", label: "Status", old: null, new: "in_progress", hidden: false, old_display: null, new_display: "In progress" },
    ],
    version: 3,
  },
  {
    at: "2026-10-11T16:45:00Z",
    user: null,
    model: "contact",
    model_label: "Contact person",
    object_id: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
    change_type: "deleted",
    reason: "Entered twice",
    changes: [],
    version: null,
  },
];

describe("the timeline", () => {
  afterAll(() => i18n.changeLanguage("en"));

  it("shows each change as label: old → new in the reader's words, never field names or ids", async () => {
    await i18n.changeLanguage("en");
    render(<Timeline entries={ENTRIES} />);
    const list = screen.getByRole("list", { name: "" });
    expect(list.tagName).toBe("OL");
    const items = within(list).getAllByRole("listitem").filter((li) => li.parentElement === list);
    expect(items).toHaveLength(3);

    const changed = items[0];
    expect(changed).toHaveTextContent("Consent: Changed");
    expect(changed).toHaveTextContent("Ana Novak");
    expect(changed).toHaveTextContent("Reason: Client asked to share with the new provider");
    const lines = within(changed).getAllByRole("listitem").map((li) => li.textContent);
    expect(lines).toEqual([
      "Providers covered: — → Caritas Ljubljana",
      "Signed: No → Yes",
      "Valid until: 31 Dec 2026 → 31 Dec 2027",
    ]);
    expect(within(changed).getByText(/14 Oct 2026/).tagName).toBe("TIME");
    expect(changed).not.toHaveTextContent(/Version/);

    const text = list.textContent ?? "";
    for (const raw of ["providers", "is_signed", "valid_until", "in_progress", "consent", CONSENT_ID, PROVIDER_ID, GOAL_ID]) {
      expect(text).not.toContain(raw);
    }
  });

  it("shows a created entry with its plan version, and a deleted one by nobody recorded", async () => {
    await i18n.changeLanguage("en");
    render(<Timeline entries={ENTRIES} />);
    const [, created, deleted] = screen.getAllByRole("listitem").filter((li) => li.parentElement?.tagName === "OL");

    expect(created).toHaveTextContent("Goal: Created · Plan version 3");
    expect(within(created).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Title: — → Cooks a warm meal twice a week",
      "Status: — → In progress",
    ]);
    expect(created).not.toHaveTextContent("Reason");

    expect(deleted).toHaveTextContent("Contact person: Deleted");
    expect(deleted).toHaveTextContent("No user recorded");
    expect(deleted).toHaveTextContent("Reason: Entered twice");
    expect(within(deleted).queryByRole("list")).not.toBeInTheDocument();
  });

  it("falls back to the raw value only where the display value is missing", async () => {
    await i18n.changeLanguage("en");
    const older = {
      ...ENTRIES[0],
      changes: [{ field: "is_signed", label: "Signed", old: false, new: true }, { field: "note", label: "Note", old: "", new: "Calls first" }],
    } as unknown as Entry;
    render(<Timeline entries={[older]} />);
    expect(screen.getAllByRole("listitem").slice(1).map((li) => li.textContent)).toEqual(["Signed: No → Yes", "Note: — → Calls first"]);
  });

  it("speaks the reader's language around the server's labels", async () => {
    await i18n.changeLanguage("pl");
    render(<Timeline entries={[{ ...ENTRIES[1], model_label: "Cel", changes: [] }, { ...ENTRIES[2], model_label: "Osoba kontaktowa" }]} />);
    expect(screen.getByText(/Cel/).closest("p")).toHaveTextContent("Cel: Utworzono · Wersja planu 3");
    expect(screen.getByText("Nie zapisano użytkownika", { exact: false })).toBeInTheDocument();
    expect(screen.getByText(/Osoba kontaktowa/).closest("p")).toHaveTextContent("Osoba kontaktowa: Usunięto");
  });

  it("says that a special-category field changed without showing what it said when the values are withheld", async () => {
    await i18n.changeLanguage("en");
    const withheld: Entry = {
      ...ENTRIES[0],
      model: "client",
      model_label: "Client",
      changes: [
        { field: "health_summary", label: "Health and care needs", old: null, new: null, old_display: null, new_display: null, hidden: true },
        { field: "phone", label: "Phone", old: "+48 1", new: "+48 2", old_display: "+48 1", new_display: "+48 2", hidden: false },
      ],
    };
    render(<Timeline entries={[withheld]} />);
    expect(screen.getAllByRole("listitem").slice(1).map((li) => li.textContent)).toEqual([
      "Health and care needs: changed (value shown only to the client's coordinator and the data-protection officer)",
      "Phone: +48 1 → +48 2",
    ]);
  });

  it("says so when there is no history", async () => {
    await i18n.changeLanguage("en");
    render(<Timeline entries={[]} />);
    expect(screen.getByText("Nothing here.")).toBeInTheDocument();
  });
});
