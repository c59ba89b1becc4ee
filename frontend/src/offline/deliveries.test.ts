import type { Middleware } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { deliveryQueue, flagsOf, onDeliverySynced, sendDelivery, syncedAnswer, type DeliveryItem } from "./deliveries";

// The API client's requests end here (after its own middleware set the headers): a stand-in server.
let server: (request: Request) => Promise<Response> = async () => new Response(null, { status: 599 });
const fakeServer: Middleware = { onRequest: ({ request }) => server(request) };
beforeAll(() => api.use(fakeServer));
afterAll(() => api.eject(fakeServer));

const payload = {
  planned_service: "5b0a4c7e-6a53-4f0e-9d55-0c6a3c3f2f10",
  date: "2026-11-02",
  duration_minutes: 45,
  outcome: "delivered" as const,
  worker_name: "",
  note: "",
};

function item(key: string): DeliveryItem {
  return {
    key, kind: "delivery", payload, label: "", createdAt: "", state: "pending", attempts: 0, nextAttemptAt: 0,
    fieldErrors: {}, error: null, lastStatus: null,
  };
}

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

afterEach(() => {
  localStorage.clear();
});

describe("sendDelivery", () => {
  it("posts the log with the item's key as Idempotency-Key and as client_uuid", async () => {
    const fetchMock = vi.fn(async (_request: Request) => respond(201, { id: "d1" }));
    server = fetchMock;
    const result = await sendDelivery(item("0f7d2a43-3c1e-4f4e-8f0e-2b1d5a9e6c11"));
    expect(result).toEqual({ status: 201, body: { id: "d1" } });
    const request = fetchMock.mock.calls[0][0];
    expect(request.method).toBe("POST");
    expect(new URL(request.url).pathname).toBe("/api/v1/deliveries/");
    expect(request.headers.get("Idempotency-Key")).toBe("0f7d2a43-3c1e-4f4e-8f0e-2b1d5a9e6c11");
    expect(await request.json()).toEqual({ ...payload, client_uuid: "0f7d2a43-3c1e-4f4e-8f0e-2b1d5a9e6c11" });
  });

  it("hands a 400's field errors back to the queue", async () => {
    server = async () => respond(400, { duration_minutes: ["Too long."] });
    expect(await sendDelivery(item("k"))).toEqual({ status: 400, body: { duration_minutes: ["Too long."] } });
  });
});

describe("deliveryQueue", () => {
  it("keeps each user's outbox apart and retries a failed send with the same key", async () => {
    const keys: string[] = [];
    let calls = 0;
    server = async (request: Request) => {
      keys.push(request.headers.get("Idempotency-Key") ?? "");
      calls += 1;
      if (calls === 1) throw new TypeError("Failed to fetch");
      return respond(201, { id: "d1" });
    };
    const queue = deliveryQueue("user-a.centre-1");
    await queue.enqueue("delivery", payload, "Jan Kowalski");
    expect(queue.snapshot().pending).toBe(1);
    expect(JSON.parse(localStorage.getItem("cus.outbox.deliveries.user-a.centre-1") ?? "[]")).toHaveLength(1);
    await queue.retry(queue.snapshot().items[0].key);
    expect(queue.snapshot().items).toEqual([]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    queue.stop();

    const other = deliveryQueue("user-b.centre-1");
    expect(other).not.toBe(queue);
    expect(other.snapshot().items).toEqual([]);
    other.stop();
  });
});

describe("the server's answer to a queued log", () => {
  it("is kept by key, with its flags, and handed to the synced listeners", async () => {
    const answer = { id: "d9", flagged: true, flags: [{ code: "above_frequency", message: "Above the plan." }] };
    server = async () => respond(201, answer);
    const heard: unknown[] = [];
    const unsubscribe = onDeliverySynced((_item, body) => heard.push(body));
    const queue = deliveryQueue("user-c.centre-1");
    const item = await queue.enqueue("delivery", payload, "Jan Kowalski");
    expect(queue.snapshot().items).toEqual([]);
    expect(syncedAnswer(item.key)).toEqual(answer);
    expect(flagsOf(syncedAnswer(item.key))).toEqual([{ code: "above_frequency", message: "Above the plan." }]);
    expect(heard).toEqual([answer]);
    expect(flagsOf({ id: "d10", flags: [] })).toEqual([]);
    expect(flagsOf(undefined)).toEqual([]);
    unsubscribe();
    queue.stop();
  });
});
