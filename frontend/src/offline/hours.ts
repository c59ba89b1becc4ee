// A volunteer's outbox of hours, like the provider's outbox of visits (./deliveries.ts): one queue per signed-in
// user and centre, kept in localStorage, sent to POST /api/v1/volunteer-hours/ with the item's key both as the
// Idempotency-Key header and as the entry's client_uuid, so hours logged without network are stored once
// however often the phone retries them.
import { api, type Schemas } from "../api/client";
import { ownedOutbox, type QueueItem } from "./queue";

export type HoursPayload = Omit<Schemas["VolunteerHoursCreateRequest"], "client_uuid">;
export type HoursItem = QueueItem<HoursPayload>;

export async function sendHours(item: HoursItem): Promise<{ status: number; body?: unknown }> {
  const { data, error, response } = await api.POST("/api/v1/volunteer-hours/", {
    body: { ...item.payload, client_uuid: item.key },
    params: { header: { "Idempotency-Key": item.key } },
  });
  return { status: response.status, body: response.ok ? data : error };
}

type SyncedListener = (item: HoursItem, body: unknown) => void;
const syncedListeners = new Set<SyncedListener>();

/** The hours outbox of `owner` (user id + centre). */
export const hoursQueue = ownedOutbox<HoursPayload>("hours", sendHours, (item, body) => {
  syncedListeners.forEach((listener) => listener(item, body));
});

/** Calls `listener` whenever queued hours reach the server (to refresh the totals and the list). */
export function onHoursSynced(listener: SyncedListener): () => void {
  syncedListeners.add(listener);
  return () => syncedListeners.delete(listener);
}
