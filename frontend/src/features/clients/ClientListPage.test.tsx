import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import type { Me } from "../../auth/roles";
import i18n from "../../i18n";
import ClientListPage, { looksLikeAnIdentifier } from "./ClientListPage";

const ME = {
  id: "u1", email: "coordinator@cus.example", first_name: "Ewa", last_name: "Lis", language: "en", phone: "",
  memberships: [{ id: "m1", user: "u1", user_email: "", centre: "c1", centre_name: "Centre", role: "coordinator",
    provider: null, provider_name: "", is_active: true }],
} as unknown as Me;

const ROW = {
  id: "k1", reference: "GDY-1", first_name: "Anna", last_name: "Głowacka", birth_date: "1944-05-06", municipality: "Gdynia",
  area: "", status: "active", coordinator: "u2", coordinator_name: "Jan Nowak", flags: [],
};

/** The API: the caseload (coordinator=u1) holds nobody; the centre holds 3 matching clients. */
function server() {
  const calls: { url: URL; search: string | null }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    calls.push({ url, search: request.headers.get("X-Search") });
    const mine = url.searchParams.get("coordinator") === "u1";
    const body = url.pathname === "/api/v1/clients/"
      ? { count: mine ? 0 : 3, next: null, previous: null, results: mine ? [] : [ROW] }
      : { count: 0, next: null, previous: null, results: [] };
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
  return calls;
}

let location = "";
function Where() {
  const here = useLocation();
  location = here.pathname + here.search;
  return null;
}

function renderList(path = "/clients") {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, ME);
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <ClientListPage />
          <Where />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("the client list", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("tells identifiers from names", () => {
    expect(looksLikeAnIdentifier("44051401359")).toBe(true);
    expect(looksLikeAnIdentifier("440514/1359")).toBe(true);
    expect(looksLikeAnIdentifier("Głowacka")).toBe(false);
    expect(looksLikeAnIdentifier("GDY-2026-0001")).toBe(false);
  });

  it("searches a national ID in a header, never in an address", async () => {
    const calls = server();
    renderList("/clients?mine=0");
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Name, case reference or national ID"), "44051401359");
    await user.click(screen.getByRole("button", { name: "Search" }));
    expect(await screen.findByText("Głowacka, Anna")).toBeInTheDocument();
    const searched = calls.filter((call) => call.search);
    expect(searched.at(-1)?.search).toBe("44051401359");
    expect(calls.every((call) => !call.url.search.includes("44051401359"))).toBe(true);
    expect(location).not.toContain("44051401359");

    // A name is sent the same way (percent-encoded: headers carry Latin-1 only) and kept in the address.
    await user.clear(screen.getByLabelText("Name, case reference or national ID"));
    await user.type(screen.getByLabelText("Name, case reference or national ID"), "Głowacka");
    await user.click(screen.getByRole("button", { name: "Search" }));
    await vi.waitFor(() => expect(calls.at(-1)?.search).toBe(encodeURIComponent("Głowacka")));
    expect(location).toContain("search=G%C5%82owacka");
  });

  it("says when 'my clients only' hides clients the search matches", async () => {
    server();
    renderList("/clients?search=Glowacka");
    expect(await screen.findByText("Only your clients are shown.", { exact: false })).toBeInTheDocument();
    expect(await screen.findByText("Other coordinators' clients matching the search: 3.", { exact: false })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Show all clients" }));
    expect(await screen.findByText("Głowacka, Anna")).toBeInTheDocument();
    expect(location).toContain("mine=0");
  });
});
