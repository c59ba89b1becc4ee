import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import i18n from "../../i18n";
import { PlanActions } from "./PlanActions";

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
      return handler ? handler(request) : json({});
    }),
  );
  return calls;
}

const plan = (approval: string) =>
  ({ id: "p1", status: "draft", approval, client_agreed_at: null, agreement_method: "" }) as unknown as Schemas["Plan"];

function renderActions(p: Schemas["Plan"], props: { approvalRequired?: boolean; approver?: boolean }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <PlanActions plan={p} {...props} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("the approval actions on the plan page", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lets the coordinator submit a draft where approval is required, and says so", async () => {
    const calls = server({ "POST /api/v1/plans/p1/submit/": () => json({ id: "p1", approval: "submitted" }) });
    renderActions(plan(""), { approvalRequired: true });
    expect(screen.queryByRole("button", { name: "Activate" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Submit for approval" }));
    await userEvent.click(screen.getByRole("button", { name: "Submit for approval" })); // the small form's own button
    expect(await screen.findByText("The plan was submitted for approval.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.path).toBe("/api/v1/plans/p1/submit/");
  });

  it("offers the manager Approve and Return, and a return needs a reason", async () => {
    const calls = server({ "POST /api/v1/plans/p1/return/": () => json({ id: "p1", approval: "returned" }) });
    renderActions(plan("submitted"), { approvalRequired: true, approver: true });
    expect(screen.getByRole("button", { name: "Approve" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Return with a reason" }));
    await userEvent.click(screen.getByRole("button", { name: "Return with a reason" })); // sent without a reason
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
    await userEvent.type(screen.getByRole("textbox"), "Add a goal on mobility");
    await userEvent.click(screen.getByRole("button", { name: "Return with a reason" }));
    expect(await screen.findByText("The plan was returned to its coordinator.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "Add a goal on mobility" });
  });
});
