// A survey link's state for the coordinator's list: answered, withdrawn, expired or still open.
export type InvitationState = "used" | "revoked" | "expired" | "open";

export function invitationState(
  link: { used_at: string | null; revoked_at: string | null; expires_at: string },
  now: Date = new Date(),
): InvitationState {
  if (link.used_at) return "used";
  if (link.revoked_at) return "revoked";
  if (new Date(link.expires_at).getTime() <= now.getTime()) return "expired";
  return "open";
}

/** A planned service's label in the survey forms' select. */
export function plannedServiceLabel(ps: { client_name: string; service_type_name: string; provider_name: string | null }): string {
  return ps.provider_name ? `${ps.client_name} — ${ps.service_type_name} (${ps.provider_name})` : `${ps.client_name} — ${ps.service_type_name}`;
}

/** The planned services on the given plans that have a provider: the ones a coordinator may survey. */
export function surveyableServices<T extends { plan: string; provider: string | null }>(services: T[], plans: { id: string }[]): T[] {
  const mine = new Set(plans.map((p) => p.id));
  return services.filter((s) => s.provider && mine.has(s.plan));
}
