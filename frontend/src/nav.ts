// The navigation, in one place: each role sees the entries listing it (no `roles` = everyone signed in).
// To add a screen: a page in its domain's folder under src/features/, its route in src/routes.tsx, its
// entries here. A role's landing page is its first entry.
import { allows, type Role } from "./auth/roles";

export interface NavItem {
  to: string;
  /** i18n key of the label */
  label: string;
  roles?: readonly Role[];
}

export const NAV: readonly NavItem[] = [
  { to: "/today", label: "nav.today", roles: ["coordinator"] },
  { to: "/audit/access-log", label: "nav.accessLog", roles: ["auditor"] }, // the data-protection officer lands here
  { to: "/provider/visits", label: "provider.nav.visits", roles: ["provider"] },
  { to: "/provider/logs", label: "provider.nav.logs", roles: ["provider"] },
  { to: "/provider/statements", label: "provider.nav.statements", roles: ["provider"] },
  { to: "/volunteer", label: "volunteer.nav.home", roles: ["volunteer"] },
  { to: "/partner", label: "partners.nav.home", roles: ["partner"] }, // a partner organisation's staff land here
  { to: "/manager/overview", label: "manager.nav.overview", roles: ["manager", "admin"] }, // the manager's home
  { to: "/manager/contracts", label: "manager.nav.contracts", roles: ["manager", "admin"] },
  { to: "/manager/providers", label: "manager.nav.providers", roles: ["manager", "admin"] },
  { to: "/manager/funding-sources", label: "manager.nav.funding", roles: ["manager", "admin"] },
  { to: "/plans/approvals", label: "plans.nav.approvals", roles: ["manager"] },
  { to: "/manager/volumes", label: "manager.nav.volumes", roles: ["manager", "admin"] },
  { to: "/manager/reports", label: "manager.nav.reports", roles: ["manager", "admin"] },
  { to: "/manager/months", label: "manager.nav.months", roles: ["manager", "admin"] },
  { to: "/manager/log-rules", label: "manager.nav.logRules", roles: ["manager", "admin"] },
  { to: "/manager/duplicates", label: "manager.nav.duplicates", roles: ["manager", "admin"] },
  { to: "/clients", label: "nav.clients", roles: ["coordinator", "manager", "admin", "auditor"] },
  { to: "/waiting-list", label: "nav.waitingList", roles: ["coordinator", "manager", "admin"] },
  { to: "/participants", label: "nav.participants", roles: ["coordinator", "manager"] },
  { to: "/deliveries", label: "nav.deliveries", roles: ["coordinator", "manager", "admin"] },
  { to: "/statements", label: "nav.statements", roles: ["coordinator", "manager", "admin"] },
  { to: "/volunteers", label: "volunteer.nav.centre", roles: ["coordinator", "manager"] },
  { to: "/community-plans", label: "planning.nav.plans", roles: ["manager", "coordinator", "admin"] },
  { to: "/needs", label: "planning.nav.needs", roles: ["manager", "coordinator"] },
  { to: "/meetings", label: "planning.nav.meetings", roles: ["manager", "coordinator"] },
  { to: "/partners", label: "partners.nav.registry", roles: ["manager", "coordinator"] },
  { to: "/quality", label: "quality.nav.quality", roles: ["manager", "coordinator"] },
  { to: "/users", label: "nav.users", roles: ["admin"] },
  { to: "/settings", label: "nav.centreSettings", roles: ["admin"] },
  { to: "/settings/reminders", label: "nav.reminders", roles: ["manager", "admin"] },
  { to: "/privacy/purposes", label: "nav.purposes", roles: ["admin"] },
  { to: "/retention", label: "nav.retention", roles: ["admin", "manager", "auditor"] },
  { to: "/audit/access-log", label: "nav.accessLog", roles: ["admin"] },
  { to: "/notifications", label: "nav.notifications" },
  { to: "/profile", label: "nav.profile" },
];

export function navFor(role: Role | null | undefined): NavItem[] {
  return NAV.filter((item) => allows(role, item.roles));
}

/** Where a role lands after login: its first navigation entry. */
export function homeFor(role: Role | null | undefined): string {
  return navFor(role)[0]?.to ?? "/profile";
}
