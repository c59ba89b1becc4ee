import { describe, expect, it } from "vitest";
import {
  OfflineQueue,
  backoffDelay,
  describeRejection,
  flushOnReconnect,
  isTransient,
  localStorageQueue,
  type Clock,
  type QueueItem,
  type QueueStorage,
  type SendResult,
} from "./queue";

interface Payload {
  date: string;
}

class FakeClock implements Clock {
  time = 1_000_000;
  timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Moves time on and fires the timers that are due. */
  async advance(ms: number) {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
    await settle();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function memoryStorage(initial: QueueItem<Payload>[] = []): QueueStorage<Payload> & { saved: QueueItem<Payload>[] } {
  const store = {
    saved: initial,
    load: () => JSON.parse(JSON.stringify(store.saved)) as QueueItem<Payload>[],
    save: (items: QueueItem<Payload>[]) => {
      store.saved = JSON.parse(JSON.stringify(items));
    },
  };
  return store;
}

function setup(responses: (SendResult | Error)[] = [], online = true) {
  const state = { online };
  const sent: { key: string; payload: Payload }[] = [];
  const clock = new FakeClock();
  const storage = memoryStorage();
  let n = 0;
  const queue = new OfflineQueue<Payload>({
    storage,
    clock,
    isOnline: () => state.online,
    newKey: () => `key-${++n}`,
    baseDelayMs: 1_000,
    maxDelayMs: 8_000,
    send: async (item) => {
      sent.push({ key: item.key, payload: item.payload });
      const next = responses.shift() ?? { status: 201, body: { id: "x" } };
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { queue, sent, clock, storage, state };
}

describe("OfflineQueue", () => {
  it("sends at once when online and forgets the item once the server accepted it", async () => {
    const { queue, sent, storage } = setup([{ status: 201, body: { id: "d1" } }]);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    expect(sent).toEqual([{ key: "key-1", payload: { date: "2026-11-02" } }]);
    expect(queue.snapshot().items).toEqual([]);
    expect(storage.saved).toEqual([]);
  });

  it("keeps items queued and persisted while offline, without sending anything", async () => {
    const { queue, sent, storage } = setup([], false);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    await queue.enqueue("delivery", { date: "2026-11-03" });
    expect(sent).toEqual([]);
    expect(queue.snapshot().pending).toBe(2);
    expect(storage.saved.map((i) => i.key)).toEqual(["key-1", "key-2"]);
  });

  it("syncs the queued items in order when the browser comes back online", async () => {
    const { queue, sent, state } = setup([], false);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    await queue.enqueue("delivery", { date: "2026-11-03" });
    const target = new EventTarget();
    const unsubscribe = flushOnReconnect(queue, target);
    state.online = true;
    target.dispatchEvent(new Event("online"));
    await settle();
    await settle();
    expect(sent.map((s) => s.key)).toEqual(["key-1", "key-2"]);
    expect(queue.snapshot().pending).toBe(0);
    unsubscribe();
  });

  it("survives a reload: a new queue on the same storage sends what the old one kept", async () => {
    const first = setup([], false);
    await first.queue.enqueue("delivery", { date: "2026-11-02" });
    const sent: string[] = [];
    const reloaded = new OfflineQueue<Payload>({
      storage: first.storage,
      clock: first.clock,
      isOnline: () => true,
      send: async (item) => {
        sent.push(item.key);
        return { status: 201 };
      },
    });
    expect(reloaded.snapshot().pending).toBe(1);
    await reloaded.flush();
    expect(sent).toEqual(["key-1"]);
  });

  it("an item caught mid-send by a closed tab is pending again after a reload", () => {
    const storage = memoryStorage([
      {
        key: "k", kind: "delivery", payload: { date: "2026-11-02" }, label: "", createdAt: "", state: "sending",
        attempts: 0, nextAttemptAt: 0, fieldErrors: {}, error: null, lastStatus: null,
      },
    ]);
    const queue = new OfflineQueue<Payload>({ storage, send: async () => ({ status: 201 }), isOnline: () => false });
    expect(queue.snapshot().items[0].state).toBe("pending");
  });

  it("keeps the same idempotency key across retries of a network failure and of a 5xx", async () => {
    const { queue, sent, clock } = setup([new TypeError("Failed to fetch"), { status: 503 }, { status: 201 }]);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    expect(queue.snapshot().items[0]).toMatchObject({ state: "pending", attempts: 1, lastStatus: 0 });
    await clock.advance(1_000);
    expect(queue.snapshot().items[0]).toMatchObject({ state: "pending", attempts: 2, lastStatus: 503 });
    await clock.advance(2_000);
    expect(queue.snapshot().items).toEqual([]);
    expect(sent.map((s) => s.key)).toEqual(["key-1", "key-1", "key-1"]);
  });

  it("waits out the backoff before retrying, doubling it each time", async () => {
    const { queue, sent, clock } = setup([{ status: 500 }, { status: 500 }, { status: 500 }]);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    expect(sent).toHaveLength(1);
    await clock.advance(999);
    expect(sent).toHaveLength(1);
    await clock.advance(1);
    expect(sent).toHaveLength(2);
    await clock.advance(1_999);
    expect(sent).toHaveLength(2);
    await clock.advance(1);
    expect(sent).toHaveLength(3);
    expect(queue.snapshot().items[0].nextAttemptAt).toBe(clock.now() + 4_000);
  });

  it("a 400 keeps the item with the server's field errors and does not retry it", async () => {
    const { queue, sent, clock } = setup([{ status: 400, body: { date: ["The month is locked."] } }]);
    await queue.enqueue("delivery", { date: "2026-01-02" });
    const [item] = queue.snapshot().items;
    expect(item).toMatchObject({ state: "rejected", lastStatus: 400, fieldErrors: { date: ["The month is locked."] } });
    expect(queue.snapshot()).toMatchObject({ pending: 0, rejected: 1 });
    await clock.advance(60_000);
    expect(sent).toHaveLength(1);
  });

  it("a fixed rejected item is sent again with its original key", async () => {
    const { queue, sent } = setup([{ status: 400, body: { date: ["Bad."] } }, { status: 201 }]);
    await queue.enqueue("delivery", { date: "2026-01-02" });
    await queue.update("key-1", { date: "2026-11-02" });
    expect(sent).toEqual([
      { key: "key-1", payload: { date: "2026-01-02" } },
      { key: "key-1", payload: { date: "2026-11-02" } },
    ]);
    expect(queue.snapshot().items).toEqual([]);
  });

  it("retries a 409 of two writes at once (the same key from two windows) with the same key, as a network failure", async () => {
    const race = { status: 409, body: { detail: "The change conflicts with data saved at the same time.", code: "integrity" } };
    const { queue, sent, clock } = setup([race, { status: 200, body: { id: "first" } }]);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    expect(queue.snapshot().items[0]).toMatchObject({ state: "pending", attempts: 1, lastStatus: 409 });
    await clock.advance(1_000);
    expect(queue.snapshot().items).toEqual([]);
    expect(sent.map((s) => s.key)).toEqual(["key-1", "key-1"]);
  });

  it("shows a 409 that keeps coming back as refused after a few tries", async () => {
    const race = { status: 409, body: { detail: "The change conflicts with data saved at the same time.", code: "integrity" } };
    const { queue, clock } = setup([race, race, race]);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    await clock.advance(1_000);
    await clock.advance(2_000);
    expect(queue.snapshot().items[0]).toMatchObject({ state: "rejected", attempts: 3, code: "integrity" });
  });

  it("a 409 keeps the refusal's code on the rejected item, and a fix clears it", async () => {
    const { queue } = setup([
      { status: 409, body: { detail: "Already logged.", code: "duplicate_visit", field: "start_time", existing: "d0" } },
      { status: 400, body: { units: ["Too many."] } },
    ]);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    expect(queue.snapshot().items[0]).toMatchObject({
      state: "rejected", lastStatus: 409, code: "duplicate_visit", error: "Already logged.",
      fieldErrors: { start_time: ["Already logged."] },
    });
    await queue.update("key-1", { date: "2026-11-03" });
    expect(queue.snapshot().items[0]).toMatchObject({ state: "rejected", lastStatus: 400, code: null, error: null });
  });

  it("a discarded item is gone from the queue and from storage", async () => {
    const { queue, storage } = setup([{ status: 409, body: { detail: "Locked.", code: "locked" } }]);
    await queue.enqueue("delivery", { date: "2026-01-02" });
    expect(queue.snapshot().items[0]).toMatchObject({ state: "rejected", error: "Locked." });
    queue.discard("key-1");
    expect(queue.snapshot().items).toEqual([]);
    expect(storage.saved).toEqual([]);
  });

  it("a rejected item does not block the ones queued after it", async () => {
    const { queue, sent, state } = setup([{ status: 400, body: { units: ["Too many."] } }, { status: 201 }], false);
    await queue.enqueue("delivery", { date: "2026-11-01" });
    await queue.enqueue("delivery", { date: "2026-11-02" });
    state.online = true;
    await queue.flush();
    expect(sent.map((s) => s.key)).toEqual(["key-1", "key-2"]);
    expect(queue.snapshot().items.map((i) => [i.key, i.state])).toEqual([["key-1", "rejected"]]);
  });

  it("going offline mid-flush leaves the rest queued", async () => {
    const env = setup([], true);
    const { queue, state, sent } = env;
    state.online = false;
    await queue.enqueue("delivery", { date: "2026-11-01" });
    await queue.enqueue("delivery", { date: "2026-11-02" });
    state.online = true;
    const original = sent.length;
    // the first send takes the network down
    const q2 = new OfflineQueue<Payload>({
      storage: env.storage,
      clock: env.clock,
      isOnline: () => state.online,
      send: async (item) => {
        sent.push({ key: item.key, payload: item.payload });
        state.online = false;
        return { status: 201 };
      },
    });
    await q2.flush();
    expect(sent.length - original).toBe(1);
    expect(q2.snapshot().items.map((i) => i.key)).toEqual(["key-2"]);
  });

  it("runs one flush at a time, so an item is never sent twice concurrently", async () => {
    let release: () => void = () => {};
    const sent: string[] = [];
    const queue = new OfflineQueue<Payload>({
      storage: memoryStorage(),
      isOnline: () => true,
      newKey: () => "only",
      send: (item) =>
        new Promise<SendResult>((resolve) => {
          sent.push(item.key);
          release = () => resolve({ status: 201 });
        }),
    });
    const first = queue.enqueue("delivery", { date: "2026-11-02" });
    const second = queue.flush();
    const third = queue.flush();
    await settle();
    release();
    await Promise.all([first, second, third]);
    expect(sent).toEqual(["only"]);
  });

  it("tells subscribers about each change, with the pending count", async () => {
    const { queue } = setup([], false);
    const counts: number[] = [];
    queue.subscribe((s) => counts.push(s.pending));
    await queue.enqueue("delivery", { date: "2026-11-02" });
    expect(counts.at(-1)).toBe(1);
  });
});

describe("helpers", () => {
  it("treats network errors, 5xx, 408 and 429 as transient and other 4xx as needing the user", () => {
    expect([0, 500, 502, 503, 408, 429].every(isTransient)).toBe(true);
    expect([400, 401, 403, 404, 409, 413].some(isTransient)).toBe(false);
  });

  it("doubles the backoff up to its cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 1_000, 8_000))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("reads a 409 detail and its named field", () => {
    expect(describeRejection({ detail: "Month locked.", code: "month_locked", field: "date" })).toEqual({
      fieldErrors: { date: ["Month locked."] },
      error: "Month locked.",
      code: "month_locked",
    });
    expect(describeRejection({ non_field_errors: ["Nope."] })).toEqual({
      fieldErrors: { non_field_errors: ["Nope."] },
      error: "Nope.",
    });
  });

  it("reads a duplicate visit as its detail at the start time, leaving out the id of the log it duplicates", () => {
    const body = {
      detail: "This visit is already logged (2026-11-02 at 09:00).",
      code: "duplicate_visit",
      field: "start_time",
      existing: "8f1c2d3e-0000-4000-8000-000000000001",
    };
    expect(describeRejection(body)).toEqual({
      fieldErrors: { start_time: ["This visit is already logged (2026-11-02 at 09:00)."] },
      error: "This visit is already logged (2026-11-02 at 09:00).",
      code: "duplicate_visit",
    });
  });

  it("localStorage storage round-trips and reads damage as empty", () => {
    const backing = new Map<string, string>();
    const store = {
      getItem: (k: string) => backing.get(k) ?? null,
      setItem: (k: string, v: string) => void backing.set(k, v),
    } as unknown as Storage;
    const storage = localStorageQueue<Payload>("q", store);
    expect(storage.load()).toEqual([]);
    backing.set("q", "{not json");
    expect(storage.load()).toEqual([]);
    storage.save([]);
    expect(backing.get("q")).toBe("[]");
  });
});

describe("snapshot", () => {
  it("is the same object until the queue changes", async () => {
    const { queue } = setup([], false);
    const before = queue.snapshot();
    expect(queue.snapshot()).toBe(before);
    await queue.enqueue("delivery", { date: "2026-11-02" });
    expect(queue.snapshot()).not.toBe(before);
    expect(queue.snapshot().pending).toBe(1);
  });
});

describe("flush joining", () => {
  it("an item queued just as a flush is finishing is still sent by it", async () => {
    const sent: string[] = [];
    let n = 0;
    const queue = new OfflineQueue<Payload>({
      storage: memoryStorage(),
      isOnline: () => true,
      newKey: () => `k${++n}`,
      send: async (item) => {
        sent.push(item.key);
        return { status: 201 };
      },
    });
    const idle = queue.flush(); // nothing to send: its loop ends at once
    const queued = queue.enqueue("delivery", { date: "2026-11-02" }); // asked for before that flush settles
    await Promise.all([idle, queued]);
    expect(sent).toEqual(["k1"]);
    expect(queue.snapshot().items).toEqual([]);
  });
});
