import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import { AppRoutes } from "../../app/App";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import i18n from "../../i18n";
import { homeFor, navFor } from "../../nav";

// The data-protection officer's access log, against a fake API answering as the real one does (typed by the
// generated schema, so a change to the published shape breaks this file at `tsc -b`).

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const page = <T,>(results: T[]) => json({ count: results.length, next: null, previous: null, results });

function me(role: string): Me {
  return {
    id: "u1",
    email: `${role}@cus.example`,
    first_name: "Dana",
    last_name: "Officer",
    language: "en",
    phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m1", user: "u1", user_email: `${role}@cus.example`, centre: "c1", centre_name: "Centre", role, provider: null, provider_name: "", is_active: true },
    ],
    mfa: { enabled: true, required: false, enrolment_required: false, recovery_codes_left: 10 },
  } as unknown as Me;
}

const CLIENT_ID = "7d1d3c8e-1111-4a51-9a43-2b1f0f6f7a10";

function entry(overrides: Partial<Schemas["CentreAccessLog"]> = {}): Schemas["CentreAccessLog"] {
  return {
    id: 1,
    at: "2026-12-03T09:15:00Z",
    client: { id: CLIENT_ID, reference: "C-2026-0042", name: "Jana Kowalska" },
    user: { id: "0e1d2c3b-4a59-4b68-8c77-d6e5f4a3b2c1", name: "Paul Provider" },
    role: "provider",
    action: "list",
    what: "plannedservice",
    purpose: "service_delivery",
    path: "/api/v1/planned-services/?page=1",
    ip_address: "203.0.113.7",
    user_agent: "Firefox",
    ...overrides,
  };
}

type Handler = (url: URL) => Response | Promise<Response>;

function server(routes: Record<string, Handler>) {
  const calls: URL[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      calls.push(url);
      const handler = routes[`${request.method} ${url.pathname}`];
      return handler ? handler(url) : page([]);
    }),
  );
  return calls;
}

function renderAt(path: string, role: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, me(role));
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

describe("the access log", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is where the data-protection officer lands, and the administrator finds it; nobody else does", () => {
    expect(homeFor("auditor")).toBe("/audit/access-log");
    expect(navFor("admin").map((item) => item.to)).toContain("/audit/access-log");
    for (const role of ["coordinator", "manager", "provider", "volunteer"] as const) {
      expect(navFor(role).map((item) => item.to)).not.toContain("/audit/access-log");
    }
  });

  it("shows who read whose data, when, what, from where and why, and searches by client, reader and period", async () => {
    const calls = server({ "GET /api/v1/access-log/": () => page([entry()]) });
    renderAt("/audit/access-log", "auditor");
    const user = userEvent.setup();
    const table = await screen.findByRole("table", {}, { timeout: 15_000 });
    const row = within(table).getAllByRole("row")[1];
    expect(row).toHaveTextContent("C-2026-0042 Jana Kowalska");
    expect(row).toHaveTextContent("Paul Provider (Provider staff)");
    expect(row).toHaveTextContent("Seen in a list · plannedservice");
    expect(row).toHaveTextContent("Delivering a service");
    expect(row).toHaveTextContent("203.0.113.7");

    await user.type(screen.getByLabelText("Client (name or case reference)"), "Kowalska");
    await user.type(screen.getByLabelText("Who read (name or e-mail)"), "paul");
    await user.type(screen.getByLabelText("From"), "2026-12-01");
    await user.type(screen.getByLabelText("Until"), "2026-12-07");
    await user.click(screen.getByRole("button", { name: "Search" }));
    await vi.waitFor(() => {
      const last = calls.filter((url) => url.pathname === "/api/v1/access-log/").at(-1)!;
      expect(Object.fromEntries(last.searchParams)).toMatchObject({
        client_search: "Kowalska",
        user_search: "paul",
        since: "2026-12-01",
        until: "2026-12-07",
      });
    });
  }, 40_000);

  it("exports what the search selects as CSV and says so", async () => {
    const calls = server({
      "GET /api/v1/access-log/": () => page([entry()]),
      "GET /api/v1/access-log/export/": () => new Response("when,client\r\n", { status: 200, headers: { "Content-Type": "text/csv" } }),
    });
    renderAt("/audit/access-log?user_search=paul", "auditor");
    const user = userEvent.setup();
    await screen.findByRole("table", {}, { timeout: 15_000 });
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The access log was exported");
    const exported = calls.find((url) => url.pathname === "/api/v1/access-log/export/")!;
    expect(exported.searchParams.get("user_search")).toBe("paul");
  }, 40_000);

  it("narrows to one client and prints that client's log for a subject-access request", async () => {
    const calls = server({
      "GET /api/v1/access-log/": () => page([entry()]),
      [`GET /api/v1/clients/${CLIENT_ID}/access-log/print/`]: () =>
        new Response(new Blob(["%PDF"]), { status: 200, headers: { "Content-Type": "application/pdf" } }),
    });
    renderAt("/audit/access-log", "auditor");
    const user = userEvent.setup();
    const table = await screen.findByRole("table", {}, { timeout: 15_000 });
    await user.click(within(table).getByRole("button", { name: "C-2026-0042" }));
    expect(await screen.findByText("Only the reads of Jana Kowalska (C-2026-0042).")).toBeInTheDocument();
    expect(calls.filter((url) => url.pathname === "/api/v1/access-log/").at(-1)!.searchParams.get("client")).toBe(CLIENT_ID);

    await user.click(screen.getByRole("button", { name: "Print this client's access log (PDF)" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The access log of Jana Kowalska is ready");
    expect(calls.some((url) => url.pathname === `/api/v1/clients/${CLIENT_ID}/access-log/print/`)).toBe(true);
  }, 40_000);

  it("shows the server's refusal when the export fails", async () => {
    server({
      "GET /api/v1/access-log/": () => page([entry()]),
      "GET /api/v1/access-log/export/": () => json({ detail: "You do not have permission to perform this action." }, 403),
    });
    renderAt("/audit/access-log", "admin");
    const user = userEvent.setup();
    await screen.findByRole("table", {}, { timeout: 15_000 });
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByText(/You do not have permission/)).toBeInTheDocument();
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  }, 40_000);
});
