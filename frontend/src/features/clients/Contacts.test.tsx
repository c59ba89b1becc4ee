import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { Contacts } from "./Contacts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const DAUGHTER = {
  id: "k1", client: "c1", name: "Anna Nowak", relation: "daughter", phone: "+48 600 100 200", email: "", address: "",
  is_emergency_contact: true, is_legal_guardian: false, note: "", created_at: "", updated_at: "",
};

function server(contacts: unknown[], onPost?: (body: Record<string, unknown>) => Response) {
  const posts: Record<string, unknown>[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (request.method === "POST" && url.pathname === "/api/v1/contacts/") {
        const body = await request.json();
        posts.push(body);
        return onPost ? onPost(body) : json({ ...DAUGHTER, ...body, id: "k2" }, 201);
      }
      return json({ count: contacts.length, next: null, previous: null, results: contacts });
    }),
  );
  return posts;
}

function renderContacts(editable = true) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <Contacts clientId="c1" editable={editable} />
    </QueryClientProvider>,
  );
}

describe("the client's contact persons", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  it("are listed with whom to call in an emergency", async () => {
    server([DAUGHTER]);
    renderContacts();
    expect(await screen.findByRole("heading", { name: /Anna Nowak/ })).toBeInTheDocument();
    expect(screen.getByText("Call in an emergency")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "+48 600 100 200" })).toHaveAttribute("href", "tel:+48 600 100 200");
  });

  it("are added by the coordinator, with feedback, and refused on the field the server names", async () => {
    const posts = server([], (body) =>
      body.email === "not-an-email" ? json({ email: ["Enter a valid email address."] }, 400) : json({ ...DAUGHTER, ...body, id: "k2" }, 201),
    );
    renderContacts();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Add a contact person" }));
    const form = screen.getByRole("form", { name: "Add a contact person" });
    await user.type(within(form).getByLabelText(/^Name/), "Jan Kowalski");
    await user.type(within(form).getByLabelText("E-mail"), "not-an-email");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByText("Enter a valid email address.")).toBeInTheDocument();
    await user.clear(within(form).getByLabelText("E-mail"));
    await user.click(within(form).getByLabelText("Legal guardian"));
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The contact person is added.");
    expect(posts.at(-1)).toMatchObject({ client: "c1", name: "Jan Kowalski", is_legal_guardian: true, email: "" });
  });

  it("cannot be changed by whoever does not coordinate the client", async () => {
    server([DAUGHTER]);
    renderContacts(false);
    await screen.findByRole("heading", { name: /Anna Nowak/ });
    expect(screen.queryByRole("button", { name: "Add a contact person" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Change/ })).not.toBeInTheDocument();
  });
});
