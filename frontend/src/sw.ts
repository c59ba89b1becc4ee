/// <reference lib="webworker" />
// The service worker: the app opens without network after a first visit, and provider staff's visit list is
// there to log visits (the logs themselves wait in the outbox, src/offline/). Built by vite-plugin-pwa
// (injectManifest) into dist/sw.js, which Django serves at /sw.js so that its scope is the whole app
// (cus/core/views.py). What is cached and for whom: src/offline/swPolicy.ts.
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { clientsClaim, type WorkboxPlugin } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import {
  NETWORK_TIMEOUT_SECONDS,
  SESSION_CACHE,
  VISITS_CACHE,
  VISITS_MAX_AGE_SECONDS,
  VISITS_MAX_ENTRIES,
  isAppNavigation,
  isSessionRequest,
  isVisitListRequest,
  requestCacheKey,
} from "./offline/swPolicy";

declare let self: ServiceWorkerGlobalScope;

// A new build takes over at once: its index.html and assets replace the old ones in the cache.
void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();

// Page loads, "/" included: the server's index.html while online (a new build is seen at once), the cached one
// offline. Registered before the precache's route, which would answer "/" from the cache first.
// A network that does not answer within the timeout (a weak signal in the field) counts as none.
registerRoute(
  ({ request, url }) => isAppNavigation(url, request.mode),
  async ({ request }) => {
    const network = fetch(request);
    const late = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), NETWORK_TIMEOUT_SECONDS * 1000));
    try {
      const response = await Promise.race([network, late]);
      if (response) return response;
    } catch {
      /* no network: the shell below */
    }
    return (await matchPrecache("/")) ?? network;
  },
);

// index.html (as "/") and the built assets, listed with their revisions by the build; the assets are answered from
// the cache first (their names change with their content).
precacheAndRoute(self.__WB_MANIFEST);

const okOnly = new CacheableResponsePlugin({ statuses: [200] });

registerRoute(
  ({ request, url }) => isSessionRequest(url, request.method),
  new NetworkFirst({
    cacheName: SESSION_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
    // The answer varies by language and cookie; offline, the last one of this browser is the one wanted.
    matchOptions: { ignoreVary: true },
    plugins: [okOnly, new ExpirationPlugin({ maxEntries: 2, maxAgeSeconds: VISITS_MAX_AGE_SECONDS })],
  }),
);

const byCentre: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request }) =>
    requestCacheKey(request.url, request.headers.get("X-Centre"), request.headers.get("X-Search")),
};

registerRoute(
  ({ request, url }) => isVisitListRequest(url, request.method),
  new NetworkFirst({
    cacheName: VISITS_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
    matchOptions: { ignoreVary: true },
    plugins: [
      byCentre,
      okOnly,
      new ExpirationPlugin({ maxEntries: VISITS_MAX_ENTRIES, maxAgeSeconds: VISITS_MAX_AGE_SECONDS }),
    ],
  }),
);
