import type { Schemas } from "../api/client";

export type Role = "admin" | "manager" | "coordinator" | "provider" | "volunteer" | "auditor" | "partner";
export type Membership = Schemas["Membership"];
export type Me = Schemas["Me"];

/** The membership the UI acts in: the one of the chosen centre, else the first. */
export function currentMembership(me: Me | null | undefined, centreId: string | null): Membership | null {
  const memberships = me?.memberships ?? [];
  if (!memberships.length) return null;
  return memberships.find((m) => m.centre === centreId) ?? memberships[0];
}

/** May a user in `role` open something limited to `allowed`? No list means everyone signed in. */
export function allows(role: Role | null | undefined, allowed?: readonly Role[]): boolean {
  if (!allowed || allowed.length === 0) return true;
  return role != null && allowed.includes(role);
}
