// The phone's outbox of delivery logs: one queue per signed-in user and centre, kept in localStorage,
// sent to POST /api/v1/deliveries/ with the item's key both as the Idempotency-Key header and as the
// log's client_uuid, so the server records a visit once however often the phone retries it.
import { api } from "../api/client";
import type { Schemas } from "../api/client";
import { ownedOutbox, type QueueItem } from "./queue";

export type DeliveryPayload = Omit<Schemas["DeliveryInputRequest"], "client_uuid" | "confirmation">;
export type DeliveryItem = QueueItem<DeliveryPayload>;

export async function sendDelivery(item: DeliveryItem): Promise<{ status: number; body?: unknown }> {
  const { data, error, response } = await api.POST("/api/v1/deliveries/", {
    body: { ...item.payload, client_uuid: item.key },
    params: { header: { "Idempotency-Key": item.key } },
  });
  return { status: response.status, body: response.ok ? data : error };
}

type SyncedListener = (item: DeliveryItem, body: unknown) => void;
const syncedListeners = new Set<SyncedListener>();
/** The server's answers to the last logs that reached it, by key: a screen that queued a log reads its flags here. */
const answers = new Map<string, unknown>();
const KEPT_ANSWERS = 50;

function remember(item: DeliveryItem, body: unknown): void {
  answers.set(item.key, body);
  while (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value as string);
}

/** The server's answer (the log as saved) to the queued log `key`, if it reached the server lately. */
export function syncedAnswer(key: string): unknown {
  return answers.get(key);
}

/** Why the centre will look at a log the server accepted: its flags (empty when none, or not a log). */
export function flagsOf(body: unknown): Schemas["DeliveryFlag"][] {
  if (!body || typeof body !== "object") return [];
  const flags = (body as { flags?: unknown }).flags;
  return Array.isArray(flags)
    ? flags.filter((f): f is Schemas["DeliveryFlag"] => !!f && typeof f === "object" && typeof f.message === "string")
    : [];
}

/** The outbox of `owner` (user id + centre): created on first use, flushed on reconnect. */
export const deliveryQueue = ownedOutbox<DeliveryPayload>("deliveries", sendDelivery, (item, body) => {
  remember(item, body);
  syncedListeners.forEach((listener) => listener(item, body));
});

/** Calls `listener` whenever a queued log reaches the server (to refresh lists), with the server's answer. */
export function onDeliverySynced(listener: SyncedListener): () => void {
  syncedListeners.add(listener);
  return () => syncedListeners.delete(listener);
}

/** The outbox's live state for React. */
export { useOutbox } from "./useOutbox";
