// What the service worker (src/sw.ts) keeps on the phone, and for whom. Pure functions, tested in Vitest;
// the worker only wires them to Workbox.
//
// - The app shell: index.html and the built assets (precached at install, replaced by the next build's).
//   No user's data is in them.
// - Two answers of the API, though every API answer says `Cache-Control: no-store` (cus/api/headers.py):
//   a deliberate exception so that provider staff can open the app on a phone without network and log visits:
//     * the signed-in user's own profile (GET /api/v1/me/: name, memberships, language), without which the
//       app cannot tell who is signed in offline;
//     * provider staff's visit list (GET /api/v1/planned-services/?loggable=true…): the clients and services
//       assigned to their organisation, as the "My visits" page last loaded them, one entry per page/search
//       and centre (the X-Centre header is part of the key).
//   Both are fetched from the network first and read from the cache only when the network fails, and both
//   are deleted when the user logs out or another user signs in on the same browser (clearOfflineData), so a
//   shared phone does not keep one user's clients for the next. Nothing else of the API is ever cached.

/** Every runtime cache holding a user's data starts with this; clearOfflineData deletes them all. */
export const DATA_CACHE_PREFIX = "cus-data-";
export const SESSION_CACHE = `${DATA_CACHE_PREFIX}session`;
export const VISITS_CACHE = `${DATA_CACHE_PREFIX}visits`;
/** How long a cached visit list may serve offline: a week of work without network at most. */
export const VISITS_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
export const VISITS_MAX_ENTRIES = 30;
/** How long the worker waits for the network before answering from the cache (a weak signal in the field). */
export const NETWORK_TIMEOUT_SECONDS = 6;

/** Paths Django answers itself (the API, admin, files, the server-rendered catalogue): never the app shell. */
export const SERVER_PATHS = /^\/(?:(?:api|admin|static|media|healthz|catalogue)(?:\/|$)|(?:sw\.js|manifest\.webmanifest|favicon\.ico)$)/;

/** A page load of one of the web UI's own routes (answered with the cached index.html when offline). */
export function isAppNavigation(url: URL, mode: string): boolean {
  return mode === "navigate" && !SERVER_PATHS.test(url.pathname);
}

/** The signed-in user's profile. */
export function isSessionRequest(url: URL, method: string): boolean {
  return method === "GET" && url.pathname === "/api/v1/me/";
}

/** Provider staff's visit list: the planned services that take logs now (the only list read with loggable=true). */
export function isVisitListRequest(url: URL, method: string): boolean {
  return method === "GET" && url.pathname === "/api/v1/planned-services/" && url.searchParams.get("loggable") === "true";
}

/**
 * The cache key of an answer that depends on request headers as well as its URL: the centre the user acts in
 * (X-Centre) and a list's search term when it travels in the X-Search header rather than in the URL.
 */
export function requestCacheKey(url: string, centre: string | null, search: string | null = null): string {
  const key = new URL(url);
  key.searchParams.set("__centre", centre ?? "");
  if (search) key.searchParams.set("__search", search);
  return key.href;
}

export function isDataCache(name: string): boolean {
  return name.startsWith(DATA_CACHE_PREFIX);
}
