// An outbox for writes made on a phone that may be offline: each item is kept (localStorage by default)
// until the server has accepted it, and keeps the idempotency key it got when it was queued, so a retry
// after a lost response never creates a second record on the server.
//
// What happens to an item after a send:
//   2xx                       -> removed (the server has it)
//   400 / 403 / 404 / 409 ... -> kept as "rejected" with the server's messages, for the user to fix or discard
//   network error, 5xx, 408,
//   429, a 409 "integrity"    -> kept as "pending", retried with exponential backoff (and at once on `online`)
//   (a race)
// The queue is pure logic: storage, the sender, the clock and timers are injected, so it is tested without
// a browser.

export type QueueItemState = "pending" | "sending" | "rejected";

export interface QueueItem<P = unknown> {
  /** The idempotency key; also the item's id. Never changes, whatever happens to the payload. */
  key: string;
  kind: string;
  payload: P;
  /** A human label for lists (e.g. client and service), set by the caller. */
  label: string;
  createdAt: string;
  state: QueueItemState;
  attempts: number;
  /** Epoch ms before which a pending item is not retried. */
  nextAttemptAt: number;
  /** The server's field errors of a rejected item (`{"date": ["..."]}`). */
  fieldErrors: Record<string, string[]>;
  /** The last general error: a rejected item's detail, or a pending item's transient failure. */
  error: string | null;
  /** HTTP status of the last failed attempt, 0 for a network error. */
  lastStatus: number | null;
  /** A rejected item's refusal code from the server (e.g. "duplicate_visit"), when it gave one. */
  code?: string | null;
}

/** What a send returns; a thrown error is treated as a network failure. */
export interface SendResult {
  status: number;
  body?: unknown;
}

export type Sender<P> = (item: QueueItem<P>) => Promise<SendResult>;

export interface QueueStorage<P> {
  load(): QueueItem<P>[];
  save(items: QueueItem<P>[]): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface QueueOptions<P> {
  send: Sender<P>;
  storage: QueueStorage<P>;
  newKey?: () => string;
  clock?: Clock;
  isOnline?: () => boolean;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called with each accepted item and the server's body. */
  onSynced?: (item: QueueItem<P>, body: unknown) => void;
}

export interface QueueSnapshot<P> {
  items: QueueItem<P>[];
  pending: number;
  rejected: number;
  syncing: boolean;
}

const RETRIED_STATUSES = new Set([408, 425, 429]);
const RACE_RETRIES = 3;

/** Is a failed response worth sending again unchanged (a server or network problem), or must the user act? */
export function isTransient(status: number): boolean {
  return status === 0 || status >= 500 || RETRIED_STATUSES.has(status);
}

/** The server's 409 for two writes at once that its checks could not see (cus/api/errors.py, code "integrity"). */
function isRace(result: SendResult): boolean {
  const body = result.body as { code?: unknown } | null | undefined;
  return result.status === 409 && !!body && typeof body === "object" && body.code === "integrity";
}

/** Backoff before attempt n+1 after n failures: base · 2^(n-1), capped. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  if (attempts <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** (attempts - 1));
}

/**
 * Splits a refusal's body into field errors, one general message and its code. A DRF 400 is
 * `{"field": ["msg"]}`; a conflict (409) is `{detail, code, field?}` and may carry more keys for programs (e.g. the
 * id of the log it duplicates): its detail is the message, shown at its named field too, and the rest is not.
 */
export function describeRejection(body: unknown): {
  fieldErrors: Record<string, string[]>;
  error: string | null;
  code?: string;
} {
  const fieldErrors: Record<string, string[]> = {};
  let error: string | null = null;
  if (typeof body === "string") return { fieldErrors, error: body };
  if (Array.isArray(body)) return { fieldErrors, error: body.map(String).join(" ") || null };
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    const code = typeof record.code === "string" && record.code ? record.code : undefined;
    if (typeof record.detail === "string") {
      error = record.detail;
      if (typeof record.field === "string" && record.field) fieldErrors[record.field] = [error];
      return code ? { fieldErrors, error, code } : { fieldErrors, error };
    }
    for (const [field, value] of Object.entries(record)) {
      if (field === "code" || field === "field") continue;
      if (Array.isArray(value)) fieldErrors[field] = value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
      else if (typeof value === "string") fieldErrors[field] = [value];
      else if (value && typeof value === "object") fieldErrors[field] = [JSON.stringify(value)];
    }
    if (fieldErrors.non_field_errors) error = fieldErrors.non_field_errors.join(" ");
    return code ? { fieldErrors, error, code } : { fieldErrors, error };
  }
  return { fieldErrors, error };
}

