import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import VolunteerHomePage from "./VolunteerHomePage";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

let owner = 0;
function me(): Me {
  owner += 1; // each test its own outbox (one per user and centre)
  return {
    id: `u-volunteer-${owner}`, email: "volunteer@cus.example", first_name: "Vera", last_name: "Volunteer", language: "en", phone: "",
    memberships: [
      { id: "m1", user: "u", user_email: "volunteer@cus.example", centre: "c1", centre_name: "Centre", role: "volunteer", provider: null, provider_name: "", is_active: true },
    ],
  } as unknown as Me;
}

const TOTALS = { total: { hours: "1.0", verified_hours: "0", logged_hours: "1.0", value: "0" }, results: [], currency: "PLN" };
const ACTIVITY = { id: "a1", name: "Shopping", is_active: true };

/** A stand-in API; `hours` answers each POST of hours (throwing = no network). Returns the keys of the POSTs. */
function server(hours: (body: Record<string, unknown>) => Response) {
  const posted: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (request.method === "POST" && url.pathname === "/api/v1/volunteer-hours/") {
        const body = (await request.json()) as Record<string, unknown>;
        posted.push(`${request.headers.get("Idempotency-Key")}=${String(body.client_uuid)}`);
        return hours(body);
      }
      if (url.pathname === "/api/v1/volunteer-hours/totals/") return json(TOTALS);
      if (url.pathname === "/api/v1/volunteer-activity-types/") return json({ count: 1, results: [ACTIVITY] });
      return json({ count: 0, results: [] });
    }),
  );
  return posted;
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, me());
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <AuthProvider>
          <VolunteerHomePage />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

function goOnline(online: boolean) {
  vi.spyOn(navigator, "onLine", "get").mockReturnValue(online);
  if (online) window.dispatchEvent(new Event("online"));
}

describe("a volunteer's hours go through the phone's outbox", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it("are saved at once when online", async () => {
    const posted = server(() => json({ id: "h1" }, 201));
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Save hours" }));
    expect(await screen.findByText("Hours saved; the volunteer centre will verify them.")).toBeInTheDocument();
    expect(posted).toHaveLength(1);
    const [key, uuid] = posted[0].split("=");
    expect(key).toBe(uuid); // the Idempotency-Key is the entry's client_uuid
    expect(screen.queryByTestId("hours-outbox-item")).not.toBeInTheDocument();
  });

  it("wait on the phone without network and are stored once when it is back", async () => {
    let network = false;
    const posted = server(() => {
      if (!network) throw new TypeError("Failed to fetch");
      return json({ id: "h1" }, 201);
    });
    goOnline(false);
    renderPage();
    await userEvent.clear(await screen.findByLabelText(/Minutes/));
    await userEvent.type(screen.getByLabelText(/Minutes/), "90");
    await userEvent.click(screen.getByRole("button", { name: "Save hours" }));
    expect(await screen.findByText(/Saved on this device; the hours will be sent/)).toBeInTheDocument();
    expect(screen.getByTestId("hours-outbox-status")).toHaveTextContent("Waiting to be sent: 1.");
    expect(posted).toHaveLength(0); // offline: not even tried

    network = true;
    goOnline(true);
    await waitFor(() => expect(screen.queryByTestId("hours-outbox-item")).not.toBeInTheDocument());
    expect(posted).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(`cus.outbox.hours.u-volunteer-${owner}.c1`) ?? "[]")).toEqual([]);
  });

  it("keep a refusal's reasons at their fields until corrected, and the corrected entry keeps its key", async () => {
    const posted = server((body) =>
      body.activity_type ? json({ id: "h1" }, 201) : json({ activity_type: ["Choose an activity."] }, 400),
    );
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Save hours" }));
    const activity = await screen.findByRole("combobox", { name: "Activity" });
    await waitFor(() => expect(activity).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getAllByText("Choose an activity.").length).toBeGreaterThan(0);
    expect(screen.getByTestId("hours-outbox-status")).toHaveTextContent("Need your attention: 1.");

    await userEvent.selectOptions(activity, "a1");
    await userEvent.click(screen.getByRole("button", { name: "Save hours" }));
    expect(await screen.findByText("Hours saved; the volunteer centre will verify them.")).toBeInTheDocument();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toBe(posted[0]); // the same entry, sent again: stored once
    expect(screen.queryByTestId("hours-outbox-item")).not.toBeInTheDocument();
  });
});
