import { useEffect, useRef, useState } from "react";
import { staleRecordOf, type StaleRecord } from "../api/versions";

/**
 * Editing a record several people edit (`If-Match`, api/versions.ts). `revision` is the revision the edit started
 * from — pinned when the record is first known, so a background refetch does not move it — or, once a save was
 * refused as stale (412), the other person's. On that refusal `onStale` gets the record as it is now (an editor
 * resets the fields its user did not touch to those values, keeping the user's own changes).
 */
export function useStaleEdit(revision: number | undefined, onStale: (current: Record<string, unknown>) => void = () => {}) {
  const [opened, setOpened] = useState(revision);
  if (opened === undefined && revision !== undefined) setOpened(revision);
  const [stale, setStale] = useState<StaleRecord | null>(null);
  const handler = useRef(onStale);
  useEffect(() => {
    handler.current = onStale;
  });
  useEffect(() => {
    if (stale) handler.current(stale.current);
  }, [stale]);
  return {
    stale,
    revision: stale?.revision ?? opened,
    /** A save failed with `error`: a 412 becomes the stale record shown (any other error keeps what was shown). */
    failed: (error: unknown) => setStale((shown) => staleRecordOf(error) ?? shown),
  };
}
