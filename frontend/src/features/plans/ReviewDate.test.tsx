import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { isoDate } from "../../lib/format";
import { isOverdue, ReviewDate } from "./ReviewDate";

describe("a plan's next review", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });

  it("is overdue once its day has passed, not on the day", () => {
    expect(isOverdue("2026-12-06", "2026-12-07")).toBe(true);
    expect(isOverdue("2026-12-07", "2026-12-07")).toBe(false);
    expect(isOverdue(null, "2026-12-07")).toBe(false);
  });

  it("says so beside the date", () => {
    const { rerender } = render(<ReviewDate date="2020-01-31" />);
    expect(screen.getByText("overdue")).toBeInTheDocument();
    rerender(<ReviewDate date={isoDate()} />);
    expect(screen.queryByText("overdue")).not.toBeInTheDocument();
  });
});
