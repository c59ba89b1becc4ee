import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../auth/AuthProvider";
import { ME_KEY } from "../auth/queries";
import type { Me } from "../auth/roles";
import { AppRoutes } from "./App";

function me(role: string): Me {
  return {
    id: "u1",
    email: "someone@cus.example",
    first_name: "Ana",
    last_name: "Novak",
    language: "en",
    phone: "",
    memberships: [
      { id: "m1", user: "u1", user_email: "someone@cus.example", centre: "c1", centre_name: "Centre", role, provider: null, provider_name: "", is_active: true },
    ],
  } as unknown as Me;
}

function renderAt(path: string, user: Me | null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, user);
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

describe("routing", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends a visitor who is not signed in to the login page", async () => {
    renderAt("/clients", null);
    expect(await screen.findByRole("heading", { name: "Log in to CUS" })).toBeInTheDocument();
  });

  it("tells provider staff that the caseload is not theirs", async () => {
    // The shell asks for the unread count: answer it without a server.
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ count: 0 }), { status: 200, headers: { "Content-Type": "application/json" } })));
    renderAt("/clients", me("provider"));
    expect(await screen.findByRole("heading", { name: "Not allowed" })).toBeInTheDocument();
  });

  it("shows the signed-in user the navigation of their role", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ count: 3 }), { status: 200, headers: { "Content-Type": "application/json" } })));
    renderAt("/profile", me("coordinator"));
    const nav = await screen.findByRole("navigation", { name: "Main navigation" });
    expect(nav).toHaveTextContent("Today");
    expect(nav).toHaveTextContent("Clients");
    expect(await screen.findByText("(3 unread)")).toBeInTheDocument();
  });
});
