import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import { AuthProvider } from "../../auth/AuthProvider";
import i18n from "../../i18n";
import { ServicesSection } from "./ServicesSection";
import { weekdayList, weekdayName } from "./weekdays";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function server(routes: Record<string, (request: Request) => Response | Promise<Response>>) {
  const calls: { path: string; method: string; body: unknown; ifMatch: string | null }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({ path: url.pathname, method: request.method, body: text ? JSON.parse(text) : null, ifMatch: request.headers.get("If-Match") });
      const handler = routes[`${request.method} ${url.pathname}`];
      return handler ? handler(request) : json({ count: 0, results: [] });
    }),
  );
  return calls;
}

const SERVICE = {
  id: "ps1", plan: "p1", service_type: "st1", service_type_name: "Care at home", unit: "hour", units: "6.00", per: "week",
  start_date: "2026-11-01", end_date: "2027-04-30", provider: null, provider_name: null, contract_number: null,
  status: "waiting", waiting_since: "2026-11-01", note: "", weekdays: [1, 3, 5],
};

function plan(services: unknown[] = [SERVICE]): Schemas["Plan"] {
  return { id: "p1", start_date: "2026-11-01", end_date: "2027-04-30", services } as unknown as Schemas["Plan"];
}

function renderSection(p: Schemas["Plan"]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <AuthProvider>
          <ServicesSection plan={p} editable />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("weekday names", () => {
  it("come from Intl in the UI's language, Monday first", () => {
    expect(weekdayName(1, "en")).toBe("Monday");
    expect(weekdayName(7, "en")).toBe("Sunday");
    expect(weekdayName(1, "pl")).toBe("poniedziałek");
    expect(weekdayList([5, 1, 3], "en")).toBe("Monday, Wednesday and Friday");
    expect(weekdayList([2, 4], "cs")).toMatch(/^úterý\sa\sčtvrtek$/); // (Czech keeps "a" with the next word)
  });
});

describe("a planned service's days of the week", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("are listed with the service when set", () => {
    server({});
    renderSection(plan());
    expect(screen.getByText("Days: Monday, Wednesday and Friday")).toBeInTheDocument();
  });

  it("are sent as ISO numbers when a service is added", async () => {
    const calls = server({
      "GET /api/v1/service-types/": () => json({ count: 1, results: [{ id: "st1", name: "Care at home", unit: "hour" }] }),
      "POST /api/v1/planned-services/": async (request) => json({ id: "ps2", ...(await request.json()) }, 201),
    });
    renderSection(plan([]));
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add a service" }));
    const form = screen.getByRole("form", { name: "Add a service" });
    await user.selectOptions(await within(form).findByLabelText(/^Service/), "st1");
    await user.type(within(form).getByLabelText(/^Amount/), "4");
    const days = within(form).getByRole("group", { name: "Days of the week" });
    expect(days).toHaveAccessibleDescription("None ticked: any day.");
    expect(within(days).getAllByRole("checkbox")).toHaveLength(7);
    await user.click(within(days).getByRole("checkbox", { name: "Thursday" }));
    await user.click(within(days).getByRole("checkbox", { name: "Tuesday" }));
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      plan: "p1", service_type: "st1", units: "4", per: "week", weekdays: [2, 4],
    });
  });

  it("start from the service's days when it is edited, and none means any day", async () => {
    const calls = server({
      "PATCH /api/v1/planned-services/ps1/": async (request) => json({ ...SERVICE, ...(await request.json()) }),
    });
    renderSection(plan());
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Edit" }));
    const form = screen.getByRole("form", { name: "Edit service" });
    const days = within(form).getByRole("group", { name: "Days of the week" });
    expect(within(days).getByRole("checkbox", { name: "Monday" })).toBeChecked();
    expect(within(days).getByRole("checkbox", { name: "Tuesday" })).not.toBeChecked();
    for (const name of ["Monday", "Wednesday", "Friday"]) await user.click(within(days).getByRole("checkbox", { name }));
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")?.body).toMatchObject({ weekdays: [] });
  });
});

describe("a service across contract periods", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  const ASSIGNED = {
    ...SERVICE, status: "assigned", provider: "pr1", provider_name: "Caritas", contract_number: "UM/1/2026", revision: 3,
    periods: [
      { start_date: "2026-11-01", end_date: "2026-12-31", contract_line: "l1", contract: "c1", contract_number: "UM/1/2026" },
      { start_date: "2027-01-01", end_date: "2027-04-30", contract_line: "l2", contract: "c2", contract_number: "UM/1/2027" },
    ],
    assigned_until: null,
  };

  it("lists the contract of each period", () => {
    server({});
    renderSection(plan([ASSIGNED]));
    const periods = screen.getByRole("list", { name: "Contract periods" });
    expect(within(periods).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      expect.stringContaining("Contract UM/1/2026"), expect.stringContaining("Contract UM/1/2027"),
    ]);
    expect(screen.queryByText(/Assigned until/)).not.toBeInTheDocument();
  });

  it("warns when the provider's contracts stop before the service does", () => {
    server({});
    renderSection(plan([{ ...ASSIGNED, periods: [ASSIGNED.periods[0]], assigned_until: "2026-12-31" }]));
    expect(screen.getByRole("status")).toHaveTextContent(/Assigned until .*no contract of Caritas covers the rest/);
  });

  it("sends the revision it was edited from, and shows someone else's change when that was stale", async () => {
    const calls = server({
      "PATCH /api/v1/planned-services/ps1/": () => json({
        detail: "Someone else changed this record after you opened it.", code: "stale_record", revision: 4, etag: '"4"',
        changes: { by: ["Anna Nowak"], at: "2026-12-07T10:00:00Z", fields: [{ field: "note", label: "note" }] },
        current: { ...ASSIGNED, note: "Mornings only", revision: 4 },
      }, 412),
    });
    renderSection(plan([ASSIGNED]));
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Edit" }));
    const form = screen.getByRole("form", { name: "Edit service" });
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByTestId("stale-notice")).toHaveTextContent("note: Mornings only");
    expect(within(form).getByLabelText("Note")).toHaveValue("Mornings only"); // untouched here: their value is kept
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(2));
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.ifMatch)).toEqual(['"3"', '"4"']);
  });
});
