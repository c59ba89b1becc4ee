import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppRoutes } from "../../app/App";
import { AuthProvider } from "../../auth/AuthProvider";
import { ME_KEY } from "../../auth/queries";
import i18n from "../../i18n";

const SURVEY = {
  service_type_name: "Home care",
  provider_name: "Caritas",
  expires_at: "2026-12-31T00:00:00Z",
  scale_min: 1,
  scale_max: 5,
  questions: [
    { key: "overall", text: "Overall, how satisfied are you?", answer_required: true },
    { key: "respect", text: "Were you treated with respect?", answer_required: false },
  ],
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function renderSurvey(path = "/survey/tok-123") {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(ME_KEY, null);
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

describe("the client survey page", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says a used link was already filled in, without asking to log in", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", vi.fn(async () => json({ detail: "used", code: "survey_link_used" }, 410)));
    renderSurvey();
    expect(await screen.findByRole("alert")).toHaveTextContent("This survey has already been filled in. Thank you!");
    expect(screen.queryByRole("heading", { name: "Log in to CUS" })).not.toBeInTheDocument();
  });

  it("says an unknown link is not valid", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", vi.fn(async () => json({ detail: "x", code: "survey_link_unknown" }, 404)));
    renderSurvey();
    expect(await screen.findByRole("alert")).toHaveTextContent("This survey link is not valid.");
  });

  it("requires the overall answer, then sends the answers once and thanks the client", async () => {
    await i18n.changeLanguage("en");
    const sent: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        if (request.method === "POST") {
          sent.push(await request.json());
          return json({ detail: "Thank you! Your answers have been saved.", code: "saved" }, 201);
        }
        return json(SURVEY);
      }),
    );
    renderSurvey();
    expect(await screen.findByText("Caritas")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Send my answers" }));
    expect(screen.getByText("Please choose an answer.")).toBeInTheDocument();
    expect(sent).toEqual([]);

    const overall = screen.getByRole("group", { name: /Overall/ });
    await userEvent.click(overall.querySelector('input[value="4"]') as HTMLInputElement);
    await userEvent.type(screen.getByLabelText("Anything else you would like to tell us?"), " Kind staff ");
    await userEvent.click(screen.getByRole("button", { name: "Send my answers" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Thank you!");
    expect(sent).toEqual([{ overall: 4, respect: null, comment: "Kind staff" }]);
  });
});
