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
import { navFor } from "../../nav";
import { rightsFor } from "./ClientRights";

// Pages load lazily and the fake API answers asynchronously: on a loaded machine these journeys take seconds.
vi.setConfig({ testTimeout: 30_000 });

// Subject rights on the client page and the retention page, against a fake API answering as the real one does
// (typed by the generated schema, so a change to the published shapes breaks this file at `tsc -b`).

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const page = <T,>(results: T[]) => json({ count: results.length, next: null, previous: null, results });

function me(role: string): Me {
  return {
    id: "u1",
    email: `${role}@cus.example`,
    first_name: "Ola",
    last_name: "Staff",
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
const client = (status = "closed") => ({
  id: CLIENT_ID,
  reference: "C-2026-0042",
  first_name: "Jana",
  last_name: "Kowalska",
  birth_date: "1950-04-02",
  status,
  sex: "female",
});

function copy(overrides: Partial<Schemas["SubjectExport"]> = {}): Schemas["SubjectExport"] {
  return {
    id: "e1e1e1e1-0000-4000-8000-000000000001",
    client: CLIENT_ID,
    client_reference: "C-2026-0042",
    client_name: "Jana Kowalska",
    requested_by: "Ola Staff",
    language: "pl",
    status: "queued",
    progress: 0,
    message: "",
    size: null,
    sha256: "",
    created_at: "2026-12-07T08:00:00Z",
    finished_at: null,
    expires_at: null,
    downloaded_at: null,
    download_count: 0,
    purged_at: null,
    available: false,
    download_url: "/api/v1/subject-exports/e1e1e1e1-0000-4000-8000-000000000001/download/",
    ...overrides,
  };
}

function erasure(overrides: Partial<Schemas["ErasureRequest"]> = {}): Schemas["ErasureRequest"] {
  return {
    id: "r1",
    client: CLIENT_ID,
    client_reference: "C-2026-0042",
    client_name: "Jana Kowalska",
    client_status: "closed",
    received_on: "2026-12-01",
    channel: "letter",
    note: "Erase everything",
    recorded_by: "Ola Staff",
    status: "pending",
    refusal_reason: "" as unknown as Schemas["ErasureRequest"]["refusal_reason"], // the API sends "" until a refusal (the schema lists only the reasons)
    explanation: "",
    decided_by: "",
    decided_at: null,
    created_at: "2026-12-01T09:00:00Z",
    client_anonymised: false,
    client_on_hold: false,
    ...overrides,
  };
}

function hold(overrides: Partial<Schemas["LegalHold"]> = {}): Schemas["LegalHold"] {
  return {
    id: "h1",
    client: CLIENT_ID,
    client_reference: "C-2026-0042",
    client_name: "Jana Kowalska",
    reason: "Court proceedings",
    placed_by: "Mia Manager",
    created_at: "2026-12-02T09:00:00Z",
    is_active: true,
    released_at: null,
    released_by: "",
    release_reason: "",
    ...overrides,
  };
}

type Handler = (url: URL, request: Request) => Response | Promise<Response>;
interface Call {
  path: string;
  method: string;
  body: unknown;
}

function server(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({ path: url.pathname, method: request.method, body: text ? JSON.parse(text) : null });
      const handler = routes[`${request.method} ${url.pathname}`];
      return handler ? handler(url, request) : page([]);
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

const RIGHTS = `/clients/${CLIENT_ID}?tab=rights`;
const section = async (name: string) => (await screen.findByRole("heading", { name }, { timeout: 15_000 })).closest("section") as HTMLElement;

describe("subject rights on the client page", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lets the coordinator start a copy, shows its progress while the worker runs, and downloads the ZIP", async () => {
    let state: Schemas["SubjectExport"][] = [];
    let polls = 0;
    const calls = server({
      [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json(client("active")),
      "GET /api/v1/subject-exports/": () => {
        polls += 1;
        // The worker moves on between two polls: queued -> running at 40 % -> done.
        if (state.length && state[0].status === "queued" && polls > 2) state = [copy({ status: "running", progress: 40 })];
        else if (state.length && state[0].status === "running" && polls > 3)
          state = [copy({ status: "done", progress: 100, available: true, size: 2048, expires_at: "2026-12-21T08:00:00Z" })];
        return page(state);
      },
      "POST /api/v1/subject-exports/": () => {
        state = [copy()];
        return json(copy(), 202);
      },
      "GET /api/v1/subject-exports/e1e1e1e1-0000-4000-8000-000000000001/download/": () =>
        new Response(new Blob(["PK"]), { status: 200, headers: { "Content-Type": "application/zip" } }),
    });
    renderAt(RIGHTS, "coordinator");
    const user = userEvent.setup();
    const exports = await section("Copy of the client's data (access and portability)");
    expect(await within(exports).findByText("No copy has been requested.")).toBeInTheDocument();

    await user.click(within(exports).getByRole("button", { name: "Prepare a copy" }));
    expect(await within(exports).findByText(/The copy is being prepared/)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/subject-exports/")?.body).toEqual({ client: CLIENT_ID });
    // While the copy is built, no second one can be started and the progress is shown.
    expect(within(exports).getByRole("button", { name: "Prepare a copy" })).toBeDisabled();
    expect(await within(exports).findByText("Prepared: 40 %", {}, { timeout: 6000 })).toBeInTheDocument();
    expect(within(exports).getByRole("progressbar")).toHaveAttribute("value", "40");

    const download = await within(exports).findByRole("button", { name: "Download the ZIP" }, { timeout: 6000 });
    expect(within(exports).getByText("Ready")).toBeInTheDocument();
    await user.click(download);
    expect(await within(exports).findByText(/Downloaded\. Hand the copy/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "GET" && c.path.endsWith("/download/"))).toBe(true);
  }, 60_000);

  it("shows the server's refusal when a copy cannot be started", async () => {
    server({
      [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json(client("active")),
      "POST /api/v1/subject-exports/": () => json({ detail: "A copy of this client's data is already being prepared.", code: "export_running" }, 409),
    });
    renderAt(RIGHTS, "coordinator");
    const user = userEvent.setup();
    const exports = await section("Copy of the client's data (access and portability)");
    await user.click(within(exports).getByRole("button", { name: "Prepare a copy" }));
    expect(await within(exports).findByRole("alert")).toHaveTextContent("A copy of this client's data is already being prepared.");
  });

  it("lets the coordinator record an erasure request, but not decide it nor place a hold", async () => {
    let requests: Schemas["ErasureRequest"][] = [];
    const calls = server({
      [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json(client()),
      "GET /api/v1/erasure-requests/": () => page(requests),
      "POST /api/v1/erasure-requests/": async (_url, request) => {
        const body = await request.json();
        if (!body.received_on) return json({ received_on: ["This field is required."] }, 400);
        requests = [erasure({ received_on: body.received_on, channel: body.channel, note: body.note })];
        return json(requests[0], 201);
      },
    });
    renderAt(RIGHTS, "coordinator");
    const user = userEvent.setup();
    const part = await section("Erasure requests");
    await user.click(within(part).getByRole("button", { name: "Record an erasure request" }));
    const form = within(part).getByRole("form", { name: "Record an erasure request" });
    await user.clear(within(form).getByLabelText(/Received on/));
    await user.type(within(form).getByLabelText(/Received on/), "2026-12-01");
    await user.selectOptions(within(form).getByLabelText(/Received by/), "letter");
    await user.type(within(form).getByLabelText("What was asked"), "Erase everything");
    await user.click(within(form).getByRole("button", { name: "Record the request" }));

    expect(await within(part).findByText("Erasure request recorded: it waits for a decision.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/erasure-requests/")?.body).toEqual({
      client: CLIENT_ID,
      received_on: "2026-12-01",
      channel: "letter",
      note: "Erase everything",
    });
    expect(await within(part).findByText("Waiting for a decision")).toBeInTheDocument();
    expect(within(part).queryByRole("button", { name: "Decide" })).toBeNull();
    // A second request cannot be recorded while one waits.
    expect(within(part).queryByRole("button", { name: "Record an erasure request" })).toBeNull();
    const holds = await section("Legal holds");
    expect(within(holds).queryByRole("button", { name: "Place a legal hold" })).toBeNull();
  });

  it("lets the manager refuse an erasure only with the legal reason, and carry one out only once confirmed", async () => {
    let requests = [erasure()];
    const calls = server({
      [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json(client()),
      "GET /api/v1/erasure-requests/": () => page(requests),
      "POST /api/v1/erasure-requests/r1/decide/": async (_url, request) => {
        const body = await request.json();
        requests = [erasure({ status: "refused", refusal_reason: body.refusal_reason, explanation: body.explanation, decided_by: "Mia Manager", decided_at: "2026-12-07T10:00:00Z" })];
        return json(requests[0]);
      },
    });
    renderAt(RIGHTS, "manager");
    const user = userEvent.setup();
    const part = await section("Erasure requests");
    await user.click(await within(part).findByRole("button", { name: "Decide" }));
    const form = within(part).getByRole("form", { name: "Decide" });
    await user.click(within(form).getByRole("button", { name: "Record the decision" }));
    expect(await within(form).findByText("Choose the legal reason for refusing.")).toBeInTheDocument();

    // Carrying out asks for the confirmation first.
    await user.click(within(form).getByLabelText(/Carry out: anonymise/));
    await user.click(within(form).getByRole("button", { name: "Record the decision" }));
    expect(await within(form).findByText(/Confirm that you understand/, { selector: ".field-error" })).toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith("/decide/"))).toBe(false);

    await user.click(within(form).getByLabelText(/Refuse with the legal reason/));
    await user.selectOptions(within(form).getByLabelText(/Legal reason/), "retention_duty");
    await user.type(within(form).getByLabelText("Explanation of the decision"), "Case files are kept 10 years.");
    await user.click(within(form).getByRole("button", { name: "Record the decision" }));
    expect(await within(part).findByText("Erasure refused; the legal reason is recorded.")).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith("/decide/"))?.body).toEqual({
      decision: "refuse",
      refusal_reason: "retention_duty",
      explanation: "Case files are kept 10 years.",
    });
    expect(await within(part).findByText(/Refused: A legal duty to keep the records/)).toBeInTheDocument();
  });

  it("shows why an erasure cannot be carried out (the server's 409) and warns while the case is open", async () => {
    server({
      [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json(client("active")),
      "GET /api/v1/erasure-requests/": () => page([erasure({ client_status: "active" })]),
      "POST /api/v1/erasure-requests/r1/decide/": () => json({ detail: "Close the client's case before the erasure is carried out.", code: "case_open" }, 409),
    });
    renderAt(RIGHTS, "admin");
    const user = userEvent.setup();
    const part = await section("Erasure requests");
    await user.click(await within(part).findByRole("button", { name: "Decide" }));
    const form = within(part).getByRole("form", { name: "Decide" });
    await user.click(within(form).getByLabelText(/Carry out: anonymise/));
    expect(within(form).getByText(/The case is not closed/)).toBeInTheDocument();
    await user.click(within(form).getByLabelText(/I understand/));
    await user.click(within(form).getByRole("button", { name: "Record the decision" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Close the client's case before the erasure is carried out.");
  });

  it("lets the manager place a legal hold with its reason and release it", async () => {
    let holds: Schemas["LegalHold"][] = [];
    const calls = server({
      [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json(client()),
      "GET /api/v1/legal-holds/": () => page(holds),
      "POST /api/v1/legal-holds/": async (_url, request) => {
        const body = await request.json();
        holds = [hold({ reason: body.reason })];
        return json(holds[0], 201);
      },
      "POST /api/v1/legal-holds/h1/release/": async (_url, request) => {
        const body = await request.json();
        holds = [hold({ is_active: false, released_at: "2026-12-07T11:00:00Z", released_by: "Mia Manager", release_reason: body.reason })];
        return json(holds[0]);
      },
    });
    renderAt(RIGHTS, "manager");
    const user = userEvent.setup();
    const part = await section("Legal holds");
    await user.click(within(part).getByRole("button", { name: "Place a legal hold" }));
    // The reason is required.
    const form = within(part).getByRole("form", { name: "Place a legal hold" });
    await user.click(within(form).getByRole("button", { name: "Place a legal hold" }));
    expect(within(form).getByText("This field is required.")).toBeInTheDocument();
    await user.type(within(form).getByLabelText(/Reason/), "Court proceedings");
    await user.click(within(form).getByRole("button", { name: "Place a legal hold" }));
    expect(await within(part).findByText("Legal hold placed.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/legal-holds/")?.body).toEqual({ client: CLIENT_ID, reason: "Court proceedings" });
    expect(await within(part).findByText("A legal hold is in force: nothing is disposed of.")).toBeInTheDocument();

    await user.click(within(part).getByRole("button", { name: "Release the hold" }));
    const release = within(part).getByRole("form", { name: "Release the hold" });
    await user.type(within(release).getByLabelText(/Reason/), "Proceedings ended");
    await user.click(within(release).getByRole("button", { name: "Release the hold" }));
    expect(await within(part).findByText("Legal hold released.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/v1/legal-holds/h1/release/")?.body).toEqual({ reason: "Proceedings ended" });
    expect(await within(part).findByText("Released")).toBeInTheDocument();
  });

  it("gives each role the actions the API grants it", () => {
    expect(rightsFor("coordinator")).toEqual({ requestExport: true, recordErasure: true, decideErasure: false, manageHolds: false });
    expect(rightsFor("manager")).toEqual({ requestExport: false, recordErasure: true, decideErasure: true, manageHolds: true });
    expect(rightsFor("admin")).toEqual({ requestExport: false, recordErasure: true, decideErasure: true, manageHolds: true });
    expect(rightsFor("auditor")).toEqual({ requestExport: false, recordErasure: false, decideErasure: false, manageHolds: false });
  });
});

function rule(overrides: Partial<Schemas["RetentionRule"]> = {}): Schemas["RetentionRule"] {
  return {
    id: "rule-case",
    category: "case_file",
    years: 10,
    keep_until: null,
    legal_basis: "Ustawa o pomocy społecznej, art. 100",
    is_customised: false,
    shorter_than_default: false,
    default_years: 10,
    default_keep_until: null,
    default_legal_basis: "Ustawa o pomocy społecznej, art. 100",
    updated_at: "2026-12-01T09:00:00Z",
    ...overrides,
  };
}

const EU_RULE = rule({ id: "rule-eu", category: "eu_project", years: null, keep_until: "2034-12-31", default_years: null, default_keep_until: "2034-12-31" });

describe("the client's access log on the client page", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is printed by the client's coordinator, with feedback", async () => {
    const calls = server({
      [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json({ ...client("active"), coordinator: "u1" }),
      [`GET /api/v1/clients/${CLIENT_ID}/access-log/print/`]: () =>
        new Response(new Blob(["%PDF"]), { status: 200, headers: { "Content-Type": "application/pdf" } }),
    });
    renderAt(RIGHTS, "coordinator");
    const user = userEvent.setup();
    const log = await section("Who read this record");
    await user.click(within(log).getByRole("button", { name: "Print this client's access log (PDF)" }));
    expect(await within(log).findByRole("status")).toHaveTextContent("The access log is printed");
    expect(calls.some((c) => c.path.endsWith("/access-log/print/"))).toBe(true);
  });

  it("is not offered to another coordinator, nor to a manager", async () => {
    for (const role of ["coordinator", "manager"]) {
      server({ [`GET /api/v1/clients/${CLIENT_ID}/`]: () => json({ ...client("active"), coordinator: "someone-else" }) });
      renderAt(RIGHTS, role);
      await section("Erasure requests");
      expect(screen.queryByRole("heading", { name: "Who read this record" })).not.toBeInTheDocument();
      document.body.innerHTML = "";
    }
  });
});

describe("the retention page", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is in the administrator's and the manager's menu", () => {
    expect(navFor("admin").map((i) => i.to)).toContain("/retention");
    expect(navFor("manager").map((i) => i.to)).toContain("/retention");
    for (const role of ["coordinator", "provider", "volunteer"] as const) expect(navFor(role).map((i) => i.to)).not.toContain("/retention");
  });

  it("lets the administrator change a rule, see a shorter one flagged, and put it back to the default", async () => {
    let rules = [rule(), EU_RULE];
    const calls = server({
      "GET /api/v1/retention-rules/": () => json(rules),
      "PATCH /api/v1/retention-rules/rule-case/": async (_url, request) => {
        const body = await request.json();
        if (body.years > 100) return json({ years: ["Give between 1 and 100 years."] }, 400);
        rules = [rule({ years: body.years, is_customised: true, shorter_than_default: body.years < 10 }), EU_RULE];
        return json(rules[0]);
      },
      "POST /api/v1/retention-rules/rule-case/reset/": () => {
        rules = [rule(), EU_RULE];
        return json(rules[0]);
      },
    });
    renderAt("/retention", "admin");
    const user = userEvent.setup();
    const card = (await screen.findByTestId("rule-case_file", {}, { timeout: 15_000 })) as HTMLElement;
    expect(within(card).getByText("Kept 10 years")).toBeInTheDocument();
    expect(within(screen.getByTestId("rule-eu_project")).getByText(/Kept until/)).toBeInTheDocument();

    await user.click(within(card).getByRole("button", { name: "Edit" }));
    const years = within(card).getByLabelText(/Years kept/);
    await user.clear(years);
    await user.type(years, "150");
    await user.click(within(card).getByRole("button", { name: "Save" }));
    expect(await within(card).findByText("Give between 1 and 100 years.")).toBeInTheDocument();

    await user.clear(within(card).getByLabelText(/Years kept/));
    await user.type(within(card).getByLabelText(/Years kept/), "5");
    await user.type(within(card).getByLabelText(/Reason/), "Council resolution 12/2026");
    await user.click(within(card).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved: Closed case files.")).toBeInTheDocument();
    const patch = calls.filter((c) => c.method === "PATCH").at(-1);
    expect(patch?.body).toMatchObject({ years: 5, change_reason: "Council resolution 12/2026" });
    expect(await within(card).findByText(/Shorter than the country's default/)).toBeInTheDocument();

    await user.click(within(card).getByRole("button", { name: "Back to the country's default" }));
    expect(await screen.findByText("Back to the country's default: Closed case files.")).toBeInTheDocument();
    expect(await within(card).findByText("Kept 10 years")).toBeInTheDocument();
  });

  it("shows the manager the rules without changing them, the disposal log and a dry run", async () => {
    const calls = server({
      "GET /api/v1/retention-rules/": () => json([rule(), EU_RULE]),
      "GET /api/v1/disposal-log/": () =>
        page([{ id: 3, category: "case_file", count: 4, rule_years: 10, rule_keep_until: null, rule_days: null, legal_basis: "art. 100", at: "2026-12-06T02:00:00Z" }]),
      "GET /api/v1/disposal-log/dry-run/": (url) =>
        json({
          on: url.searchParams.get("on"),
          categories: [
            { category: "case_file", count: 2, rule: { years: 10, keep_until: null, legal_basis: "art. 100" }, items: [{ client: "c-a", reference: "C-2014-0001", count: 1, due_on: "2025-01-01" }, { client: "c-b", reference: "C-2014-0002", count: 1, due_on: "2025-01-01" }] },
            { category: "delivery_logs", count: 0, rule: { years: 10, keep_until: null, legal_basis: "" }, items: [] },
          ],
          held_count: 1,
          held: [{ client: "c-h", reference: "C-2013-0007", count: 1, due_on: "2024-01-01" }],
        }),
    });
    renderAt("/retention", "manager");
    const user = userEvent.setup();
    const card = (await screen.findByTestId("rule-case_file", {}, { timeout: 15_000 })) as HTMLElement;
    expect(within(card).queryByRole("button", { name: "Edit" })).toBeNull();

    const log = await section("Disposal log");
    expect(await within(log).findByRole("cell", { name: "4" })).toBeInTheDocument();
    expect(within(log).getByRole("cell", { name: "Closed case files" })).toBeInTheDocument();

    const dry = await section("Dry run");
    expect(calls.some((c) => c.path === "/api/v1/disposal-log/dry-run/")).toBe(false);
    await user.click(within(dry).getByRole("button", { name: "Show what would be disposed of" }));
    const row = await within(dry).findByTestId("plan-case_file");
    expect(within(row).getByRole("link", { name: "C-2014-0001" })).toHaveAttribute("href", "/clients/c-a");
    expect(within(dry).getByText(/records to dispose of: 2/)).toBeInTheDocument();
    expect(within(dry).getByText("Kept by a legal hold: 1")).toBeInTheDocument();
    expect(within(dry).getByRole("link", { name: "C-2013-0007" })).toBeInTheDocument();
  });
});
