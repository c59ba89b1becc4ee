// The one API module: a typed client for the CUS REST API, generated types in ./schema.d.ts
// (regenerate with `npm run api`). Session auth with CSRF, the selected centre in X-Centre and the UI
// language in Accept-Language are added to every request here, so features never deal with them.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { ApiError } from "./errors";

export type Schemas = components["schemas"];
export type { paths };

/** The query parameters a GET path takes: what the features' list hooks (features/<domain>/queries.ts) accept. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;
/** The JSON body a path's method takes: what the features' mutation hooks accept. */
export type BodyOf<P extends keyof paths, M extends "post" | "patch" | "put" = "post"> = paths[P] extends { [K in M]: infer Op }
  ? Op extends { requestBody?: { content: { "application/json": infer B } } }
    ? B
    : never
  : never;

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CENTRE_KEY = "cus.centre";

export function readCookie(name: string, cookies: string = typeof document === "undefined" ? "" : document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

let language = "en";
export function setApiLanguage(lang: string): void {
  language = lang;
}

export function getCentre(): string | null {
  try {
    return localStorage.getItem(CENTRE_KEY);
  } catch {
    return null;
  }
}
export function setCentre(id: string | null): void {
  try {
    if (id) localStorage.setItem(CENTRE_KEY, id);
    else localStorage.removeItem(CENTRE_KEY);
  } catch {
    /* storage unavailable: the header is simply not sent */
  }
}

const headers: Middleware = {
  onRequest({ request }) {
    request.headers.set("Accept-Language", language);
    const centre = getCentre();
    if (centre) request.headers.set("X-Centre", centre);
    if (UNSAFE.has(request.method)) {
      const token = readCookie("csrftoken");
      if (token) request.headers.set("X-CSRFToken", token);
    }
    return request;
  },
};

/** What the API said about the signed-in user on some answer: signed out (401), or held to set up two-factor sign-in. */
export type AuthEvent = "signedOut" | "mfaEnrolmentRequired";
let authListener: ((event: AuthEvent) => void) | null = null;
/** The auth provider listens here, so an expired session or token anywhere shows the login again. */
export function onAuthEvent(listener: ((event: AuthEvent) => void) | null): void {
  authListener = listener;
}

const authEvents: Middleware = {
  async onResponse({ request, response }) {
    if (!authListener || new URL(request.url).pathname.startsWith("/api/v1/auth/")) return response;
    if (response.status === 401) authListener("signedOut");
    else if (response.status === 403) {
      const body = await response.clone().json().catch(() => null);
      if (body && body.code === "mfa_enrollment_required") authListener("mfaEnrolmentRequired");
    }
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "same-origin",
  // Looked up at each call, not at start-up, so tests can stand in for the server.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(headers, authEvents);

/** The data of an openapi-fetch result, or an ApiError thrown (for react-query and forms). */
export async function unwrap<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok) throw new ApiError(response.status, error);
  return data as T;
}

/** A page of a paginated list. */
export interface Page<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}
