import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import { AppRoutes } from "../../app/App";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import i18n from "../../i18n";

// The report pages against the figures as the API publishes them: the fixtures are typed by the generated
// ReportData/ReportRun, so a change to the published shape breaks this file at `tsc -b`.

const byGender = (female: number, male: number, other = 0): Schemas["ReportByGender"] => ({
  female,
  male,
  other,
  total: female + male + other,
});

function breakdown(scale: number): Schemas["ReportBreakdown"] {
  const g = (f: number, m: number) => byGender(f * scale, m * scale);
  return {
    total: g(12, 9),
    unemployed: g(5, 4),
    long_term_unemployed: g(3, 2),
    inactive: g(4, 3),
    employed: g(3, 2),
    age_below_18: g(0, 1),
    age_18_29: g(2, 2),
    age_30_54: g(6, 4),
    age_55_plus: g(4, 2),
    isced_0_2: g(5, 4),
    isced_3_4: g(5, 4),
    isced_5_8: g(2, 1),
    with_disabilities: g(3, 3),
    third_country_nationals: g(1, 0),
    foreign_background: g(1, 1),
    minorities: g(1, 0),
    homeless_or_housing_exclusion: g(0, 1),
    rural_areas: g(4, 3),
  };
}

function participants(scale: number): Schemas["ReportParticipants"] {
  return {
    new: breakdown(scale),
    active: breakdown(scale * 4),
    leaving: breakdown(scale),
    cumulative: breakdown(scale * 6),
    results: {
      job_searching: byGender(2, 1),
      in_education_or_training: byGender(1, 0),
      gained_qualification: byGender(1, 1),
      in_employment: byGender(3, 2),
      followup_in_employment: byGender(2, 1),
      followup_improved_situation: byGender(4, 3),
    },
  };
}

function reportData(month: string, delivered: { home: string; meals: string }): Schemas["ReportData"] {
  return {
    centre: {
      name: "Center za pomoč na domu Ljubljana",
      code: "CPD-LJ",
      municipality: "Ljubljana",
      country: "SI",
      language: "sl",
      currency: "EUR",
      timezone: "Europe/Ljubljana",
    },
    month,
    period_start: `${month}-01`,
    period_end: `${month}-31`,
    cut_off_at: `${month}-31T22:59:59+00:00`,
    version: 1,
    funder_header: { Beneficiary: "Center za pomoč na domu Ljubljana", Project: "ESF+ Skupnostne storitve" },
    projects: [
      {
        funding_source_id: "6f1c2a4e-0d7b-4a51-9a43-2b1f0f6f7a10",
        name: "ESF+ Community services",
        project_code: "ESF-2026-014",
        funder: "Ministry of Labour",
        participants: participants(1),
      },
    ],
    participants: participants(1),
    services: [
      {
        service_type: "home_care",
        name: "Home care",
        unit: "hour",
        units_planned: "320.00",
        units_contracted: "400.00",
        units_delivered: delivered.home,
        hours: delivered.home,
        clients: 18,
        cost: "7360.00",
      },
      {
        service_type: "meals",
        name: "Meals on wheels",
        unit: "meal",
        units_planned: "600.00",
        // No monthly capacity set on the contract lines: empty, shown as a dash.
        units_contracted: "",
        units_delivered: delivered.meals,
        hours: "0.00",
        clients: 25,
        cost: "3231.00",
      },
    ],
    contracts: [
      {
        contract_id: "0b7e3d1c-5a2f-4a8e-b1d0-7f3e2c1a9b88",
        contract_number: "P-2026/07",
        provider: "Caritas Ljubljana",
        service_type: "home_care",
        funding_source: "ESF+ Community services",
        unit_price: "23.00",
        budget: "90000.00",
        units_delivered_month: delivered.home,
        amount_spent_month: "7360.00",
        amount_spent_to_date: "61200.00",
        amount_remaining: "28800.00",
        budget_used_percent: "68.00",
      },
    ],
    volunteers: { volunteers: 7, minutes: 2790, hours: "46.50", in_kind_value: "581.25" },
    plans: { opened: 4, reviewed: 11, closed: 2, goals_achieved: 6, active_at_month_end: 43 },
    waiting_list: { count: 3, clients: 3, median_wait_days: "12" },
    changes_since_close: [],
  };
}

