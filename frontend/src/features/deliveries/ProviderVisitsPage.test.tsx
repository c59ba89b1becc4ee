import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import i18n from "../../i18n";
import ProviderVisitsPage from "./ProviderVisitsPage";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const VISIT = {
  id: "ps1", plan: "p1", service_type_name: "Care at home", unit: "hour", units: "3.00", per: "week",
  start_date: "2026-11-01", end_date: null, contract_number: "C-1", status: "assigned", note: "",
  client: { id: "c1", first_name: "Jan", last_name: "Kowalski", street: "", postcode: "", municipality: "", phone: "", language: "pl", access_notes: "" },
};

let owner = 0;
function me(): Me {
  // Each test its own outbox (the queue is one per user and centre).
  owner += 1;
  return {
    id: `u-provider-${owner}`, email: "provider@cus.example", first_name: "Pia", last_name: "Provider", language: "en", phone: "",
    memberships: [
      { id: "m1", user: "u", user_email: "provider@cus.example", centre: "c1", centre_name: "Centre", role: "provider", provider: "pr1", provider_name: "Caritas", is_active: true },
    ],
  } as unknown as Me;
}

function server(answer: () => Response) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (request.method === "POST" && url.pathname === "/api/v1/deliveries/") return answer();
      if (url.pathname === "/api/v1/planned-services/") return json({ count: 1, results: [VISIT] });
      return json({ count: 0, results: [] });
    }),
  );
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, me());
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <AuthProvider>
          <ProviderVisitsPage />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

async function logAVisit() {
  const user = userEvent.setup();
  const card = (await screen.findByRole("heading", { name: "Jan Kowalski" })).closest("li") as HTMLElement;
  await user.click(within(card).getByRole("button", { name: "Log a visit" }));
  await user.click(within(card).getByRole("button", { name: "Save visit" }));
  return { card, user };
}

describe("logging a visit", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it("says a log accepted with flags was saved and flagged for the coordinator, with the reasons", async () => {
    server(() =>
      json({ id: "d1", flagged: true, flags: [{ code: "second_visit", message: "A second visit of this service on the same day." }] }, 201),
    );
    renderPage();
    const { card } = await logAVisit();
    const said = await within(card).findByTestId("log-flagged");
    expect(said).toHaveAttribute("role", "status");
    expect(said).toHaveTextContent("Visit logged. It was saved and flagged for the coordinator to check:");
    expect(within(said).getByRole("listitem")).toHaveTextContent("A second visit of this service on the same day.");
  });

  it("says a plain log was logged", async () => {
    server(() => json({ id: "d2", flagged: false, flags: [] }, 201));
    renderPage();
    const { card } = await logAVisit();
    expect(await within(card).findByRole("status")).toHaveTextContent("Visit logged.");
    expect(within(card).queryByTestId("log-flagged")).toBeNull();
  });

  it("shows a duplicate visit's reason above the form and at the start time, and lets the copy be discarded", async () => {
    const detail = "This visit is already logged (2026-11-02 at 09:00).";
    server(() => json({ detail, code: "duplicate_visit", field: "start_time", existing: "d0" }, 409));
    renderPage();
    const { card, user } = await logAVisit();
    // The refusal above the form (the error summary beside it links to the start time).
    expect((await within(card).findAllByRole("alert")).map((alert) => alert.textContent).join(" ")).toContain(detail);
    expect(within(card).getByLabelText("Start time")).toHaveAccessibleDescription(detail);
    // The id of the log it duplicates is for programs, never shown.
    expect(within(card).queryByText(/existing/)).toBeNull();
    expect(screen.getByTestId("outbox-status")).toHaveTextContent("Need your attention: 1.");
    await user.click(within(card).getByRole("button", { name: "Discard this copy" }));
    expect(screen.getByTestId("outbox-status")).toHaveTextContent("All visits logged on this device have been sent.");
    expect(within(card).getByRole("button", { name: "Log a visit" })).toBeInTheDocument();
  });
});