export function randomKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // RFC 4122 v4 from Math.random: only where crypto.randomUUID is missing (old browsers, plain-HTTP origins).
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class OfflineQueue<P = unknown> {
  private items: QueueItem<P>[];
  private readonly send: Sender<P>;
  private readonly storage: QueueStorage<P>;
  private readonly newKey: () => string;
  private readonly clock: Clock;
  private readonly isOnline: () => boolean;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly onSynced?: (item: QueueItem<P>, body: unknown) => void;
  private readonly listeners = new Set<(snapshot: QueueSnapshot<P>) => void>();
  private flushing: Promise<void> | null = null;
  private again = false;
  private timer: unknown = null;
  private cached: QueueSnapshot<P> | null = null;

  constructor(options: QueueOptions<P>) {
    this.send = options.send;
    this.storage = options.storage;
    this.newKey = options.newKey ?? randomKey;
    this.clock = options.clock ?? realClock;
    this.isOnline = options.isOnline ?? (() => (typeof navigator === "undefined" ? true : navigator.onLine));
    this.baseDelayMs = options.baseDelayMs ?? 2_000;
    this.maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.onSynced = options.onSynced;
    // An item caught mid-send by a closed tab is simply pending again: its key makes the resend safe.
    this.items = this.storage.load().map((item) => (item.state === "sending" ? { ...item, state: "pending" } : item));
  }

  /** The queue's state; the same object until something changes (as React's useSyncExternalStore wants). */
  snapshot(): QueueSnapshot<P> {
    if (this.cached) return this.cached;
    const items = this.items.map((item) => ({ ...item }));
    this.cached = {
      items,
      pending: items.filter((i) => i.state !== "rejected").length,
      rejected: items.filter((i) => i.state === "rejected").length,
      syncing: this.flushing !== null,
    };
    return this.cached;
  }

  subscribe(listener: (snapshot: QueueSnapshot<P>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues a write and, when online, sends it at once. Resolves when that first attempt is over. */
  async enqueue(kind: string, payload: P, label = ""): Promise<QueueItem<P>> {
    const item: QueueItem<P> = {
      key: this.newKey(),
      kind,
      payload,
      label,
      createdAt: new Date(this.clock.now()).toISOString(),
      state: "pending",
      attempts: 0,
      nextAttemptAt: 0,
      fieldErrors: {},
      error: null,
      lastStatus: null,
    };
    this.items.push(item);
    this.changed();
    await this.flush();
    return this.get(item.key) ?? item;
  }

  get(key: string): QueueItem<P> | undefined {
    const found = this.items.find((i) => i.key === key);
    return found ? { ...found } : undefined;
  }

  /** Replaces a rejected item's payload (the user's fix) and sends it again with the same key. */
  async update(key: string, payload: P, label?: string): Promise<QueueItem<P> | undefined> {
    this.patch(key, {
      payload,
      ...(label === undefined ? {} : { label }),
      state: "pending",
      nextAttemptAt: 0,
      fieldErrors: {},
      error: null,
      code: null,
    });
    await this.flush();
    return this.get(key);
  }

  /** Sends a pending or rejected item now, ignoring its backoff. */
  async retry(key: string): Promise<void> {
    if (this.get(key)?.state !== "sending") this.patch(key, { state: "pending", nextAttemptAt: 0 });
    await this.flush();
  }

  discard(key: string): void {
    this.items = this.items.filter((i) => i.key !== key);
    this.changed();
  }

  /**
   * Sends every pending item that is due, one at a time in the order they were queued. Only one flush
   * runs at a time; a call during a flush makes it run once more at the end.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const loop = async () => {
      try {
        do {
          this.again = false;
          await this.run();
        } while (this.again);
      } finally {
        // No await between the last `again` check and here, so a flush() asked for meanwhile is never lost.
        this.flushing = null;
        this.changed();
        this.schedule();
      }
    };
    this.flushing = loop();
    this.changed();
    return this.flushing;
  }

  /** Cancels the retry timer (on unmount or in tests). */
  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    if (!this.isOnline()) return;
    const due = this.items.filter((i) => i.state === "pending" && i.nextAttemptAt <= this.clock.now());
    for (const item of due) {
      if (!this.isOnline()) return;
      if (!this.items.some((i) => i.key === item.key && i.state === "pending")) continue; // discarded meanwhile
      await this.attempt(item.key);
    }
  }

  private async attempt(key: string): Promise<void> {
    this.patch(key, { state: "sending" });
    const item = this.get(key);
    if (!item) return;
    let result: SendResult;
    try {
      result = await this.send(item);
    } catch (error) {
      result = { status: 0, body: error instanceof Error ? error.message : String(error) };
    }
    if (!this.items.some((i) => i.key === key)) return; // discarded while it was being sent
    if (result.status >= 200 && result.status < 300) {
      this.items = this.items.filter((i) => i.key !== key);
      this.changed();
      this.onSynced?.(item, result.body);
      return;
    }
    const attempts = item.attempts + 1;
    // A race the server could not order (its 409 "integrity", e.g. the same key sent from two windows at once): the
    // same send again gets the first one's answer, so it is retried like a network failure (a few times: one that
    // keeps coming back is no race, and is shown to the user as refused).
    if (isTransient(result.status) || (isRace(result) && attempts < RACE_RETRIES)) {
      const { error } = describeRejection(result.body);
      this.patch(key, {
        state: "pending",
        attempts,
        lastStatus: result.status,
        error: error ?? (result.status ? `HTTP ${result.status}` : null),
        nextAttemptAt: this.clock.now() + backoffDelay(attempts, this.baseDelayMs, this.maxDelayMs),
      });
      return;
    }
    const { fieldErrors, error, code } = describeRejection(result.body);
    this.patch(key, { state: "rejected", attempts, lastStatus: result.status, fieldErrors, error, code: code ?? null });
  }

  private schedule(): void {
    this.stop();
    const waiting = this.items.filter((i) => i.state === "pending");
    if (!waiting.length) return;
    const next = Math.min(...waiting.map((i) => i.nextAttemptAt));
    const delay = Math.max(0, next - this.clock.now());
    // Offline, the `online` event (wired by the caller) or this timer wakes the queue; never a busy loop.
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, Math.max(delay, this.isOnline() ? 0 : this.baseDelayMs));
  }

  private patch(key: string, changes: Partial<QueueItem<P>>): void {
    this.items = this.items.map((i) => (i.key === key ? { ...i, ...changes } : i));
    this.changed();
  }

  private changed(): void {
    this.cached = null;
    try {
      this.storage.save(this.items);
    } catch {
      /* storage full or unavailable: the queue still works for this page's life */
    }
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}

/** Keeps the queue in localStorage under `name`; a damaged entry reads as empty. */
export function localStorageQueue<P>(name: string, store: Storage | undefined = globalThis.localStorage): QueueStorage<P> {
  return {
    load() {
      try {
        const raw = store?.getItem(name);
        const parsed: unknown = raw ? JSON.parse(raw) : [];
        return Array.isArray(parsed) ? (parsed as QueueItem<P>[]) : [];
      } catch {
        return [];
      }
    },
    save(items) {
      store?.setItem(name, JSON.stringify(items));
    },
  };
}

/** Flushes the queue whenever the browser comes back online; returns the unsubscribe. */
export function flushOnReconnect(queue: OfflineQueue<unknown> | { flush(): Promise<void> }, target: EventTarget = window): () => void {
  const handler = () => void queue.flush();
  target.addEventListener("online", handler);
  return () => target.removeEventListener("online", handler);
}

/**
 * One outbox of `name` per signed-in user and centre (`owner`, e.g. "user-id.centre-id"): created on first use,
 * kept in localStorage under `cus.outbox.<name>.<owner>`, flushed at once (whatever an earlier visit left
 * behind) and whenever the browser comes back online. Asking for another owner's outbox stops the last one.
 */
export function ownedOutbox<P>(
  name: string,
  send: Sender<P>,
  onSynced?: (item: QueueItem<P>, body: unknown) => void,
): (owner: string) => OfflineQueue<P> {
  let current: { owner: string; queue: OfflineQueue<P>; unwire: () => void } | null = null;
  return (owner) => {
    if (current?.owner === owner) return current.queue;
    current?.queue.stop();
    current?.unwire();
    const queue = new OfflineQueue<P>({ send, storage: localStorageQueue<P>(`cus.outbox.${name}.${owner}`), onSynced });
    const unwire = typeof window === "undefined" ? () => {} : flushOnReconnect(queue);
    current = { owner, queue, unwire };
    void queue.flush();
    return queue;
  };
}
