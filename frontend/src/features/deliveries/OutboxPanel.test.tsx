import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import type { DeliveryPayload } from "../../offline/deliveries";
import { OfflineQueue, type QueueItem, type QueueStorage } from "../../offline/queue";
import { OutboxPanel } from "./OutboxPanel";

const payload: DeliveryPayload = { planned_service: "ps-1", date: "2026-11-02", duration_minutes: 5000, outcome: "delivered", worker_name: "", note: "" };

function queueWith(items: QueueItem<DeliveryPayload>[], send = vi.fn(async () => ({ status: 201 }))) {
  let saved = items;
  const storage: QueueStorage<DeliveryPayload> = { load: () => saved, save: (next) => void (saved = next) };
  return { queue: new OfflineQueue<DeliveryPayload>({ storage, send, isOnline: () => true }), send };
}

const rejected: QueueItem<DeliveryPayload> = {
  key: "k1", kind: "delivery", payload, label: "Jan Kowalski — Care at home", createdAt: "", state: "rejected",
  attempts: 1, nextAttemptAt: 0, fieldErrors: { duration_minutes: ["Ensure this value is less than or equal to 1440."] },
  error: null, lastStatus: 400,
};

describe("OutboxPanel", () => {
  it("says when everything has been sent", async () => {
    await i18n.changeLanguage("en");
    render(<OutboxPanel queue={queueWith([]).queue} />);
    expect(screen.getByRole("status")).toHaveTextContent("All visits logged on this device have been sent.");
  });

  it("lists a refused log with the server's reason per field", async () => {
    await i18n.changeLanguage("en");
    render(<OutboxPanel queue={queueWith([rejected]).queue} />);
    expect(screen.getByTestId("outbox-status")).toHaveTextContent("Need your attention: 1.");
    expect(screen.getByText("Jan Kowalski — Care at home", { exact: false })).toBeInTheDocument();
    expect(screen.getByText("Duration: Ensure this value is less than or equal to 1440.")).toBeInTheDocument();
  });

  it("a corrected log is sent again under its first key", async () => {
    await i18n.changeLanguage("en");
    const { queue, send } = queueWith([rejected]);
    render(<OutboxPanel queue={queue} />);
    await userEvent.click(screen.getByRole("button", { name: "Correct" }));
    const duration = screen.getByLabelText("Duration (minutes)");
    expect(duration).toHaveAccessibleDescription("Ensure this value is less than or equal to 1440.");
    await userEvent.clear(duration);
    await userEvent.type(duration, "50");
    await userEvent.click(screen.getByRole("button", { name: "Save and send again" }));
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    const [sent] = send.mock.calls[0] as unknown as [QueueItem<DeliveryPayload>];
    expect(sent.key).toBe("k1");
    expect(sent.payload.duration_minutes).toBe(50);
    await vi.waitFor(() => expect(screen.getByTestId("outbox-status")).toHaveTextContent("All visits logged"));
  });

  it("discards a refused log once the user confirms", async () => {
    await i18n.changeLanguage("en");
    const { queue } = queueWith([rejected]);
    vi.spyOn(window, "confirm").mockReturnValue(true);
    render(<OutboxPanel queue={queue} />);
    await userEvent.click(screen.getByRole("button", { name: "Discard" }));
    expect(queue.snapshot().items).toEqual([]);
  });
});
