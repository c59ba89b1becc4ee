// What the UI needs to say about consents as a legal basis, kept apart from the components so it can be tested:
// the consent a refusal (409 `consent_missing`) names, where the client page records it, and how a purpose's
// coverage reads.
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/errors";

export type Coverage = Schemas["PurposeCoverage"];
export type PurposeValue = Schemas["PurposeEnum"];

/** The consent a refused action needs: the purpose (= consent kind) and, for provider sharing, the provider. */
export interface MissingConsent {
  kind: PurposeValue;
  clientId: string | null;
  providerId: string | null;
}

export function missingConsentOf(error: unknown): MissingConsent | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const body = error.body as Record<string, unknown> | null;
  if (!body || body.code !== "consent_missing" || typeof body.consent_kind !== "string") return null;
  return {
    kind: body.consent_kind as PurposeValue,
    clientId: typeof body.client === "string" ? body.client : null,
    providerId: typeof body.provider === "string" ? body.provider : null,
  };
}

/** The client page's consents tab with the form for recording the consent of ``kind`` open. */
export function recordConsentPath(clientId: string, kind: string): string {
  return `/clients/${clientId}?tab=consents&record=${encodeURIComponent(kind)}`;
}

/** May a consent be recorded for this purpose from the coverage (the basis is consent and one is missing)? */
export function canRecord(item: Coverage): boolean {
  return item.legal_basis === "consent" && item.status === "missing";
}

/** The latest end date among the purpose's valid consents: null when one has no end (or there are none). */
export function coveredUntil(item: Coverage): string | null {
  if (!item.consents.length || item.consents.some((c) => !c.valid_until)) return null;
  return item.consents.map((c) => c.valid_until as string).sort().at(-1) ?? null;
}

/** The providers the purpose's valid consents name, each once, by name. */
export function namedProviders(item: Coverage): { id: string; name: string }[] {
  const byId = new Map<string, { id: string; name: string }>();
  for (const consent of item.consents) for (const provider of consent.providers) byId.set(provider.id, provider);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
