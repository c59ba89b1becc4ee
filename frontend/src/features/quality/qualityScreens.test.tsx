import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import i18n from "../../i18n";
import EvaluationPage from "./EvaluationPage";
import StandardFormPage from "./StandardFormPage";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const page = (results: unknown[]) => ({ count: results.length, next: null, previous: null, results });

function server(handler: (request: Request) => Response | undefined) {
  const writes: { method: string; path: string; body: Record<string, unknown> }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      if (request.method !== "GET") {
        writes.push({ method: request.method, path: new URL(request.url).pathname, body: (await request.clone().json()) as Record<string, unknown> });
      }
      return handler(request) ?? json(page([]));
    }),
  );
  return writes;
}

function Landed() {
  const location = useLocation();
  return <p>landed on {location.pathname}: {(location.state as { notice?: string } | null)?.notice}</p>;
}

const ME = {
  id: "u1", email: "coordinator@cus.example", first_name: "Pat", last_name: "User", language: "en", phone: "",
  notification_email: "daily_digest",
  memberships: [
    { id: "m1", user: "u1", user_email: "coordinator@cus.example", centre: "c1", centre_name: "Centre", role: "coordinator", provider: null, provider_name: "", is_active: true },
  ],
  mfa: { enabled: false, required: false, enrolment_required: false, recovery_codes_left: 0 },
} as unknown as Me;

