import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../auth/AuthProvider";
import { ME_KEY } from "../auth/queries";
import type { Me } from "../auth/roles";
import { AppRoutes } from "./App";

const provider = {
  id: "u1",
  email: "ana@cus.example",
  first_name: "Ana",
  last_name: "Novak",
  language: "en",
  phone: "",
  memberships: [
    { id: "m1", user: "u1", user_email: "ana@cus.example", centre: "c1", centre_name: "Centre", role: "provider", provider: "p1", provider_name: "Care", is_active: true },
  ],
} as unknown as Me;

function renderShell(path = "/profile") {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, provider);
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

describe("the menu button that folds the navigation on phones", () => {
  beforeEach(() => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ count: 0, results: [] }), { status: 200, headers: { "Content-Type": "application/json" } })));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("says whether the menu is open and which parts it opens", async () => {
    renderShell();
    const button = await screen.findByRole("button", { name: "Menu" });
    expect(button).toHaveAttribute("aria-expanded", "false");
    const controlled = (button.getAttribute("aria-controls") ?? "").split(" ");
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    expect(controlled).toContain(nav.id);
    // the header's controls (language, notifications, logout) fold with it
    const controls = document.getElementById(controlled.find((id) => id !== nav.id)!);
    expect(controls).toContainElement(screen.getByRole("button", { name: "Log out" }));
    // folded (styles.css hides the parts of a shell without menu-open below 48rem)
    expect(button.closest(".shell")).not.toHaveClass("menu-open");
    await userEvent.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(button.closest(".shell")).toHaveClass("menu-open");
    await userEvent.click(button);
    expect(button).toHaveAttribute("aria-expanded", "false");
  });

  it("opens from the keyboard, and Escape closes it and gives the focus back to the button", async () => {
    renderShell();
    const button = await screen.findByRole("button", { name: "Menu" });
    button.focus();
    await userEvent.keyboard("{Enter}");
    expect(button).toHaveAttribute("aria-expanded", "true");
    await userEvent.tab(); // into the opened menu
    expect(button).not.toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(button).toHaveFocus();
  });

  it("closes when a page is chosen in it, the focus going to the new page's heading", async () => {
    renderShell();
    const button = await screen.findByRole("button", { name: "Menu" });
    await userEvent.click(button);
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    await userEvent.click(within(nav).getByRole("link", { name: "My logs" }));
    const heading = await screen.findByRole("heading", { level: 1, name: "My logs" }, { timeout: 10_000 });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  });
});

describe("what the service worker kept for offline use", () => {
  function fakeCaches() {
    const kept = new Set(["cus-data-session", "cus-data-visits", "workbox-precache-v2-http://localhost/"]);
    vi.stubGlobal("caches", { keys: async () => [...kept], delete: async (name: string) => kept.delete(name) });
    return kept;
  }

  beforeEach(() => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ count: 0, results: [] }), { status: 200, headers: { "Content-Type": "application/json" } })));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is deleted when the user logs out, the app shell kept", async () => {
    const kept = fakeCaches();
    renderShell();
    const logout = await screen.findByRole("button", { name: "Log out" });
    expect(kept.has("cus-data-visits")).toBe(true); // signed in: the visit list stays for offline use
    await userEvent.click(logout);
    await waitFor(() => expect([...kept]).toEqual(["workbox-precache-v2-http://localhost/"]));
  });

  it("is deleted when nobody is signed in (the login page of a shared phone)", async () => {
    const kept = fakeCaches();
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    queryClient.setQueryData(ME_KEY, null);
    render(
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={["/provider/visits"]}>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect(await screen.findByRole("heading", { name: "Log in to CUS" })).toBeInTheDocument();
    await waitFor(() => expect(kept.has("cus-data-visits")).toBe(false));
    expect(kept.has("cus-data-session")).toBe(false);
  });
});
