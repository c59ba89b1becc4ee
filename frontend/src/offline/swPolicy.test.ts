import {
  SERVER_PATHS,
  VISITS_CACHE,
  SESSION_CACHE,
  isAppNavigation,
  isDataCache,
  isSessionRequest,
  isVisitListRequest,
  requestCacheKey,
} from "./swPolicy";

const at = (path: string) => new URL(path, "https://cus.example");

describe("what the service worker keeps", () => {
  it("answers page loads of the UI's own routes with the shell, never the server's own pages", () => {
    for (const path of ["/", "/provider/visits", "/clients/7b0c/edit", "/login", "/volunteer", "/public", "/apiary"]) {
      expect(isAppNavigation(at(path), "navigate")).toBe(true);
    }
    for (const path of ["/api/v1/me/", "/admin/", "/admin", "/static/assets/x.js", "/media/a.pdf", "/healthz/", "/catalogue/", "/sw.js", "/manifest.webmanifest", "/favicon.ico"]) {
      expect(isAppNavigation(at(path), "navigate")).toBe(false);
    }
    // a script's or an image's request is not a page load
    expect(isAppNavigation(at("/provider/visits"), "cors")).toBe(false);
    expect(SERVER_PATHS.test("/api")).toBe(true);
  });

  it("keeps the signed-in user's profile and provider staff's visit list, and no other API answer", () => {
    expect(isSessionRequest(at("/api/v1/me/"), "GET")).toBe(true);
    expect(isSessionRequest(at("/api/v1/me/"), "PATCH")).toBe(false);
    expect(isVisitListRequest(at("/api/v1/planned-services/?page=1&page_size=20&loggable=true"), "GET")).toBe(true);
    expect(isVisitListRequest(at("/api/v1/planned-services/?page=1&loggable=true&search=nowak"), "GET")).toBe(true);
    // the coordinator's lists of planned services, a client, a log, and any write: never
    expect(isVisitListRequest(at("/api/v1/planned-services/?plan=4"), "GET")).toBe(false);
    expect(isVisitListRequest(at("/api/v1/planned-services/?loggable=false"), "GET")).toBe(false);
    expect(isVisitListRequest(at("/api/v1/planned-services/?loggable=true"), "POST")).toBe(false);
    expect(isVisitListRequest(at("/api/v1/clients/?loggable=true"), "GET")).toBe(false);
    expect(isVisitListRequest(at("/api/v1/planned-services/7/?loggable=true"), "GET")).toBe(false);
    expect(isSessionRequest(at("/api/v1/deliveries/"), "GET")).toBe(false);
  });

  it("keeps a visit list per centre (the centre is a header, not in the URL)", () => {
    const url = "https://cus.example/api/v1/planned-services/?page=1&loggable=true";
    expect(requestCacheKey(url, "c1")).not.toBe(requestCacheKey(url, "c2"));
    expect(requestCacheKey(url, "c1")).toBe(requestCacheKey(url, "c1"));
    expect(new URL(requestCacheKey(url, null)).searchParams.get("loggable")).toBe("true");
    // a search term sent in the X-Search header (not in the URL) is part of the key too
    expect(requestCacheKey(url, "c1", "nowak")).not.toBe(requestCacheKey(url, "c1", "kowalski"));
    expect(requestCacheKey(url, "c1", "nowak")).not.toBe(requestCacheKey(url, "c1"));
  });

  it("names every cache holding a user's data so that logging out finds it", () => {
    expect(isDataCache(SESSION_CACHE)).toBe(true);
    expect(isDataCache(VISITS_CACHE)).toBe(true);
    expect(isDataCache("workbox-precache-v2-https://cus.example/")).toBe(false);
  });
});
