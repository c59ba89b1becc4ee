/** The UI page of what a notification is about, when the UI has one. */
export function subjectPath(subjectType: string, subjectId: string | null | undefined): string | null {
  if (!subjectId) return null;
  switch (subjectType) {
    case "plan":
      return `/plans/${subjectId}`;
    case "client":
      return `/clients/${subjectId}`;
    case "planned_service":
    case "plannedservice":
      return "/waiting-list";
    case "statement":
      return "/statements";
    default:
      return null;
  }
}
