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

function me(role: string, partner: string | null = null): Me {
  return {
    id: "u1",
    email: "someone@example.org",
    first_name: "Halina",
    last_name: "Drywa",
    language: "en",
    phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m1", user: "u1", user_email: "someone@example.org", centre: "c1", centre_name: "Centre", role, provider: null,
        provider_name: null, partner, partner_name: partner ? "Rada Seniorów" : null, is_active: true },
    ],
    mfa: { enabled: false, required: false, enrolment_required: false, recovery_codes_left: 0 },
  } as unknown as Me;
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
      const handler = routes[`${request.method} ${url.pathname}`] ?? routes[url.pathname];
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

const followUp = (id: string, extra: Record<string, unknown>) => ({
  id, meeting: "mt1", meeting_title: "Planning group", decision: null, description: `Action ${id}`, owner: null,
  owner_name: "Someone", partner: null, partner_name: null, due_date: "2026-12-20", status: "open", completed_at: null,
  completed_by: null, outcome: "", created_at: "2026-12-01T10:00:00Z", updated_at: "2026-12-01T10:00:00Z", ...extra,
});

describe("partners", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the server's refusal of a taken name on the name field and sends nothing else", async () => {
    const calls = server({
      "POST /api/v1/partners/": () => json({ name: ["A partner with this name already exists."] }, 400),
    });
    renderAt("/partners", me("manager"));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New partner" }, { timeout: 15_000 }));
    const form = screen.getByRole("form", { name: "New partner" });
    await user.type(within(form).getByLabelText(/^Name/), "Rada Seniorów");
    expect(within(form).queryByLabelText(/^Provider in the catalogue/)).toBeNull();
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByText("A partner with this name already exists.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      name: "Rada Seniorów", kind: "ngo", provider: null, contact_name: "", email: "", phone: "", note: "",
    });
  });

  it("lists on a partner's home only the follow-ups given to their partner or to them", async () => {
    server({
      "GET /api/v1/follow-ups/": () =>
        json({
          count: 3,
          results: [
            followUp("ours", { partner: "pa1", partner_name: "Rada Seniorów" }),
            followUp("mine", { owner: { id: "u1", name: "Halina Drywa" }, owner_name: "" }),
            followUp("theirs", {}),
          ],
        }),
    });
    renderAt("/partner", me("partner", "pa1"));
    expect(await screen.findByRole("heading", { name: "Rada Seniorów" }, { timeout: 15_000 })).toBeInTheDocument();
    const items = await screen.findAllByTestId("partner-follow-up");
    expect(items.map((item) => within(item).getByText(/^Action/).textContent)).toEqual(["Action ours", "Action mine"]);
  });
});
