import { afterEach, describe, expect, it, vi } from "vitest";
import { api, readCookie, setApiLanguage, setCentre, unwrap } from "./client";
import { ApiError } from "./errors";

function answer(status: number, body: unknown) {
  const fetch = vi.fn(async (_request: Request) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("the API client", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCentre(null);
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });

  it("sends the CSRF token, the chosen centre and the language on a write", async () => {
    document.cookie = "csrftoken=tok123";
    setCentre("c-42");
    setApiLanguage("sl");
    const fetch = answer(200, { marked: 2 });
    await unwrap(api.POST("/api/v1/notifications/read-all/"));
    const request = fetch.mock.calls[0][0];
    expect(request.headers.get("X-CSRFToken")).toBe("tok123");
    expect(request.headers.get("X-Centre")).toBe("c-42");
    expect(request.headers.get("Accept-Language")).toBe("sl");
  });

  it("sends no CSRF token on a read", async () => {
    document.cookie = "csrftoken=tok123";
    const fetch = answer(200, { count: 0 });
    await unwrap(api.GET("/api/v1/notifications/unread-count/"));
    expect(fetch.mock.calls[0][0].headers.get("X-CSRFToken")).toBeNull();
  });

  it("turns an error answer into an ApiError with the field errors", async () => {
    answer(400, { email: ["Enter a valid email address."] });
    const error = await unwrap(api.PATCH("/api/v1/me/", { body: { phone: "x" } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).fieldErrors).toEqual({ email: ["Enter a valid email address."] });
  });

  it("reads a cookie by exact name", () => {
    expect(readCookie("csrftoken", "xcsrftoken=no; csrftoken=yes; other=1")).toBe("yes");
    expect(readCookie("missing", "a=1")).toBeNull();
  });
});
