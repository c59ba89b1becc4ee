// The phone's outbox of delivery logs: one queue per signed-in user and centre, kept in localStorage,
// sent to POST /api/v1/deliveries/ with the item's key both as the Idempotency-Key header and as the
// log's client_uuid, so the server records a visit once however often the phone retries it.
import { useSyncExternalStore } from "react";
import { api } from "../api/client";
import type { Schemas } from "../api/client";
import { OfflineQueue, flushOnReconnect, localStorageQueue, type QueueItem, type QueueSnapshot } from "./queue";

export type DeliveryPayload = Omit<Schemas["DeliveryInputRequest"], "client_uuid" | "confirmation">;
export type DeliveryItem = QueueItem<DeliveryPayload>;

export async function sendDelivery(item: DeliveryItem): Promise<{ status: number; body?: unknown }> {
  const { data, error, response } = await api.POST("/api/v1/deliveries/", {
    body: { ...item.payload, client_uuid: item.key },
    params: { header: { "Idempotency-Key": item.key } },
  });
  return { status: response.status, body: response.ok ? data : error };
}

let current: { owner: string; queue: OfflineQueue<DeliveryPayload>; unwire: () => void } | null = null;
const syncedListeners = new Set<() => void>();

/** The outbox of `owner` (user id + centre): created on first use, flushed on reconnect. */
export function deliveryQueue(owner: string): OfflineQueue<DeliveryPayload> {
  if (current?.owner === owner) return current.queue;
  current?.queue.stop();
  current?.unwire();
  const queue = new OfflineQueue<DeliveryPayload>({
    send: sendDelivery,
    storage: localStorageQueue<DeliveryPayload>(`cus.outbox.deliveries.${owner}`),
    onSynced: () => syncedListeners.forEach((listener) => listener()),
  });
  const unwire = typeof window === "undefined" ? () => {} : flushOnReconnect(queue);
  current = { owner, queue, unwire };
  void queue.flush(); // whatever an earlier visit left behind
  return queue;
}

/** Calls `listener` whenever a queued log reaches the server (to refresh lists). */
export function onDeliverySynced(listener: () => void): () => void {
  syncedListeners.add(listener);
  return () => syncedListeners.delete(listener);
}

/** The outbox's live state for React. */
export function useOutbox(queue: OfflineQueue<DeliveryPayload>): QueueSnapshot<DeliveryPayload> {
  return useSyncExternalStore(
    (notify) => queue.subscribe(notify),
    () => queue.snapshot(),
  );
}
