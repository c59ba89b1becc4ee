// Every screen of the UI, in one list. `roles` limits a route (no `roles` = everyone signed in);
// `public` routes need no login and render without the app shell. Screens load lazily per feature.
// To add a screen: a page in its domain's folder under src/features/ (see frontend/README.md), an entry here,
// nav entries in src/nav.ts.
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { Role } from "./auth/roles";

export interface AppRoute {
  path: string;
  component: LazyExoticComponent<ComponentType>;
  roles?: readonly Role[];
  public?: boolean;
}

const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);
/** The centre's own staff: they read the case files; the API decides what each may change. */
const STAFF: readonly Role[] = ["coordinator", "manager", "admin"];

export const ROUTES: readonly AppRoute[] = [
  // provider staff's day: visits, logs, statements (features/deliveries, the Provider… pages)
  { path: "/provider", component: page(() => import("./features/deliveries/ProviderVisitsPage")), roles: ["provider"] },
  { path: "/provider/visits", component: page(() => import("./features/deliveries/ProviderVisitsPage")), roles: ["provider"] },
  { path: "/provider/logs", component: page(() => import("./features/deliveries/ProviderLogsPage")), roles: ["provider"] },
  { path: "/provider/statements", component: page(() => import("./features/deliveries/ProviderStatementsPage")), roles: ["provider"] },
  // volunteers (features/volunteers): a volunteer's own page, and the volunteer centre of the centre's staff
  { path: "/volunteer", component: page(() => import("./features/volunteers/VolunteerHomePage")), roles: ["volunteer"] },
  { path: "/volunteers", component: page(() => import("./features/volunteers/VolunteersPage")), roles: ["coordinator", "manager"] },
  { path: "/volunteers/new", component: page(() => import("./features/volunteers/VolunteerFormPage")), roles: ["coordinator", "manager"] },
  { path: "/volunteers/:id", component: page(() => import("./features/volunteers/VolunteerDetailPage")), roles: ["coordinator", "manager"] },
  { path: "/volunteers/:id/edit", component: page(() => import("./features/volunteers/VolunteerFormPage")), roles: ["coordinator", "manager"] },
  // managers: contracts (features/contracts), volumes and report runs (features/reports), rules on logs
  { path: "/manager", component: page(() => import("./features/reports/OverviewPage")), roles: ["manager", "admin"] },
  { path: "/manager/overview", component: page(() => import("./features/reports/OverviewPage")), roles: ["manager", "admin"] },
  { path: "/manager/contracts", component: page(() => import("./features/contracts/ContractsPage")), roles: ["manager", "admin"] },
  { path: "/manager/contracts/new", component: page(() => import("./features/contracts/ContractFormPage")), roles: ["manager", "admin"] },
  { path: "/manager/contracts/:id", component: page(() => import("./features/contracts/ContractDetailPage")), roles: ["manager", "admin"] },
  { path: "/manager/contracts/:id/edit", component: page(() => import("./features/contracts/ContractFormPage")), roles: ["manager", "admin"] },
  // the centre's providers, their offerings, locations and contact points (features/catalogue); who pays (features/contracts)
  { path: "/manager/providers", component: page(() => import("./features/catalogue/ServiceProvidersPage")), roles: ["manager", "admin"] },
  { path: "/manager/providers/new", component: page(() => import("./features/catalogue/ServiceProviderFormPage")), roles: ["manager", "admin"] },
  { path: "/manager/providers/:id", component: page(() => import("./features/catalogue/ServiceProviderPage")), roles: ["manager", "admin"] },
  { path: "/manager/providers/:id/edit", component: page(() => import("./features/catalogue/ServiceProviderFormPage")), roles: ["manager", "admin"] },
  { path: "/manager/funding-sources", component: page(() => import("./features/contracts/FundingSourcesPage")), roles: ["manager", "admin"] },
  { path: "/manager/volumes", component: page(() => import("./features/reports/VolumesPage")), roles: ["manager", "admin"] },
  { path: "/manager/reports", component: page(() => import("./features/reports/ReportsPage")), roles: ["manager", "admin"] },
  // closing and re-opening months: what blocks a close, close, re-open with a reason (features/reports)
  { path: "/manager/months", component: page(() => import("./features/reports/MonthClosePage")), roles: ["manager", "admin"] },
  // the centre's rules on service logs: daily limits, the frequency tolerance (features/deliveries)
  { path: "/manager/log-rules", component: page(() => import("./features/deliveries/LogRulesPage")), roles: ["manager", "admin"] },
  // one person, one record: the centre's likely duplicate records, compared and merged (features/clients)
  { path: "/manager/duplicates", component: page(() => import("./features/clients/DuplicatesPage")), roles: ["manager", "admin"] },
  // no login: the public catalogue and a client's survey link
  { path: "/public", component: page(() => import("./features/catalogue/PublicCataloguePage")), public: true },
  { path: "/public/community-plans", component: page(() => import("./features/planning/PublicCommunityPlansPage")), public: true },
  { path: "/public/community-plans/:id", component: page(() => import("./features/planning/PublicCommunityPlanPage")), public: true },
  { path: "/survey/:token", component: page(() => import("./features/quality/PublicSurveyPage")), public: true },
  // no login: a forgotten password (features/account)
  { path: "/forgot-password", component: page(() => import("./features/account/ForgotPasswordPage")), public: true },
  { path: "/reset-password/:uid/:token", component: page(() => import("./features/account/ResetPasswordPage")), public: true },
  // no login: an invitation to join a centre, from its e-mail (features/users)
  { path: "/invitations/:token", component: page(() => import("./features/users/InvitationPage")), public: true },
  // community planning and quality (features/{planning,quality})
  { path: "/community-plans", component: page(() => import("./features/planning/CommunityPlansPage")), roles: STAFF },
  { path: "/community-plans/:id", component: page(() => import("./features/planning/CommunityPlanPage")), roles: STAFF },
  { path: "/needs", component: page(() => import("./features/planning/NeedsPage")), roles: ["manager", "coordinator"] },
  { path: "/meetings", component: page(() => import("./features/planning/MeetingsPage")), roles: ["manager", "coordinator"] },
  { path: "/meetings/:id", component: page(() => import("./features/planning/MeetingPage")), roles: ["manager", "coordinator"] },
  // partner organisations (features/partners): the registry for the centre's staff, the home of a partner's staff
  { path: "/partners", component: page(() => import("./features/partners/PartnersPage")), roles: ["manager", "coordinator"] },
  { path: "/partners/:id", component: page(() => import("./features/partners/PartnerPage")), roles: ["manager", "coordinator"] },
  { path: "/partner", component: page(() => import("./features/partners/PartnerHomePage")), roles: ["partner"] },
  { path: "/quality", component: page(() => import("./features/quality/QualityPage")), roles: ["manager", "coordinator"] },
  { path: "/quality/standards/new", component: page(() => import("./features/quality/StandardFormPage")), roles: ["manager"] },
  { path: "/quality/standards/:id", component: page(() => import("./features/quality/StandardFormPage")), roles: ["manager"] },
  { path: "/quality/evaluations/new", component: page(() => import("./features/quality/EvaluationPage")), roles: ["manager", "coordinator"] },
  { path: "/quality/evaluations/:id", component: page(() => import("./features/quality/EvaluationPage")), roles: ["manager", "coordinator"] },

  // everyone (features/account, features/notifications)
  { path: "/profile", component: page(() => import("./features/account/ProfilePage")) },
  { path: "/notifications", component: page(() => import("./features/notifications/NotificationsPage")) },

  // coordinator (and the centre's other staff where the screen serves them too)
  { path: "/today", component: page(() => import("./features/dashboard/TodayPage")), roles: ["coordinator"] },
  { path: "/clients", component: page(() => import("./features/clients/ClientListPage")), roles: [...STAFF, "auditor"] },
  { path: "/clients/new", component: page(() => import("./features/clients/ClientCreatePage")), roles: STAFF },
  { path: "/clients/:clientId", component: page(() => import("./features/clients/ClientPage")), roles: [...STAFF, "auditor"] },
  { path: "/clients/:clientId/edit", component: page(() => import("./features/clients/ClientEditPage")), roles: STAFF },
  { path: "/plans/approvals", component: page(() => import("./features/plans/ApprovalsPage")), roles: ["manager"] },
  { path: "/plans/:planId", component: page(() => import("./features/plans/PlanPage")), roles: STAFF },
  { path: "/participants", component: page(() => import("./features/clients/ParticipantsPage")), roles: ["coordinator", "manager", "admin", "auditor"] },
  { path: "/waiting-list", component: page(() => import("./features/plans/WaitingListPage")), roles: STAFF },
  { path: "/deliveries", component: page(() => import("./features/deliveries/DeliveriesPage")), roles: STAFF },
  { path: "/statements", component: page(() => import("./features/deliveries/StatementsPage")), roles: STAFF },
  // the centre's processing purposes and their legal bases (features/privacy): the administrator changes them
  { path: "/privacy/purposes", component: page(() => import("./features/privacy/PurposesPage")), roles: STAFF },
  // retention rules, the disposal log and the dry run (features/retention): the administrator changes the rules
  { path: "/retention", component: page(() => import("./features/retention/RetentionPage")), roles: ["admin", "manager", "auditor"] },
  // the access log (features/audit): the data-protection officer searches, exports and prints it
  { path: "/audit/access-log", component: page(() => import("./features/audit/AccessLogPage")), roles: ["auditor", "admin"] },
  // the centre's users, invitations and two-factor rule (features/users): its administrator
  { path: "/users", component: page(() => import("./features/users/UsersPage")), roles: ["admin"] },
  { path: "/settings", component: page(() => import("./features/settings/CentreSettingsPage")), roles: ["admin"] },
  { path: "/settings/reminders", component: page(() => import("./features/settings/ReminderSettingsPage")), roles: ["admin", "manager"] },
];
