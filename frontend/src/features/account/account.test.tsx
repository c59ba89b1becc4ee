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

// The first render loads the lazy pages: give a loaded machine time.
vi.setConfig({ testTimeout: 20_000 });

const json = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function me(role: string, mfa: Partial<Me["mfa"]> = {}): Me {
  return {
    id: "u1",
    email: "someone@cus.example",
    first_name: "Ana",
    last_name: "Novak",
    language: "en",
    phone: "",
    notification_email: "daily_digest",
    memberships: [
      { id: "m1", user: "u1", user_email: "someone@cus.example", centre: "c1", centre_name: "Centre", role, provider: null, provider_name: "", is_active: true },
    ],
    mfa: { enabled: false, required: false, enrolment_required: false, recovery_codes_left: 0, ...mfa },
  } as unknown as Me;
}

type Handler = (url: URL, request: Request) => Response | Promise<Response>;

/** Stands in for the server: each request goes to the first handler whose path matches. */
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
  return queryClient;
}

describe("the login", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("asks for the code after the password of a user with two-factor sign-in, then signs in", async () => {
    const calls = server({
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/auth/login/": () => json({ mfa_required: true }, 202),
      "POST /api/v1/auth/mfa/verify/": () => json(me("coordinator", { enabled: true })),
    });
    renderAt("/login?next=/profile", null);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/E-mail/), "someone@cus.example");
    await user.type(screen.getByLabelText(/^Password/), "a long passphrase");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    const heading = await screen.findByRole("heading", { name: "Two-factor sign-in" });
    expect(heading).toHaveFocus();
    await user.type(screen.getByLabelText(/^Code/), " 123456 ");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("navigation", { name: "Main navigation" }, { timeout: 15_000 })).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/v1/auth/mfa/verify/")?.body).toEqual({ code: "123456" });
  });

  it("says a wrong code next to the field and keeps the user on the second step", async () => {
    server({
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/auth/login/": () => json({ mfa_required: true }, 202),
      "POST /api/v1/auth/mfa/verify/": () => json({ code: ["This code is not right."] }, 400),
    });
    renderAt("/login", null);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/E-mail/), "someone@cus.example");
    await user.type(screen.getByLabelText(/^Password/), "a long passphrase");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    await user.type(await screen.findByLabelText(/^Code/), "000000");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByText("This code is not right.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^Code/)).toHaveAttribute("aria-invalid", "true");
  });

  it("shows a lockout as an alert", async () => {
    server({
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/auth/login/": () =>
        json({ detail: "Too many failed sign-in attempts. Try again later.", code: "locked" }, 429),
    });
    renderAt("/login", null);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/E-mail/), "someone@cus.example");
    await user.type(screen.getByLabelText(/^Password/), "wrong");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many failed sign-in attempts. Try again later.");
  });

  it("links to the forgotten-password page, which says what the server said", async () => {
    const detail = "If an account uses this e-mail, we have sent it a link to set a new password.";
    server({
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/auth/password-reset/": () => json({ detail }, 202),
    });
    renderAt("/login", null);
    const user = userEvent.setup();
    await user.click(screen.getByRole("link", { name: "Forgot your password?" }));
    await screen.findByRole("heading", { name: "Forgot your password?" }, { timeout: 15_000 });
    await user.type(screen.getByLabelText(/E-mail/), "someone@cus.example");
    await user.click(screen.getByRole("button", { name: "Send the link" }));
    expect(await screen.findByText(detail)).toBeInTheDocument();
  });
});

describe("the password reset page", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("checks the two passwords match, sends the link's parts and says the password is set", async () => {
    const calls = server({
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/auth/password-reset/confirm/": () => json({ detail: "Your new password is set. Sign in with it." }),
    });
    renderAt("/reset-password/MTIz/abc-def", null);
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Set a new password" }, { timeout: 15_000 });
    await user.type(screen.getByLabelText(/^New password \*/), "quiet harbour lights");
    await user.type(screen.getByLabelText(/^New password again/), "quiet harbour light");
    await user.click(screen.getByRole("button", { name: "Set the new password" }));
    expect(await screen.findByText("The two passwords are not the same.")).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^New password again/), "s");
    await user.click(screen.getByRole("button", { name: "Set the new password" }));
    expect(await screen.findByText(/Your new password is set/)).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith("/confirm/"))?.body).toEqual({
      uid: "MTIz", token: "abc-def", new_password: "quiet harbour lights",
    });
  });

  it("says when the link was used or expired", async () => {
    server({
      "/api/v1/auth/csrf/": () => json(null, 204),
      "POST /api/v1/auth/password-reset/confirm/": () =>
        json({ token: ["This link is not valid any more: it was used or it expired. Ask for a new one."] }, 400),
    });
    renderAt("/reset-password/MTIz/old", null);
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Set a new password" }, { timeout: 15_000 });
    await user.type(screen.getByLabelText(/^New password \*/), "quiet harbour lights");
    await user.type(screen.getByLabelText(/^New password again/), "quiet harbour lights");
    await user.click(screen.getByRole("button", { name: "Set the new password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This link is not valid any more");
  });
});

