import { useSyncExternalStore } from "react";
import type { OfflineQueue, QueueSnapshot } from "./queue";

/** An outbox's live state for React. */
export function useOutbox<P>(queue: OfflineQueue<P>): QueueSnapshot<P> {
  return useSyncExternalStore(
    (notify) => queue.subscribe(notify),
    () => queue.snapshot(),
  );
}
