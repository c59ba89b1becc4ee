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
  const calls: { path: string; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({ path: url.pathname, method: request.method, body: text ? JSON.parse(text) : null });
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
