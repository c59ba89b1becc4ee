import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { Field } from "./Field";
import { Form } from "./Form";

/** A form whose name is checked at once and whose e-mail the "server" refuses a moment later. */
function Example({ onSaved }: { onSaved: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Form
      aria-label="Example"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!name) return setErrors({ name: "This field is required." });
        setErrors({});
        window.setTimeout(() => (email.includes("@") ? onSaved() : setErrors({ email: "Enter a valid e-mail address." })), 50);
      }}
    >
      <Field label="Name" required error={errors.name}>
        <input value={name} onChange={(e) => { setName(e.target.value); setErrors({}); }} />
      </Field>
      <Field label="E-mail" error={errors.email}>
        <input value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <button type="submit">Save</button>
    </Form>
  );
}

describe("the error summary of a form", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });

  it("takes the focus after a refused submit, links to each field and goes once they are corrected", async () => {
    const user = userEvent.setup();
    let saved = 0;
    render(<Example onSaved={() => (saved += 1)} />);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save" }));
    const summary = await screen.findByRole("alert");
    expect(summary).toHaveTextContent("Please correct these fields:");
    await waitFor(() => expect(summary).toHaveFocus());
    const link = screen.getByRole("link", { name: "Name: This field is required." });
    await user.click(link);
    expect(screen.getByLabelText(/^Name/)).toHaveFocus();

    await user.type(screen.getByLabelText(/^Name/), "Anna");
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
    expect(saved).toBe(0);

    // The server's refusal arrives later: summarised and focused the same way.
    await user.type(screen.getByLabelText("E-mail"), "anna.example.org");
    await user.click(screen.getByRole("button", { name: "Save" }));
    const late = await screen.findByRole("alert");
    expect(late).toHaveTextContent("E-mail: Enter a valid e-mail address.");
    await waitFor(() => expect(late).toHaveFocus());
  });

  it("says nothing on a form that is sent without a problem", async () => {
    const user = userEvent.setup();
    let saved = 0;
    render(<Example onSaved={() => (saved += 1)} />);
    await user.type(screen.getByLabelText(/^Name/), "Anna");
    await user.type(screen.getByLabelText("E-mail"), "anna@example.org");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(saved).toBe(1);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
