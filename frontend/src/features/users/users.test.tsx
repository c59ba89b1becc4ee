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
import { navFor } from "../../nav";

const json = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function me(role: string, email = "admin@cus.example"): Me {
  return {
    id: "u-admin",
    email,
    first_name: "Ada",
    last_name: "Admin",
    language: "en",
    phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m-admin", user: "u-admin", user_email: email, centre: "c1", centre_name: "Centre", role, provider: null, provider_name: "", is_active: true },
    ],
    mfa: { enabled: true, required: true, enrolment_required: false, recovery_codes_left: 10 },
  } as unknown as Me;
}

function member(id: string, name: string, extra: Record<string, unknown> = {}) {
  const [first, last] = name.split(" ");
  return {
    id,
    email: `${first.toLowerCase()}@cus.example`,
    first_name: first,
    last_name: last,
    language: "en",
    phone: "",
    is_active: true,
    membership: { id: `m-${id}`, role: "coordinator", provider: null, provider_name: null, is_active: true },
    mfa_enabled: false,
    locked: false,
    ...extra,
  };
}

type Handler = (url: URL, request: Request) => Response | Promise<Response>;

function server(routes: Record<string, Handler>) {
  const calls: { path: string; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({ path: url.pathname, method: request.method, body: text ? JSON.parse(text) : null });
      const handler = routes[`${request.method} ${url.pathname}`] ?? routes[url.pathname];
      return handler ? handler(url, request) : json({ count: 0, results: [] });
    }),
  );
  return calls;
}

