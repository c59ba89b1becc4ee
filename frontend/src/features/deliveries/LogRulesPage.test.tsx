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
import { navFor } from "../../nav";

const json = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function me(role: string): Me {
  return {
    id: "u-manager",
    email: "manager@cus.example",
    first_name: "Mira",
    last_name: "Manager",
    language: "en",
    phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m1", user: "u-manager", user_email: "manager@cus.example", centre: "c1", centre_name: "Centre", role, provider: null, provider_name: "", is_active: true },
    ],
    mfa: { enabled: true, required: true, enrolment_required: false, recovery_codes_left: 10 },
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

function renderAt(path: string, user: Me | null) {
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

// The first render loads the lazy page: give a loaded machine time.
vi.setConfig({ testTimeout: 20_000 });

const HOME_CARE = "6a1f0000-0000-4000-8000-000000000001";
const MEALS = "6a1f0000-0000-4000-8000-000000000002";

function rules(overrides: { tolerance?: number; homeCare?: Partial<Row>; need?: boolean; days?: number } = {}) {
  return {
    frequency_tolerance: overrides.tolerance ?? 20,
    logs_need_confirmation: overrides.need ?? true,
    auto_confirm_after_days: overrides.days ?? 14,
    daily_limits: [
      { service_type: HOME_CARE, service_type_name: "Care at home", unit: "hour", default_daily_limit: "12.00", daily_limit: "12.00", own: false, ...overrides.homeCare },
      { service_type: MEALS, service_type_name: "Meals on wheels", unit: "meal", default_daily_limit: null, daily_limit: null, own: false },
    ],
  };
}
type Row = { daily_limit: string | null; own: boolean };

const rowOf = (name: string) => screen.getByRole("rowheader", { name }).closest("tr") as HTMLElement;

describe("the rules for service logs", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is in the menu of managers and administrators only", () => {
    for (const role of ["manager", "admin"] as const) expect(navFor(role).map((item) => item.to)).toContain("/manager/log-rules");
    for (const role of ["coordinator", "provider", "volunteer", "auditor"] as const) {
      expect(navFor(role).map((item) => item.to)).not.toContain("/manager/log-rules");
    }
  });

  it("shows the tolerance and each service type's default and the centre's limit", async () => {
    server({ "GET /api/v1/log-rules/": () => json(rules({ homeCare: { daily_limit: "8.00", own: true } })) });
    renderAt("/manager/log-rules", me("manager"));
    expect(await screen.findByRole("heading", { level: 1, name: "Rules for service logs" }, { timeout: 15_000 })).toBeInTheDocument();
    expect(await screen.findByLabelText(/^Tolerance \(%\)/)).toHaveValue(20);
    const care = rowOf("Care at home");
    expect(within(care).getByText("12")).toBeInTheDocument();
    expect(within(care).getByLabelText("Daily limit of Care at home at this centre")).toHaveValue("8.00");
    expect(within(care).getByLabelText("Daily limit of Care at home at this centre")).toHaveAccessibleDescription("Set by this centre.");
    expect(within(care).getByRole("button", { name: /Use the default/ })).toBeInTheDocument();
    const meals = rowOf("Meals on wheels");
    expect(within(meals).getByText("No limit")).toBeInTheDocument();
    expect(within(meals).getByLabelText("Daily limit of Meals on wheels at this centre")).toHaveValue("");
    // Only a limit the centre set itself can go back to the default.
    expect(within(meals).queryByRole("button", { name: /Use the default/ })).toBeNull();
  });

  it("saves a service type's limit (a decimal comma is fine) and says so", async () => {
    const calls = server({
      "GET /api/v1/log-rules/": () => json(rules()),
      [`PUT /api/v1/log-rules/daily-limits/${HOME_CARE}/`]: async (_url, request) => {
        const body = await request.json();
        return json(rules({ homeCare: { daily_limit: body.daily_limit, own: true } }));
      },
    });
    renderAt("/manager/log-rules", me("manager"));
    const user = userEvent.setup();
    await screen.findByRole("rowheader", { name: "Care at home" }, { timeout: 15_000 });
    const care = rowOf("Care at home");
    const input = within(care).getByLabelText("Daily limit of Care at home at this centre");
    await user.clear(input);
    await user.type(input, "7,5");
    await user.click(within(care).getByRole("button", { name: /^Save/ }));
    expect(await screen.findByRole("status")).toHaveTextContent("Saved: Care at home, at most 7.5 hours a day per client.");
    expect(calls.find((c) => c.method === "PUT")).toMatchObject({
      path: `/api/v1/log-rules/daily-limits/${HOME_CARE}/`,
      body: { daily_limit: "7.5" },
    });
    expect(await within(care).findByRole("button", { name: /Use the default/ })).toBeInTheDocument();
  });

  it("saves an empty limit as no limit", async () => {
    const calls = server({
      "GET /api/v1/log-rules/": () => json(rules()),
      [`PUT /api/v1/log-rules/daily-limits/${HOME_CARE}/`]: () => json(rules({ homeCare: { daily_limit: null, own: true } })),
    });
    renderAt("/manager/log-rules", me("manager"));
    const user = userEvent.setup();
    await screen.findByRole("rowheader", { name: "Care at home" }, { timeout: 15_000 });
    const care = rowOf("Care at home");
    await user.clear(within(care).getByLabelText("Daily limit of Care at home at this centre"));
    await user.click(within(care).getByRole("button", { name: /^Save/ }));
    expect(await screen.findByRole("status")).toHaveTextContent("Saved: Care at home has no daily limit at this centre.");
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ daily_limit: null });
  });

  it("goes back to the default and says so", async () => {
    const calls = server({
      "GET /api/v1/log-rules/": () => json(rules({ homeCare: { daily_limit: "8.00", own: true } })),
      [`DELETE /api/v1/log-rules/daily-limits/${HOME_CARE}/`]: () => json(rules()),
    });
    renderAt("/manager/log-rules", me("admin"));
    const user = userEvent.setup();
    await screen.findByRole("rowheader", { name: "Care at home" }, { timeout: 15_000 });
    const care = rowOf("Care at home");
    await user.click(within(care).getByRole("button", { name: /Use the default/ }));
    expect(await screen.findByRole("status")).toHaveTextContent("Care at home uses the default daily limit again.");
    expect(calls.some((c) => c.method === "DELETE" && c.path === `/api/v1/log-rules/daily-limits/${HOME_CARE}/`)).toBe(true);
    // The default applies again: its value in the field, and nothing to go back from.
    expect(within(care).getByLabelText("Daily limit of Care at home at this centre")).toHaveValue("12.00");
    expect(within(care).queryByRole("button", { name: /Use the default/ })).toBeNull();
  });

  it("shows the server's refusal at the limit's field", async () => {
    server({
      "GET /api/v1/log-rules/": () => json(rules()),
      [`PUT /api/v1/log-rules/daily-limits/${HOME_CARE}/`]: () =>
        json({ daily_limit: ["The daily limit must be more than 0 and at most 9999.99."] }, 400),
    });
    renderAt("/manager/log-rules", me("manager"));
    const user = userEvent.setup();
    await screen.findByRole("rowheader", { name: "Care at home" }, { timeout: 15_000 });
    const care = rowOf("Care at home");
    const input = within(care).getByLabelText("Daily limit of Care at home at this centre");
    await user.clear(input);
    await user.type(input, "0");
    await user.click(within(care).getByRole("button", { name: /^Save/ }));
    expect(await within(care).findByText("The daily limit must be more than 0 and at most 9999.99.")).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(/The daily limit must be more than 0/);
    expect(screen.getByRole("status")).toHaveTextContent("");
  });

  it("saves the frequency tolerance, checking it is a whole number up to 500 first", async () => {
    const calls = server({
      "GET /api/v1/log-rules/": () => json(rules()),
      "PATCH /api/v1/log-rules/": async (_url, request) => json(rules({ tolerance: (await request.json()).frequency_tolerance })),
    });
    renderAt("/manager/log-rules", me("manager"));
    const user = userEvent.setup();
    const tolerance = await screen.findByLabelText(/^Tolerance \(%\)/, {}, { timeout: 15_000 });
    const form = screen.getByRole("form", { name: "Above the plan's frequency" });
    await user.clear(tolerance);
    await user.type(tolerance, "501");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(tolerance).toHaveAccessibleDescription(/Enter a whole number from 0 to 500\./);
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
    await user.clear(tolerance);
    await user.type(tolerance, "35");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved: logs more than 35 % above the plan are flagged.")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Saved: logs more than 35 % above the plan are flagged.");
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ frequency_tolerance: 35 });
  });

  it("shows the server's refusal of the tolerance at its field", async () => {
    server({
      "GET /api/v1/log-rules/": () => json(rules()),
      "PATCH /api/v1/log-rules/": () => json({ frequency_tolerance: ["The tolerance is a percentage from 0 to 500."] }, 400),
    });
    renderAt("/manager/log-rules", me("manager"));
    const user = userEvent.setup();
    const tolerance = await screen.findByLabelText(/^Tolerance \(%\)/, {}, { timeout: 15_000 });
    await user.click(within(screen.getByRole("form", { name: "Above the plan's frequency" })).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The tolerance is a percentage from 0 to 500.")).toBeInTheDocument();
    expect(tolerance).toHaveAttribute("aria-invalid", "true");
  });

  it("saves how logs are confirmed: the days, checked first, then no confirmation at all", async () => {
    const calls = server({
      "GET /api/v1/log-rules/": () => json(rules()),
      "PATCH /api/v1/log-rules/": async (_url, request) => {
        const body = await request.json();
        return json(rules({ need: body.logs_need_confirmation, days: body.auto_confirm_after_days }));
      },
    });
    renderAt("/manager/log-rules", me("manager"));
    const user = userEvent.setup();
    const days = await screen.findByLabelText(/^Confirm automatically after \(days\)/, {}, { timeout: 15_000 });
    const form = screen.getByRole("form", { name: "Confirming logs" });
    const needs = within(form).getByLabelText("Coordinators confirm the providers' logs");
    expect(days).toHaveValue(14);
    expect(needs).toBeChecked();
    await user.clear(days);
    await user.type(days, "400");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(days).toHaveAccessibleDescription(/Enter a whole number from 0 to 365\./);
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
    await user.clear(days);
    await user.type(days, "7");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("status")).toHaveTextContent("days after the statement is submitted: 7.");
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ logs_need_confirmation: true, auto_confirm_after_days: 7 });
    await user.click(needs);
    expect(days).toBeDisabled();
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/coordinators do not confirm logs/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "PATCH")[1]?.body).toEqual({ logs_need_confirmation: false, auto_confirm_after_days: 7 });
  });

  it("says 0 days is never, and shows the server's refusal at the field", async () => {
    let refuse = false;
    server({
      "GET /api/v1/log-rules/": () => json(rules()),
      "PATCH /api/v1/log-rules/": () =>
        refuse ? json({ auto_confirm_after_days: ["Give a number of days from 0 (never) to 365."] }, 400) : json(rules({ days: 0 })),
    });
    renderAt("/manager/log-rules", me("manager"));
    const user = userEvent.setup();
    const days = await screen.findByLabelText(/^Confirm automatically after \(days\)/, {}, { timeout: 15_000 });
    const form = screen.getByRole("form", { name: "Confirming logs" });
    await user.clear(days);
    await user.type(days, "0");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Saved: logs are never confirmed automatically.");
    refuse = true;
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByText("Give a number of days from 0 (never) to 365.")).toBeInTheDocument();
    expect(days).toHaveAttribute("aria-invalid", "true");
  });
});
