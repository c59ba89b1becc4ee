import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppRoutes } from "../../app/App";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import i18n from "../../i18n";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function me(): Me {
  return {
    id: "u-coordinator", email: "coordinator@cus.example", first_name: "Cora", last_name: "Coordinator", language: "en", phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m1", user: "u-coordinator", user_email: "coordinator@cus.example", centre: "c1", centre_name: "Centre", role: "coordinator", provider: null, provider_name: "", is_active: true },
    ],
    mfa: { enabled: false, required: false, enrolment_required: false, recovery_codes_left: 0 },
  } as unknown as Me;
}

const FLAGGED = {
  id: "d1", client: "c1", client_name: "Jan Kowalski", service_type_name: "Care at home", provider_name: "Caritas", worker_name: "",
  date: "2026-11-02", units: "2.00", duration_minutes: 120, outcome: "delivered", note: "", status: "logged", status_reason: "",
  coordinated_by_me: true, flagged: true, flags: [{ code: "second_visit", message: "A second visit of this service on the same day." }],
  flags_resolved_at: null, flags_resolution: "",
};

type Handler = (url: URL, request: Request) => Response | Promise<Response>;

function server(routes: Record<string, Handler>) {
  const calls: { url: URL; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({ url, method: request.method, body: text ? JSON.parse(text) : null });
      const handler = routes[`${request.method} ${url.pathname}`];
      return handler ? handler(url, request) : json({ count: 0, results: [] });
    }),
  );
  return calls;
}

function renderAt(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, me());
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

// The first render loads the lazy page: give a loaded machine time.
vi.setConfig({ testTimeout: 20_000 });

describe("flagged logs", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("the check of logs lists only the flagged ones from its link, and confirms one only with a reason", async () => {
    let confirmed = false;
    const calls = server({
      "GET /api/v1/deliveries/": () => json(confirmed ? { count: 0, results: [] } : { count: 1, results: [FLAGGED] }),
      "POST /api/v1/deliveries/d1/confirm/": () => {
        confirmed = true;
        return json({ ...FLAGGED, status: "confirmed", flagged: false });
      },
    });
    renderAt("/deliveries?flagged=true&status=all");
    const user = userEvent.setup();
    const row = (await screen.findByRole("link", { name: "Jan Kowalski" }, { timeout: 15_000 })).closest("tr") as HTMLElement;
    expect(screen.getByRole("checkbox", { name: "Flagged only" })).toBeChecked();
    expect(screen.getByLabelText("Status")).toHaveValue("all");
    const query = calls.find((c) => c.url.pathname === "/api/v1/deliveries/")!.url.searchParams;
    expect(query.get("flagged")).toBe("true");
    expect(query.has("status")).toBe(false);

    await user.click(within(row).getByRole("button", { name: "Confirm" }));
    const reason = within(row).getByRole("textbox", { name: /Reason/ });
    expect(reason).toHaveAccessibleDescription(/Confirming it resolves its flags\./);
    await user.click(within(row).getByRole("button", { name: "Confirm" }));
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.type(reason, "Two short visits agreed with the family");
    await user.click(within(row).getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText(/The log of Jan Kowalski on .* is confirmed\./)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "Two short visits agreed with the family" });
  });

  it("the filter goes into the address and the query, and off again", async () => {
    const calls = server({ "GET /api/v1/deliveries/": () => json({ count: 0, results: [] }) });
    renderAt("/deliveries");
    const user = userEvent.setup();
    const only = await screen.findByRole("checkbox", { name: "Flagged only" }, { timeout: 15_000 });
    expect(only).not.toBeChecked();
    await user.click(only);
    await vi.waitFor(() =>
      expect(calls.some((c) => c.url.searchParams.get("flagged") === "true" && c.url.searchParams.get("status") === "logged")).toBe(true),
    );
    expect(only).toBeChecked();
  });

  it("the coordinator's day shows how many logs are flagged, the first reason of each, and links to them all", async () => {
    server({
      "GET /api/v1/deliveries/": (url) =>
        url.searchParams.get("flagged") === "true" ? json({ count: 7, results: [FLAGGED] }) : json({ count: 0, results: [] }),
    });
    renderAt("/today");
    const tile = (await screen.findByRole("heading", { name: /Flagged logs/ }, { timeout: 15_000 })).closest("section") as HTMLElement;
    expect(await within(tile).findByText("(7)")).toBeInTheDocument();
    expect(within(tile).getByRole("link", { name: "Jan Kowalski" })).toHaveAttribute("href", "/clients/c1?tab=deliveries");
    expect(within(tile).getByText("A second visit of this service on the same day.")).toBeInTheDocument();
    expect(within(tile).getByRole("link", { name: /See all/ })).toHaveAttribute("href", "/deliveries?flagged=true&status=all");
  });
});

describe("confirming many logs at once", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  const LOGGED = { ...FLAGGED, id: "d2", flagged: false, flags: [] };

  it("counts what the filters show first, then confirms and says what stays", async () => {
    const calls = server({
      "GET /api/v1/deliveries/": () => json({ count: 2, results: [LOGGED, FLAGGED] }),
      "POST /api/v1/deliveries/confirm-selection/": () =>
        json({ matched: 129, confirmed: 124, skipped_flagged: 3, skipped_disputed: 2 }),
    });
    renderAt("/deliveries?month=2026-11&status=all");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Confirm all shown" }, { timeout: 15_000 }));
    const question = await screen.findByRole("group", { name: /Logs to confirm: 124\. Confirm them all\?/ });
    expect(question).toHaveTextContent("Flagged: 3, disputed: 2. These stay for you to check one by one.");
    const posts = () => calls.filter((c) => c.method === "POST");
    expect(posts()).toHaveLength(1);
    expect(posts()[0].body).toEqual({ month: "2026-11", dry_run: true });
    await user.click(within(question).getByRole("button", { name: "Yes, confirm them" }));
    expect(await screen.findByText("Logs confirmed: 124. Left for you to check: 3 flagged, 2 disputed.")).toBeInTheDocument();
    expect(posts()[1].body).toEqual({ month: "2026-11", dry_run: false });
  });

  it("sends the list's filters and says when there is nothing to confirm; cancel writes nothing", async () => {
    const calls = server({
      "GET /api/v1/deliveries/": () => json({ count: 1, results: [FLAGGED] }),
      "POST /api/v1/deliveries/confirm-selection/": () =>
        json({ matched: 1, confirmed: 0, skipped_flagged: 1, skipped_disputed: 0 }),
    });
    renderAt("/deliveries?flagged=true&provider=p1");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Confirm all shown" }, { timeout: 15_000 }));
    const question = await screen.findByRole("group", { name: /There is nothing here to confirm at once\./ });
    expect(within(question).queryByRole("button", { name: "Yes, confirm them" })).toBeNull();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      status: "logged", provider: "p1", flagged: true, dry_run: true,
    });
    await user.click(within(question).getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("button", { name: "Confirm all shown" })).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
  });
});
