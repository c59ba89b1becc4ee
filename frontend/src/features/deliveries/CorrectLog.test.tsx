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
    id: "u1", email: "user@cus.example", first_name: "Pat", last_name: "User", language: "en", phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m1", user: "u1", user_email: "user@cus.example", centre: "c1", centre_name: "Centre", role, provider: role === "provider" ? "p1" : null, provider_name: "", is_active: true },
    ],
    mfa: { enabled: true, required: false, enrolment_required: false, recovery_codes_left: 10 },
  } as unknown as Me;
}

const original = {
  id: "d1", client: "cl1", client_name: "Ewa Kowalska", provider: "p1", provider_name: "Caritas", service_type_name: "Care at home",
  date: "2026-11-10", start_time: "09:00:00", duration_minutes: 90, units: "1.50", worker_name: "Anna Nowak", outcome: "delivered",
  note: "", status: "confirmed", status_reason: "", cost: "75.00", statement: "s1", corrects: null, corrected_by: null, flags: [],
  flagged: false, flags_resolved_at: null, flags_resolution: "", coordinated_by_me: true,
};
const correction = { ...original, id: "d2", date: "2026-12-07", duration_minutes: 60, units: "1.00", cost: "50.00", statement: null, corrects: "d1", status: "logged" };

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

/** The list of logs: the original until it is corrected, then the correcting entry and the corrected original. */
function logsServer() {
  let corrected = false;
  const calls = server({
    "GET /api/v1/deliveries/": () =>
      json(corrected ? { count: 2, results: [correction, { ...original, corrected_by: "d2" }] } : { count: 1, results: [original] }),
    "GET /api/v1/deliveries/d2/": () => json(correction),
    "POST /api/v1/deliveries/d1/correct/": async (_url, request) => {
      const body = await request.json();
      if (body.duration_minutes === 2000) return json({ duration_minutes: ["Ensure this value is less than or equal to 1440."] }, 400);
      if (body.date) return json({ detail: "2026-11 is closed for reporting.", code: "month_closed", field: "date" }, 409);
      corrected = true;
      return json(correction, 201);
    },
  });
  return calls;
}

vi.setConfig({ testTimeout: 20_000 });

describe("correcting a log of an approved month", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("provider staff correct with a reason; the original stays, marked corrected, beside the correcting entry", async () => {
    const calls = logsServer();
    renderAt("/provider/logs", me("provider"));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Correct the log of Ewa Kowalska/ }, { timeout: 15_000 }));
    const form = screen.getByRole("form", { name: /Correct the log of Ewa Kowalska/ });
    const duration = within(form).getByRole("spinbutton", { name: "Duration (minutes)" });
    expect(duration).toHaveValue(90);
    await user.clear(duration);
    await user.type(duration, "60");
    await user.click(within(form).getByRole("button", { name: "Save the correction" }));
    const reason = within(form).getByRole("textbox", { name: /Why it is corrected/ });
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.type(reason, "the visit lasted an hour");
    await user.click(within(form).getByRole("button", { name: "Save the correction" }));
    expect(await screen.findByText(/The log of Ewa Kowalska on .* is corrected: the correcting entry of .* replaces it\./)).toBeInTheDocument();
    // Only what changed is sent: the server copies the rest and recomputes the units.
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "the visit lasted an hour", duration_minutes: 60 });
    const corrected = await screen.findByTestId("corrected");
    expect(corrected).toHaveTextContent("Corrected");
    expect(await within(corrected).findByText(/Replaced by the correcting entry of .*: units: 1, 1 h, Delivered\./)).toBeInTheDocument();
    expect(corrected.closest("tr")).toHaveClass("corrected");
    expect(screen.getByTestId("correcting-entry")).toHaveTextContent("Correcting entry");
    expect(screen.queryByRole("button", { name: /Correct the log/ })).toBeNull(); // corrected once
  });

  it("shows the server's refusals next to the field they concern, and writes nothing", async () => {
    const calls = logsServer();
    renderAt("/provider/logs", me("provider"));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Correct the log of Ewa Kowalska/ }, { timeout: 15_000 }));
    const form = screen.getByRole("form", { name: /Correct the log of Ewa Kowalska/ });
    await user.type(within(form).getByRole("textbox", { name: /Why it is corrected/ }), "typo");
    const duration = within(form).getByRole("spinbutton", { name: "Duration (minutes)" });
    await user.clear(duration);
    await user.type(duration, "2000");
    await user.click(within(form).getByRole("button", { name: "Save the correction" }));
    expect(await within(form).findByText("Ensure this value is less than or equal to 1440.")).toBeInTheDocument();
    expect(duration).toHaveAttribute("aria-invalid", "true");
    await user.clear(duration);
    await user.type(duration, "60");
    const date = within(form).getByLabelText("Date of the correcting entry");
    await user.type(date, "2026-11-20");
    await user.click(within(form).getByRole("button", { name: "Save the correction" }));
    expect(await within(form).findByText("2026-11 is closed for reporting.")).toBeInTheDocument();
    expect(date).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("corrected")).toBeNull();
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
      { reason: "typo", duration_minutes: 2000 },
      { reason: "typo", duration_minutes: 60, date: "2026-11-20" },
    ]);
  });

  it("the coordinator corrects on the deliveries screen", async () => {
    logsServer();
    renderAt("/deliveries?status=all", me("coordinator"));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Correct the log of Ewa Kowalska/ }, { timeout: 15_000 }));
    expect(screen.getByRole("form", { name: /Correct the log of Ewa Kowalska/ })).toBeInTheDocument();
  });

  it("offers managers no correction", async () => {
    logsServer();
    renderAt("/deliveries?status=all", me("manager"));
    expect(await screen.findByRole("link", { name: "Ewa Kowalska" }, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Correct the log/ })).toBeNull();
  });
});