function renderAt(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(ME_KEY, ME);
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
        <Routes>
          <Route path="/quality/standards/new" element={<StandardFormPage />} />
          <Route path="/quality/standards/:id" element={<Landed />} />
          <Route path="/edit/:id" element={<StandardFormPage />} />
          <Route path="/quality/evaluations/:id" element={<EvaluationPage />} />
        </Routes>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(async () => {
  await i18n.changeLanguage("en");
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the standard form", () => {
  it("refuses a zero weight on its field without sending, shows the total, then creates the standard", async () => {
    const user = userEvent.setup();
    const writes = server((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/service-types/") return json(page([{ id: "st1", name: "Care at home" }]));
      if (path === "/api/v1/standards/" && request.method === "POST") return json({ id: "s1" }, 201);
      return undefined;
    });
    renderAt("/quality/standards/new");
    await screen.findByRole("option", { name: "Care at home" });
    await user.selectOptions(screen.getByLabelText(/Service type/), "st1");
    await user.type(screen.getByLabelText(/^Name/), "Home care");
    const first = screen.getAllByTestId("criterion")[0]!;
    await user.type(within(first).getByLabelText(/^Criterion/), "On time");
    const weight = within(first).getByLabelText(/^Weight/);
    await user.clear(weight);
    await user.type(weight, "0");
    await user.click(screen.getByRole("button", { name: "Create the standard" }));
    expect(await within(first).findByText(/Enter a weight above zero/)).toBeInTheDocument();
    expect(weight).toHaveAttribute("aria-invalid", "true");
    expect(writes).toEqual([]);

    await user.clear(weight);
    await user.type(weight, "3");
    await user.click(screen.getByRole("button", { name: "Add a criterion" }));
    const second = screen.getAllByTestId("criterion")[1]!;
    await user.type(within(second).getByLabelText(/^Criterion/), "Respect");
    expect(screen.getByTestId("weight-total")).toHaveTextContent("add up to 4");
    expect(first).toHaveTextContent("75 % of the score");
    await user.click(screen.getByRole("button", { name: "Create the standard" }));
    expect(await screen.findByText(/landed on \/quality\/standards\/s1: The standard is created\./)).toBeInTheDocument();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toMatchObject({
      service_type: "st1",
      name: "Home care",
      criteria: [
        { text: "On time", weight: "3", scale_min: 1, scale_max: 5, order: 0 },
        { text: "Respect", weight: "1", scale_min: 1, scale_max: 5, order: 1 },
      ],
    });
  });
});

const STANDARD = {
  id: "s1", service_type: "st1", service_type_name: "Care at home", name: "Home care", description: "", is_active: true,
  created_at: "", updated_at: "",
  criteria: [
    { id: "c1", text: "On time", weight: "3.00", scale_min: 1, scale_max: 5, order: 0, is_active: true },
    { id: "c0", text: "Old one", weight: "1.00", scale_min: 1, scale_max: 5, order: 1, is_active: false },
  ],
};

describe("editing a standard", () => {
  it("shows the active criteria only, sends the whole list with their ids, and retires the standard with a reason", async () => {
    const user = userEvent.setup();
    let current = STANDARD;
    const writes = server((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/standards/s1/") return json(current);
      return undefined;
    });
    renderAt("/edit/s1");
    expect(await screen.findByRole("heading", { name: "Edit the standard Home care" })).toBeInTheDocument();
    expect(screen.getAllByTestId("criterion")).toHaveLength(1);
    expect(screen.getByTestId("weight-total")).toHaveTextContent("add up to 3");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The standard is saved.")).toBeInTheDocument();
    expect(writes[0]).toMatchObject({
      method: "PATCH", path: "/api/v1/standards/s1/",
      body: { criteria: [{ id: "c1", text: "On time", weight: "3", order: 0 }] },
    });

    current = { ...STANDARD, is_active: false };
    await user.click(screen.getByRole("button", { name: "Retire the standard" }));
    const confirm = screen.getByRole("form", { name: "Retire the standard" });
    await user.type(within(confirm).getByLabelText(/Reason/), "Replaced");
    await user.click(within(confirm).getByRole("button", { name: "Retire the standard" }));
    expect(await screen.findByText("The standard is retired.")).toBeInTheDocument();
    expect(writes[1]).toMatchObject({ method: "PATCH", body: { is_active: false, reason: "Replaced" } });
  });
});

describe("the evaluation page", () => {
  it("shows a final evaluation read-only, with its weighted score", async () => {
    server((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/evaluations/e1/") {
        return json({
          id: "e1", provider: "p1", provider_name: "Razem", standard: "s1", standard_name: "Home care", service_type: "st1",
          service_type_name: "Care at home", period_start: "2026-01-01", period_end: "2026-06-30", status: "final", notes: "",
          evaluated_by: "u1", evaluated_by_name: "Anna", finalised_at: "2026-07-01T10:00:00Z", weighted_score: "75.00",
          current_score: "75.00", created_at: "", updated_at: "",
          scores: [{ id: "sc1", criterion: "c1", criterion_text: "On time", score: 5, weight: "3.00", scale_min: 1, scale_max: 5, note: "Fine" }],
        });
      }
      return undefined;
    });
    renderAt("/quality/evaluations/e1");
    expect(await screen.findByTestId("weighted-score")).toHaveTextContent("75 / 100");
    expect(screen.getByRole("row", { name: /On time/ })).toHaveTextContent("Fine");
    expect(screen.queryByRole("button", { name: "Save the draft" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Make the evaluation final" })).toBeNull();
  });

  it("lets the author score a draft with a note, shows the running score and saves the scores given", async () => {
    const user = userEvent.setup();
    const writes = server((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/evaluations/e2/") {
        return json({
          id: "e2", provider: "p1", provider_name: "Razem", standard: "s1", standard_name: "Home care", service_type: "st1",
          service_type_name: "Care at home", period_start: "2026-01-01", period_end: "2026-06-30", status: "draft", notes: "",
          evaluated_by: "u1", evaluated_by_name: "Pat User", finalised_at: null, weighted_score: null, current_score: null,
          created_at: "", updated_at: "", scores: [],
        });
      }
      if (path === "/api/v1/standards/s1/") return json(STANDARD);
      return undefined;
    });
    renderAt("/quality/evaluations/e2");
    const score = await screen.findByRole("combobox", { name: "Score of criterion 1 (1 to 5)" });
    expect(screen.queryByRole("combobox", { name: /criterion 2/ })).toBeNull(); // the retired criterion is not scored
    expect(screen.getByTestId("running-score")).toHaveTextContent("Nothing scored yet.");
    await user.selectOptions(score, "4");
    await user.type(screen.getByRole("textbox", { name: "Note on criterion 1" }), "Mostly on time");
    expect(screen.getByTestId("running-score")).toHaveTextContent("75 / 100");
    await user.click(screen.getByRole("button", { name: "Save the draft" }));
    expect(await screen.findByText("The draft is saved.")).toBeInTheDocument();
    expect(writes[0]).toMatchObject({
      method: "PATCH", path: "/api/v1/evaluations/e2/",
      body: { period_start: "2026-01-01", period_end: "2026-06-30", scores: [{ criterion: "c1", score: 4, note: "Mostly on time" }] },
    });
  });
});
