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
import { formatMonth } from "../../lib/format";
import { finishedMonths } from "./monthClose";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const manager = {
  id: "u1", email: "boss@cus.example", first_name: "Mia", last_name: "Manager", language: "en", phone: "",
  notification_email: "daily_digest",
  memberships: [
    { id: "m1", user: "u1", user_email: "boss@cus.example", centre: "c1", centre_name: "Centre", role: "manager", provider: null, provider_name: "", is_active: true },
  ],
  mfa: { enabled: true, required: false, enrolment_required: false, recovery_codes_left: 10 },
} as unknown as Me;

const [LAST, BEFORE] = finishedMonths(new Date(), 2);
const blocker = {
  contract: "k1", contract_number: "K/1/2026", provider: "p1", provider_name: "Caritas", statement: "s1", status: "submitted",
};
const closed = (status: "closed" | "reopened") => ({
  id: "mc1", month: BEFORE, status, closed_at: "2026-12-02T09:00:00Z", closed_by: "boss@cus.example", closing_report: null,
  reopened_at: status === "reopened" ? "2026-12-03T09:00:00Z" : null, reopened_by: status === "reopened" ? "boss@cus.example" : "",
  reopen_reason: status === "reopened" ? "late invoice" : "",
});

type Handler = (url: URL, request: Request) => Response | Promise<Response>;

function server(routes: Record<string, Handler>) {
  const calls: { path: string; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({ path: url.pathname + url.search, method: request.method, body: text ? JSON.parse(text) : null });
      const handler = routes[`${request.method} ${url.pathname}`];
      return handler ? handler(url, request) : json({ count: 0, results: [] });
    }),
  );
  return calls;
}

function renderAt(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, manager);
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

const monthRow = async (month: string) =>
  (await screen.findByRole("rowheader", { name: formatMonth(month) }, { timeout: 15_000 })).closest("tr") as HTMLElement;

vi.setConfig({ testTimeout: 20_000 });

describe("the month close", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows what keeps a month open, and the centre's refusal to close it", async () => {
    const calls = server({
      "GET /api/v1/month-closes/": () => json({ count: 1, results: [closed("closed")] }),
      "GET /api/v1/month-closes/blockers/": () => json([blocker]),
      "POST /api/v1/month-closes/": () =>
        json({ detail: "The month cannot be closed before its statements are approved: K/1/2026.", code: "statements_not_approved" }, 409),
    });
    renderAt("/manager/months");
    const user = userEvent.setup();
    const row = await monthRow(LAST);
    expect(within(row).getByText("Open")).toBeInTheDocument();
    expect(within(await monthRow(BEFORE)).getByText("Closed")).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: `Check and close ${formatMonth(LAST)}` }));
    const table = await screen.findByRole("table", { name: `What keeps ${formatMonth(LAST)} open` });
    const line = within(table).getByTestId("blocker");
    expect(line).toHaveTextContent("Caritas");
    expect(line).toHaveTextContent("K/1/2026");
    expect(within(line).getByText("Submitted")).toBeInTheDocument();
    expect(within(line).getByRole("link", { name: "Statements of Caritas" })).toHaveAttribute(
      "href", `/statements?status=submitted&month=${LAST}`,
    );
    expect(calls.some((c) => c.path === `/api/v1/month-closes/blockers/?month=${LAST}`)).toBe(true);
    await user.click(screen.getByRole("button", { name: `Close ${formatMonth(LAST)}` }));
    await user.click(within(screen.getByRole("form", { name: `Close ${formatMonth(LAST)}` })).getByRole("button", { name: `Close ${formatMonth(LAST)}` }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The month cannot be closed before its statements are approved: K/1/2026.");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ month: LAST, reason: "" });
  });

  it("closes a month with nothing blocking it, with feedback", async () => {
    let closes: unknown[] = [];
    server({
      "GET /api/v1/month-closes/": () => json({ count: closes.length, results: closes }),
      "GET /api/v1/month-closes/blockers/": () => json([]),
      "POST /api/v1/month-closes/": () => {
        closes = [{ ...closed("closed"), month: LAST }];
        return json(closes[0], 201);
      },
    });
    renderAt(`/manager/months?month=${LAST}`);
    const user = userEvent.setup();
    expect(await screen.findByText("Every statement of this month is approved: it can be closed.", undefined, { timeout: 15_000 })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: `Close ${formatMonth(LAST)}` }));
    const form = screen.getByRole("form", { name: `Close ${formatMonth(LAST)}` });
    await user.type(within(form).getByRole("textbox", { name: /Reason/ }), "all approved");
    await user.click(within(form).getByRole("button", { name: `Close ${formatMonth(LAST)}` }));
    expect(await screen.findByRole("status")).toHaveTextContent(`${formatMonth(LAST)} is closed; its closing report is being prepared.`);
    expect(within(await monthRow(LAST)).getByText("Closed")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: `Closing ${formatMonth(LAST)}` })).toBeNull();
  });

  it("re-opens a closed month only with a reason", async () => {
    let state: "closed" | "reopened" = "closed";
    const calls = server({
      "GET /api/v1/month-closes/": () => json({ count: 1, results: [closed(state)] }),
      "POST /api/v1/month-closes/mc1/reopen/": () => {
        state = "reopened";
        return json(closed(state));
      },
    });
    renderAt("/manager/months");
    const user = userEvent.setup();
    const row = await monthRow(BEFORE);
    expect(row).toHaveTextContent("boss@cus.example");
    await user.click(within(row).getByRole("button", { name: "Re-open" }));
    const reason = within(row).getByRole("textbox", { name: /Reason/ });
    await user.click(within(row).getByRole("button", { name: "Re-open" }));
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.type(reason, "late invoice");
    await user.click(within(row).getByRole("button", { name: "Re-open" }));
    expect(await screen.findByRole("status")).toHaveTextContent(`${formatMonth(BEFORE)} is re-opened: it takes logs again.`);
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "late invoice" });
    const after = await monthRow(BEFORE);
    expect(await within(after).findByText("Re-opened")).toBeInTheDocument();
    expect(after).toHaveTextContent("late invoice");
  });
});
