import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import i18n from "../../i18n";
import { Offerings } from "./Offerings";
import ServiceProviderFormPage from "./ServiceProviderFormPage";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const PROVIDER = {
  id: "p1", name: "Razem", legal_form: "social_cooperative", tax_id: "", tax_id_country: "", address: "", street: "", postcode: "",
  municipality: "", phone: "", email: "", website: "", description: {}, target_groups: [], languages: [], areas: [], accessibility: "",
  wheelchair_accessible: false, is_public: true, is_active: true, locations: [], service_types: [], created_at: "", updated_at: "",
} as unknown as Schemas["Provider"];

const OFFERING = {
  id: "o1", provider: "p1", provider_name: "Razem", service_type: "st1", service_type_code: "home_care", service_type_name: "Care at home",
  name: "", delivery_form: "", description: {}, capacity: 12, locations: [], schedule: "Mon–Fri", cost: null, cost_note: "",
  target_groups: [], languages: [], is_public: false, is_active: true, created_at: "", updated_at: "",
} as unknown as Schemas["Offering"];

type Handler = (request: Request, body: Record<string, unknown> | null) => Response | undefined;

function server(handler: Handler) {
  const writes: { method: string; path: string; body: Record<string, unknown> }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const body = request.method === "GET" ? null : ((await request.clone().json()) as Record<string, unknown>);
      if (body) writes.push({ method: request.method, path: new URL(request.url).pathname, body });
      return handler(request, body) ?? json({ count: 0, next: null, previous: null, results: [] });
    }),
  );
  return writes;
}

function Landed() {
  const location = useLocation();
  return <p>landed on {location.pathname}: {(location.state as { notice?: string } | null)?.notice}</p>;
}

function renderAt(path: string, element: JSX.Element) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/manager/providers/new" element={element} />
          <Route path="/manager/providers/:id" element={<Landed />} />
          <Route path="/here" element={element} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("the provider form", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the server's tax ID error on the tax ID field, then registers the provider", async () => {
    const writes = server((request, body) => {
      if (request.method !== "POST") return undefined;
      return body?.tax_id === "123" ? json({ tax_id: ["A NIP has 10 digits."] }, 400) : json({ ...PROVIDER, id: "p9" }, 201);
    });
    renderAt("/manager/providers/new", <ServiceProviderFormPage />);
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "New provider" });
    await user.type(within(form).getByRole("textbox", { name: /^Name/ }), "Razem");
    await user.selectOptions(within(form).getByLabelText(/Legal form/), "social_cooperative");
    await user.type(within(form).getByLabelText("Tax ID"), "123");
    await user.type(within(form).getByLabelText("Languages"), "PL, uk");
    await user.click(within(form).getByLabelText("Seniors"));
    await user.click(within(form).getByRole("button", { name: "Register the provider" }));
    const taxId = within(form).getByLabelText("Tax ID");
    expect(await within(form).findByText("A NIP has 10 digits.")).toBeInTheDocument();
    expect(taxId).toHaveAttribute("aria-invalid", "true");
    expect(taxId.getAttribute("aria-describedby")).toContain(within(form).getByText("A NIP has 10 digits.").id);
    expect(writes[0].body).toMatchObject({ name: "Razem", languages: ["pl", "uk"], target_groups: ["seniors"], is_public: false });

    await user.clear(taxId);
    await user.type(taxId, "774-000-14-54");
    await user.click(within(form).getByRole("button", { name: "Register the provider" }));
    expect(await screen.findByText("landed on /manager/providers/p9: The provider is registered.")).toBeInTheDocument();
  });
});

describe("a provider's offerings", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("are published with a confirmation and feedback", async () => {
    const writes = server((request, body) =>
      request.method === "PATCH" ? json({ ...OFFERING, ...body }) : undefined,
    );
    renderAt("/here", <Offerings provider={PROVIDER} offerings={[OFFERING]} locations={[]} listed={new Set()} currency="PLN" />);
    const user = userEvent.setup();
    const card = screen.getByTestId("offering");
    expect(card).toHaveTextContent("Not public");
    await user.click(within(card).getByRole("button", { name: "Publish" }));
    await user.click(within(within(card).getByRole("form", { name: "Publish" })).getByRole("button", { name: "Publish" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The offering is public.");
    expect(writes).toEqual([{ method: "PATCH", path: "/api/v1/offerings/o1/", body: { is_public: true } }]);
  });

  it("are withdrawn only with a reason", async () => {
    const writes = server((request, body) => (request.method === "PATCH" ? json({ ...OFFERING, ...body }) : undefined));
    renderAt("/here", <Offerings provider={PROVIDER} offerings={[OFFERING]} locations={[]} listed={new Set()} currency="PLN" />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Withdraw" }));
    const confirm = screen.getByRole("form", { name: "Withdraw" });
    await user.click(within(confirm).getByRole("button", { name: "Withdraw" }));
    expect(within(confirm).getByText("This field is required.")).toBeInTheDocument();
    expect(writes).toEqual([]);
    await user.type(within(confirm).getByLabelText(/Reason/), "contract ended");
    await user.click(within(confirm).getByRole("button", { name: "Withdraw" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The offering is withdrawn.");
    expect(writes[0].body).toEqual({ is_active: false, reason: "contract ended" });
  });
});
