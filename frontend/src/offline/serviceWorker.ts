// The page's side of the service worker (src/sw.ts): registering it, knowing when it starts answering this
// page's requests, and deleting the user data it keeps when the user changes (src/offline/swPolicy.ts).
import { isDataCache } from "./swPolicy";

/** Registers /sw.js (served by Django from the site's root, so its scope is the whole app) in a production build. */
export function registerServiceWorker(
  container: ServiceWorkerContainer | undefined = typeof navigator === "undefined" ? undefined : navigator.serviceWorker,
): Promise<ServiceWorkerRegistration | null> {
  if (!container) return Promise.resolve(null);
  return container.register("/sw.js", { scope: "/" }).catch(() => null);
}

/**
 * Calls `listener` when a service worker starts controlling this page (the first visit, or a new build): from
 * then on the visit list the page loads is kept for offline use, so a page that loaded it before loads it again.
 */
export function onServiceWorkerControl(
  listener: () => void,
  container: ServiceWorkerContainer | undefined = typeof navigator === "undefined" ? undefined : navigator.serviceWorker,
): () => void {
  if (!container) return () => {};
  container.addEventListener("controllerchange", listener);
  return () => container.removeEventListener("controllerchange", listener);
}

/**
 * Deletes the API answers kept for offline use (the user's profile, provider staff's visit list), not the
 * app shell: called when a user logs out, when another user signs in and when the server says nobody is
 * signed in, so that a shared phone does not show one user's clients to the next.
 */
export async function clearOfflineData(storage: CacheStorage | undefined = globalThis.caches): Promise<void> {
  if (!storage) return;
  try {
    const names = await storage.keys();
    await Promise.all(names.filter(isDataCache).map((name) => storage.delete(name)));
  } catch {
    /* no cache storage (a private window, an insecure origin): nothing was kept */
  }
}
