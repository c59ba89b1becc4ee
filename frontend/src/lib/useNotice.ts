import { useEffect, useState } from "react";

/** Feedback after an action that clears itself after `ms` (a new message starts the wait again). */
export function useNotice(ms = 8000): [string, (text: string) => void] {
  const [notice, setNotice] = useState("");
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(""), ms);
    return () => window.clearTimeout(timer);
  }, [notice, ms]);
  return [notice, setNotice];
}