function run(id: string, month: string, overrides: Partial<Schemas["ReportRun"]> = {}): Schemas["ReportRun"] {
  return {
    id,
    kind: "funder_monthly",
    month,
    version: 1,
    status: "done",
    is_closing: false,
    cut_off_at: `${month}-31T22:59:59Z`,
    params: {},
    data: null,
    files: [
      { format: "pdf", filename: `report-${month}.pdf`, content_type: "application/pdf", size: 48_128, sha256: "ab12".repeat(16), url: `http://testserver/api/v1/reports/${id}/pdf/` },
      { format: "csv", filename: `report-${month}.csv`, content_type: "text/csv", size: 2_048, sha256: "cd34".repeat(16), url: `http://testserver/api/v1/reports/${id}/csv/` },
    ],
    message: "",
    requested_by: "Mojca Kranjc",
    created_at: "2026-11-02T08:15:00Z",
    finished_at: "2026-11-02T08:16:10Z",
    ...overrides,
  };
}

const SEPTEMBER = run("11111111-1111-4111-8111-111111111111", "2026-09", {
  data: reportData("2026-09", { home: "290.50", meals: "575.00" }),
});
const OCTOBER = run("22222222-2222-4222-8222-222222222222", "2026-10");
const OCTOBER_DATA = reportData("2026-10", { home: "312.50", meals: "590.00" });
const RUNNING = run("33333333-3333-4333-8333-333333333333", "2026-11", {
  status: "running",
  cut_off_at: null,
  finished_at: null,
  files: [],
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** Stands in for the server: the list leaves October's figures out, its detail has them. */
function server(request: Request): Response {
  const url = new URL(request.url);
  if (url.pathname === "/api/v1/reports/") {
    const done = url.searchParams.get("status") === "done";
    const results = done ? [OCTOBER, SEPTEMBER] : [RUNNING, OCTOBER, SEPTEMBER];
    const page: Schemas["PaginatedReportRunList"] = { count: results.length, next: null, previous: null, results };
    return json(page);
  }
  if (url.pathname === `/api/v1/reports/${OCTOBER.id}/`) return json({ ...OCTOBER, data: OCTOBER_DATA });
  if (url.pathname === "/api/v1/me/") return json(MANAGER);
  if (url.pathname.startsWith("/api/v1/centres/")) return json({ id: "c1", name: "Centre", currency: "EUR" });
  return json({ count: 0, results: [] });
}

const MANAGER = {
  id: "u1",
  email: "manager@cus.example",
  first_name: "Mojca",
  last_name: "Kranjc",
  language: "en",
  phone: "",
  memberships: [
    { id: "m1", user: "u1", user_email: "manager@cus.example", centre: "c1", centre_name: "Centre", role: "manager", provider: null, provider_name: "", is_active: true },
  ],
} as unknown as Me;

function renderAt(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, MANAGER);
  return render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("the report pages", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", vi.fn(async (request: Request) => server(request)));
    // recharts' ResponsiveContainer watches its size; jsdom has no ResizeObserver.
    vi.stubGlobal(
      "ResizeObserver",
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists the runs: a finished one with its files, one still being computed", async () => {
    renderAt("/manager/reports");
    const cards = await screen.findAllByTestId("report-run", {}, { timeout: 5_000 });
    expect(cards.map((c) => c.getAttribute("data-status"))).toEqual(["running", "done", "done"]);
    const october = cards[1];
    expect(within(october).getByRole("heading", { level: 2 })).toHaveTextContent("October 2026");
    expect(within(october).getByRole("link", { name: /PDF/ })).toHaveAttribute("href", `/api/v1/reports/${OCTOBER.id}/pdf/`);
    expect(within(october).getByRole("link", { name: /CSV/ })).toHaveAttribute("href", `/api/v1/reports/${OCTOBER.id}/csv/`);
    expect(within(october).queryByRole("link", { name: /XLSX/ })).not.toBeInTheDocument();
    expect(october).toHaveTextContent("Mojca Kranjc");
    // No cut-off yet (null) and no files on the running one.
    expect(within(cards[0]).queryByRole("link")).not.toBeInTheDocument();
  });

  it("shows the volumes of the newest month from its figures, fetching a run the list sent without them", async () => {
    renderAt("/manager/volumes");
    const table = await screen.findByRole("table", { name: /October 2026/ }, { timeout: 5_000 });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent("Home care");
    expect(rows[1]).toHaveTextContent("312.5");
    expect(rows[1]).toHaveTextContent("400");
    expect(rows[1]).toHaveTextContent("€7,360.00");
    expect(rows[2]).toHaveTextContent("Meals on wheels");
    expect(rows[2]).toHaveTextContent("—");
    const month = screen.getByRole("combobox", { name: "Month" });
    expect(within(month).getAllByRole("option").map((o) => o.textContent)).toEqual(["September 2026", "October 2026"]);
    expect(vi.mocked(fetch).mock.calls.some(([r]) => new URL((r as Request).url).pathname === `/api/v1/reports/${OCTOBER.id}/`)).toBe(true);
  });
});
