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

function me(role: string): Me {
  return {
    id: "u1", email: "user@cus.example", first_name: "Cora", last_name: "Coordinator", language: "en", phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m1", user: "u1", user_email: "user@cus.example", centre: "c1", centre_name: "Centre", role, provider: null, provider_name: "", is_active: true },
    ],
    mfa: { enabled: true, required: false, enrolment_required: false, recovery_codes_left: 10 },
  } as unknown as Me;
}

function statement(counts: { confirmed: number; unconfirmed: number; flagged: number; disputed: number }) {
  return {
    id: "s1", provider: "p1", provider_name: "Caritas", contract: "k1", contract_number: "K/1/2026", month: "2026-11",
    status: "submitted", status_reason: "", submitted_at: "2026-12-02T09:00:00Z", submitted_by: "u2", decided_at: null,
    decided_by: null, total_units: "40.00", total_cost: "2000.00", deliveries_count: 10, log_counts: counts,
    created_at: "2026-12-01T09:00:00Z", updated_at: "2026-12-02T09:00:00Z",
  };
}

type Handler = (url: URL, request: Request) => Response | Promise<Response>;

function server(routes: Record<string, Handler>) {
  const calls: { path: string; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({ path: url.pathname, method: request.method, body: text ? JSON.parse(text) : null });
      const handler = routes[`${request.method} ${url.pathname}`];
      return handler ? handler(url, request) : json({ count: 0, results: [] });
    }),
  );
  return calls;
}

function renderAt(path: string, user: Me) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, user);
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

vi.setConfig({ testTimeout: 20_000 });

describe("the centre's monthly statements", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("show the logs by state, and the coordinator confirms the undisputed ones with the count first", async () => {
    let counts = { confirmed: 2, unconfirmed: 6, flagged: 1, disputed: 2 };
    const calls = server({
      "GET /api/v1/statements/": () => json({ count: 1, results: [statement(counts)] }),
      "POST /api/v1/deliveries/confirm-selection/": async (_url, request) => {
        const body = await request.json();
        if (!body.dry_run) counts = { confirmed: 7, unconfirmed: 1, flagged: 1, disputed: 2 };
        return json({ matched: 8, confirmed: 5, skipped_flagged: 1, skipped_disputed: 2 });
      },
    });
    renderAt("/statements", me("coordinator"));
    const user = userEvent.setup();
    const row = (await screen.findByRole("cell", { name: "Caritas" }, { timeout: 15_000 })).closest("tr") as HTMLElement;
    for (const text of ["Confirmed: 2", "Not confirmed: 6", "Flagged: 1", "Disputed: 2"]) {
      expect(within(row).getByText(text)).toBeInTheDocument();
    }
    await user.click(within(row).getByRole("button", { name: "Confirm all undisputed logs of this statement" }));
    const question = await within(row).findByRole("group", { name: /Logs to confirm: 5\./ });
    expect(question).toHaveTextContent("Flagged: 1, disputed: 2.");
    await user.click(within(question).getByRole("button", { name: "Yes, confirm them" }));
    expect(await screen.findByText("Logs confirmed: 5. Left for you to check: 1 flagged, 2 disputed.")).toBeInTheDocument();
    const posts = calls.filter((c) => c.method === "POST").map((c) => c.body);
    expect(posts).toEqual([{ statement: "s1", dry_run: true }, { statement: "s1", dry_run: false }]);
    expect(await within(row).findByText("Confirmed: 7")).toBeInTheDocument();
  });

  it("asks for a reason to approve a month with disputed or flagged logs", async () => {
    const calls = server({
      "GET /api/v1/statements/": () => json({ count: 1, results: [statement({ confirmed: 7, unconfirmed: 1, flagged: 1, disputed: 2 })] }),
      "POST /api/v1/statements/s1/approve/": () => json({ ...statement({ confirmed: 7, unconfirmed: 1, flagged: 1, disputed: 2 }), status: "approved" }),
    });
    renderAt("/statements", me("manager"));
    const user = userEvent.setup();
    const row = (await screen.findByRole("cell", { name: "Caritas" }, { timeout: 15_000 })).closest("tr") as HTMLElement;
    // Only the client's coordinator confirms logs.
    expect(within(row).queryByRole("button", { name: "Confirm all undisputed logs of this statement" })).toBeNull();
    await user.click(within(row).getByRole("button", { name: "Approve" }));
    const reason = within(row).getByRole("textbox", { name: /Reason/ });
    expect(reason).toHaveAccessibleDescription(/Disputed logs: 2, flagged: 1\. Say why the month is approved all the same\./);
    await user.click(within(row).getByRole("button", { name: "Approve" }));
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.type(reason, "Settled with the provider by phone");
    await user.click(within(row).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText(/The statement of Caritas for .* is approved\./)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "Settled with the provider by phone" });
  });

  it("approves a clean month without a reason", async () => {
    const calls = server({
      "GET /api/v1/statements/": () => json({ count: 1, results: [statement({ confirmed: 10, unconfirmed: 0, flagged: 0, disputed: 0 })] }),
      "POST /api/v1/statements/s1/approve/": () => json({ ...statement({ confirmed: 10, unconfirmed: 0, flagged: 0, disputed: 0 }), status: "approved" }),
    });
    renderAt("/statements", me("coordinator"));
    const user = userEvent.setup();
    const row = (await screen.findByRole("cell", { name: "Caritas" }, { timeout: 15_000 })).closest("tr") as HTMLElement;
    // Nothing left to confirm: no confirmation at once.
    expect(within(row).queryByRole("button", { name: "Confirm all undisputed logs of this statement" })).toBeNull();
    await user.click(within(row).getByRole("button", { name: "Approve" }));
    await user.click(within(row).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText(/is approved\./)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "" });
  });
});
