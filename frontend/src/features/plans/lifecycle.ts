// Which lifecycle actions a plan offers in each state: a hint for the buttons only; the server decides.
export type PlanStatus = "draft" | "active" | "suspended" | "closed" | "cancelled";
export type PlanAction = "activate" | "suspend" | "resume" | "close" | "cancel";

const ACTIONS: Record<PlanStatus, readonly PlanAction[]> = {
  draft: ["activate", "cancel"],
  active: ["suspend", "close"],
  suspended: ["resume", "close"],
  closed: [],
  cancelled: [],
};

export function actionsFor(status: string): readonly PlanAction[] {
  return ACTIONS[status as PlanStatus] ?? [];
}

/** Goals, services and details can be changed while the plan is a draft or running. */
export function isEditable(status: string): boolean {
  return status === "draft" || status === "active" || status === "suspended";
}