describe("two-factor sign-in", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  const ENROLMENT = { otpauth_uri: "otpauth://totp/CUS:x", secret: "ABCDEFGHIJKLMNOP", qr_svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>" };
  const CODES = ["aaaa-bbbb-cccc", "dddd-eeee-ffff"];

  it("holds a manager who has not set it up to the set-up, then opens the page they asked for", async () => {
    let enrolled = false;
    server({
      "GET /api/v1/me/": () => json(me("manager", enrolled
        ? { enabled: true, required: true, recovery_codes_left: 2 }
        : { required: true, enrolment_required: true })),
      "POST /api/v1/me/mfa/totp/": () => json(ENROLMENT, 201),
      "POST /api/v1/me/mfa/totp/confirm/": () => {
        enrolled = true;
        return json({ recovery_codes: CODES });
      },
    });
    renderAt("/profile", me("manager", { required: true, enrolment_required: true }));
    expect(await screen.findByRole("heading", { name: "Set up two-factor sign-in" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main navigation" })).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));
    expect(await screen.findByRole("img", { name: "QR code to scan with your authenticator app" })).toBeInTheDocument();
    expect(screen.getByText("ABCD EFGH IJKL MNOP")).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Code/), "123456");
    await user.click(screen.getByRole("button", { name: "Turn on" }));
    const list = await screen.findByRole("list");
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual(CODES);
    await user.click(screen.getByRole("button", { name: "I have saved them" }));
    expect(await screen.findByRole("heading", { name: "Your profile" }, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getByText(/On: signing in asks for a code/)).toBeInTheDocument();
  });

  it("turns it off on the profile with the password, where the role allows", async () => {
    let enabled = true;
    const calls = server({
      "GET /api/v1/me/": () => json(me("coordinator", { enabled, recovery_codes_left: enabled ? 10 : 0 })),
      "POST /api/v1/me/mfa/disable/": () => {
        enabled = false;
        return json(null, 204);
      },
    });
    renderAt("/profile", me("coordinator", { enabled: true, recovery_codes_left: 10 }));
    const user = userEvent.setup();
    expect(await screen.findByText("Recovery codes left: 10")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Turn two-factor sign-in off" }));
    await user.type(screen.getByLabelText(/^Your password/), "a long passphrase");
    await user.click(screen.getByRole("button", { name: "Turn two-factor sign-in off" }));
    expect(await screen.findByText("Two-factor sign-in is off.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/v1/me/mfa/disable/")?.body).toEqual({ password: "a long passphrase" });
  });

  it("offers no way to turn it off where the role requires it", async () => {
    server({});
    renderAt("/profile", me("manager", { enabled: true, required: true, recovery_codes_left: 10 }));
    expect(await screen.findByRole("button", { name: "New recovery codes" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Turn two-factor sign-in off" })).not.toBeInTheDocument();
  });
});

describe("the profile's password change", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("puts a wrong current password next to its field, then says the change was made", async () => {
    let attempts = 0;
    server({
      "POST /api/v1/me/password/": () =>
        ++attempts === 1
          ? json({ current_password: ["This is not your current password."] }, 400)
          : json({ detail: "Your password has been changed." }),
    });
    renderAt("/profile", me("coordinator"));
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Change your password" }, { timeout: 15_000 });
    await user.type(screen.getByLabelText(/^Current password/), "wrong");
    await user.type(screen.getByLabelText(/^New password \*/), "quiet harbour lights");
    await user.type(screen.getByLabelText(/^New password again/), "quiet harbour lights");
    await user.click(screen.getByRole("button", { name: "Change the password" }));
    expect(await screen.findByText("This is not your current password.")).toBeInTheDocument();
    await user.clear(screen.getByLabelText(/^Current password/));
    await user.type(screen.getByLabelText(/^Current password/), "right one");
    await user.click(screen.getByRole("button", { name: "Change the password" }));
    expect(await screen.findByText(/Your password has been changed/)).toBeInTheDocument();
  });
});

describe("an answer saying the session ended", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the login", async () => {
    await i18n.changeLanguage("en");
    server({
      "/api/v1/notifications/unread-count/": () => json({ detail: "Not signed in." }, 401),
      "/api/v1/notifications/unread_count/": () => json({ detail: "Not signed in." }, 401),
      "GET /api/v1/me/": () => json({ detail: "Not signed in." }, 401),
      "/api/v1/clients/": () => json({ detail: "Not signed in." }, 401),
    });
    renderAt("/clients", me("coordinator"));
    expect(await screen.findByRole("heading", { name: "Log in to CUS" }, { timeout: 15_000 })).toBeInTheDocument();
  });
});