function renderAt(path: string, user: Me | null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(ME_KEY, user);
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

// The first render loads the lazy page: give a loaded machine time.
vi.setConfig({ testTimeout: 20_000 });

const SECURITY = { mfa_required_roles: ["admin", "manager"], always_required_roles: ["admin", "manager"] };

describe("the administrator's users screen", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is in the administrator's menu only", () => {
    expect(navFor("admin").map((item) => item.to)).toContain("/users");
    for (const role of ["manager", "coordinator", "provider", "volunteer"] as const) {
      expect(navFor(role).map((item) => item.to)).not.toContain("/users");
    }
  });

  it("lists the members with their role, two-factor sign-in and lockout, and unlocks a locked one", async () => {
    let locked = true;
    const calls = server({
      "GET /api/v1/users/": () =>
        json({
          count: 2,
          results: [
            member("u-admin", "Ada Admin", { email: "admin@cus.example", mfa_enabled: true, membership: { id: "m-admin", role: "admin", provider: null, provider_name: null, is_active: true } }),
            member("u2", "Bora Novak", { locked }),
          ],
        }),
      "POST /api/v1/users/u2/unlock/": () => {
        locked = false;
        return json({ id: "u2", email: "bora@cus.example" });
      },
      "GET /api/v1/centre/security/": () => json(SECURITY),
    });
    renderAt("/users", me("admin"));
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Users of the centre" }, { timeout: 15_000 });
    const bora = (await screen.findByRole("heading", { name: "Bora Novak" })).closest("li")!;
    expect(within(bora as HTMLElement).getByText("Coordinator")).toBeInTheDocument();
    expect(within(bora as HTMLElement).getByText("No two-factor sign-in")).toBeInTheDocument();
    expect(within(bora as HTMLElement).getByText("Locked after failed sign-ins")).toBeInTheDocument();
    const ada = screen.getByRole("heading", { name: "Ada Admin" }).closest("li")!;
    expect(within(ada as HTMLElement).getByText("Two-factor sign-in on")).toBeInTheDocument();
    // The administrator's own card offers no change of their own role or deactivation.
    expect(within(ada as HTMLElement).queryByRole("button", { name: "Deactivate" })).toBeNull();

    await user.click(within(bora as HTMLElement).getByRole("button", { name: "Unlock" }));
    expect(await screen.findByText("Bora Novak can sign in again.")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/users/u2/unlock/")).toBe(true);
    expect(within(bora as HTMLElement).queryByText("Locked after failed sign-ins")).toBeNull();
  });

  it("invites a person and says so, the same words whoever they are", async () => {
    const calls = server({
      "GET /api/v1/users/": () => json({ count: 0, results: [] }),
      "GET /api/v1/centre/security/": () => json(SECURITY),
      "POST /api/v1/invitations/": async (_url, request) => {
        const body = await request.json();
        return json({ id: "i1", email: body.email, role: body.role, provider: null, provider_name: null, language: "en", status: "pending", invited_by: "u-admin", invited_by_name: "Ada Admin", created_at: "2026-12-07T08:00:00Z", expires_at: "2026-12-21T08:00:00Z", accepted_at: null, revoked_at: null }, 201);
      },
    });
    renderAt("/users", me("admin"));
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Invite a person" }, { timeout: 15_000 });
    await user.click(within(form).getByRole("button", { name: "Send the invitation" }));
    expect(await within(form).findByText("This field is required.")).toBeInTheDocument();
    await user.type(within(form).getByLabelText(/^E-mail/), "new.person@example.org");
    await user.selectOptions(within(form).getByLabelText(/^Role/), "manager");
    await user.click(within(form).getByRole("button", { name: "Send the invitation" }));
    expect(await screen.findByText("An invitation was sent to new.person@example.org.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/invitations/")?.body).toEqual({
      email: "new.person@example.org",
      role: "manager",
      provider: null,
      partner: null,
    });
    expect(within(form).getByLabelText(/^E-mail/)).toHaveValue("");
  });

  it("asks for a provider when inviting provider staff and shows the server's refusal", async () => {
    server({
      "GET /api/v1/users/": () => json({ count: 0, results: [] }),
      "GET /api/v1/centre/security/": () => json(SECURITY),
      "GET /api/v1/providers/": () => json({ count: 1, results: [{ id: "p1", name: "Caritas" }] }),
      "POST /api/v1/invitations/": () => json({ detail: "This person is already a member of the centre.", code: "duplicate_membership" }, 409),
    });
    renderAt("/users", me("admin"));
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Invite a person" }, { timeout: 15_000 });
    await user.type(within(form).getByLabelText(/^E-mail/), "bora@cus.example");
    await user.selectOptions(within(form).getByLabelText(/^Role/), "provider");
    await user.selectOptions(await within(form).findByLabelText(/^Provider/), "p1");
    await user.click(within(form).getByRole("button", { name: "Send the invitation" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("This person is already a member of the centre.");
  });

  it("asks for the partner when inviting a partner organisation's staff", async () => {
    const calls = server({
      "GET /api/v1/users/": () => json({ count: 0, results: [] }),
      "GET /api/v1/centre/security/": () => json(SECURITY),
      "GET /api/v1/partners/": () => json({ count: 1, results: [{ id: "pa1", name: "Szkoła Podstawowa nr 12" }] }),
      "POST /api/v1/invitations/": async (_url, request) => {
        const body = await request.json();
        return json({ id: "i1", email: body.email, role: body.role, provider: null, provider_name: null, partner: body.partner, partner_name: "Szkoła Podstawowa nr 12", language: "en", status: "pending", invited_by: "u-admin", invited_by_name: "Ada Admin", created_at: "2026-12-07T08:00:00Z", expires_at: "2026-12-21T08:00:00Z", accepted_at: null, revoked_at: null }, 201);
      },
    });
    renderAt("/users", me("admin"));
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Invite a person" }, { timeout: 15_000 });
    await user.type(within(form).getByLabelText(/^E-mail/), "head@school.example");
    expect(within(form).queryByLabelText(/^Partner organisation/)).toBeNull();
    await user.selectOptions(within(form).getByLabelText(/^Role/), "partner");
    await user.selectOptions(await within(form).findByLabelText(/^Partner organisation/), "pa1");
    await user.click(within(form).getByRole("button", { name: "Send the invitation" }));
    expect(await screen.findByText("An invitation was sent to head@school.example.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/invitations/")?.body).toEqual({
      email: "head@school.example",
      role: "partner",
      provider: null,
      partner: "pa1",
    });
  });

  it("changes a member's role and deactivates another, with a reason", async () => {
    const calls = server({
      "GET /api/v1/users/": () => json({ count: 1, results: [member("u2", "Bora Novak")] }),
      "GET /api/v1/centre/security/": () => json(SECURITY),
      "PATCH /api/v1/memberships/m-u2/": async (_url, request) => json({ id: "m-u2", ...(await request.json()) }),
    });
    renderAt("/users", me("admin"));
    const user = userEvent.setup();
    const bora = (await screen.findByRole("heading", { name: "Bora Novak" }, { timeout: 15_000 })).closest("li") as HTMLElement;
    await user.click(within(bora).getByRole("button", { name: "Change role" }));
    const form = within(bora).getByRole("form", { name: "Change the role of Bora Novak" });
    await user.selectOptions(within(form).getByLabelText(/^Role/), "manager");
    await user.type(within(form).getByLabelText(/^Reason/), "new job");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The role of Bora Novak was changed.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ role: "manager", provider: null, partner: null, reason: "new job" });

    await user.click(within(bora).getByRole("button", { name: "Deactivate" }));
    await user.type(within(bora).getByLabelText(/^Reason/), "left the centre");
    await user.click(within(within(bora).getByRole("form", { name: "Deactivate" })).getByRole("button", { name: "Deactivate" }));
    expect(await screen.findByText("Bora Novak was deactivated in this centre.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "PATCH")[1]?.body).toEqual({ is_active: false, reason: "left the centre" });
  });

  it("revokes an open invitation", async () => {
    let open = true;
    server({
      "GET /api/v1/users/": () => json({ count: 0, results: [] }),
      "GET /api/v1/centre/security/": () => json(SECURITY),
      "GET /api/v1/invitations/": () =>
        json({
          count: open ? 1 : 0,
          results: open
            ? [{ id: "i1", email: "ines@example.org", role: "volunteer", provider: null, provider_name: null, language: "en", status: "pending", invited_by: "u-admin", invited_by_name: "Ada Admin", created_at: "2026-12-07T08:00:00Z", expires_at: "2026-12-21T08:00:00Z", accepted_at: null, revoked_at: null }]
            : [],
        }),
      "POST /api/v1/invitations/i1/revoke/": () => {
        open = false;
        return json({ id: "i1", status: "revoked" });
      },
    });
    renderAt("/users", me("admin"));
    const user = userEvent.setup();
    const card = (await screen.findByText("ines@example.org", {}, { timeout: 15_000 })).closest("li") as HTMLElement;
    expect(within(card).getByText("Volunteer")).toBeInTheDocument();
    await user.click(within(card).getByRole("button", { name: "Revoke" }));
    expect(await screen.findByText("The invitation to ines@example.org was revoked: its link no longer works.")).toBeInTheDocument();
    expect(await screen.findByText("No open invitations.")).toBeInTheDocument();
  });

  it("lets the administrator require two-factor sign-in of coordinators, never dropping administrators", async () => {
    const calls = server({
      "GET /api/v1/users/": () => json({ count: 0, results: [] }),
      "GET /api/v1/centre/security/": () => json(SECURITY),
      "PATCH /api/v1/centre/security/": async (_url, request) => json({ ...SECURITY, ...(await request.json()) }),
    });
    renderAt("/users", me("admin"));
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Who must use two-factor sign-in" }, { timeout: 15_000 });
    const group = screen.getByRole("group", { name: "Who must use two-factor sign-in" });
    expect(within(group).getByRole("checkbox", { name: /Administrator/ })).toBeDisabled();
    expect(within(group).getByRole("checkbox", { name: /Administrator/ })).toBeChecked();
    await user.click(within(group).getByRole("checkbox", { name: /Coordinator/ }));
    await user.click(within(group).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved: the roles ticked must use two-factor sign-in.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ mfa_required_roles: ["admin", "manager", "coordinator"] });
  });
});

const LINK = {
  email: "new.person@example.org",
  centre_name: "CUS Kraków-Podgórze",
  role: "coordinator",
  provider_name: null,
  status: "pending",
  expires_at: "2026-12-21T08:00:00Z",
  account_exists: false,
};

describe("the invitation page", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the centre and role and lets someone new set a name and password and accept", async () => {
    const calls = server({
      "GET /api/v1/invitation-links/tok/": () => json(LINK),
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/invitation-links/tok/accept/": () => json({ ...LINK, status: "accepted", account_exists: true }),
    });
    renderAt("/invitations/tok", null);
    const user = userEvent.setup();
    expect(await screen.findByText("CUS Kraków-Podgórze", {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getByText("Coordinator")).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^First name/), "Nina");
    await user.type(screen.getByLabelText(/^Last name/), "Kowal");
    await user.type(screen.getByLabelText(/^New password \*/), "quiet harbour lights");
    await user.type(screen.getByLabelText(/^New password again/), "quiet harbour lights");
    await user.click(screen.getByRole("button", { name: "Create the account and accept" }));
    expect(await screen.findByText("You are now a member of CUS Kraków-Podgórze.")).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith("/accept/"))?.body).toEqual({
      first_name: "Nina", last_name: "Kowal", password: "quiet harbour lights", language: "en",
    });
    expect(screen.getByRole("link", { name: "Log in" })).toHaveAttribute("href", "/login");
  });

  it("puts the server's password rules next to the password", async () => {
    server({
      "GET /api/v1/invitation-links/tok/": () => json(LINK),
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/invitation-links/tok/accept/": () => json({ password: ["This password is too common."] }, 400),
    });
    renderAt("/invitations/tok", null);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^First name/, {}, { timeout: 15_000 }), "Nina");
    await user.type(screen.getByLabelText(/^Last name/), "Kowal");
    await user.type(screen.getByLabelText(/^New password \*/), "password1234");
    await user.type(screen.getByLabelText(/^New password again/), "password1234");
    await user.click(screen.getByRole("button", { name: "Create the account and accept" }));
    expect(await screen.findByText("This password is too common.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^New password \*/)).toHaveAttribute("aria-invalid", "true");
  });

  it("asks someone with an account to log in first, and accepts for them once they have", async () => {
    server({
      "GET /api/v1/invitation-links/tok/": () => json({ ...LINK, account_exists: true }),
    });
    renderAt("/invitations/tok", null);
    const link = await screen.findByRole("link", { name: "Log in" }, { timeout: 15_000 });
    expect(link).toHaveAttribute("href", "/login?next=%2Finvitations%2Ftok");
    expect(screen.queryByLabelText(/^First name/)).toBeNull();
  });

  it("accepts as the signed-in user of the invited address", async () => {
    const calls = server({
      "GET /api/v1/invitation-links/tok/": () => json({ ...LINK, account_exists: true }),
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/invitation-links/tok/accept/": () => json({ ...LINK, status: "accepted", account_exists: true }),
    });
    renderAt("/invitations/tok", me("coordinator", "new.person@example.org"));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Accept the invitation" }, { timeout: 15_000 }));
    expect(await screen.findByText("You are now a member of CUS Kraków-Podgórze.")).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith("/accept/"))?.body).toEqual({});
  });

  it("says when the link was used, expired or revoked, or is unknown", async () => {
    server({ "GET /api/v1/invitation-links/tok/": () => json({ ...LINK, status: "expired" }) });
    renderAt("/invitations/tok", null);
    expect(await screen.findByRole("alert", {}, { timeout: 15_000 })).toHaveTextContent(
      "This invitation has expired. Ask the centre for a new one.",
    );
    expect(screen.queryByRole("button", { name: /accept/i })).toBeNull();
  });

  it("says when the link is not valid", async () => {
    server({ "GET /api/v1/invitation-links/bad/": () => json({ detail: "This invitation link is not valid." }, 404) });
    renderAt("/invitations/bad", null);
    expect(await screen.findByRole("alert", {}, { timeout: 15_000 })).toHaveTextContent("This invitation link is not valid.");
  });
});
