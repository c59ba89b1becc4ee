// Which lifecycle actions a plan offers in each state: a hint for the buttons only; the server decides.
export type PlanStatus = "draft" | "active" | "suspended" | "closed" | "cancelled";
export type PlanAction = "submit" | "approve" | "return" | "activate" | "suspend" | "resume" | "close" | "cancel";
/** Where a draft stands with the manager who approves it ("" = not submitted); a record on the plan, not a status. */
export type Approval = "" | "submitted" | "approved" | "returned";

const ACTIONS: Record<PlanStatus, readonly PlanAction[]> = {
  draft: ["activate", "cancel"],
  active: ["suspend", "close"],
  suspended: ["resume", "close"],
  closed: [],
  cancelled: [],
};

export interface LifecycleContext {
  /** The plan's approval record ("" or missing: not submitted). */
  approval?: string | null;
  /** The centre activates only plans a manager approved (Centre.plans_need_approval). */
  approvalRequired?: boolean;
  /** The viewer approves plans (a manager, not the plan's coordinator): they get Approve / Return, nothing else. */
  approver?: boolean;
}

/** The buttons for a plan. Where the centre requires approval, a draft is submitted first (again after a return),
 * waits while submitted, and is activated once approved; otherwise the draft is activated as it always was. */
export function actionsFor(status: string, context: LifecycleContext = {}): readonly PlanAction[] {
  const approval = (context.approval ?? "") as Approval;
  if (context.approver) {
    return status === "draft" && approval === "submitted" ? ["approve", "return"] : [];
  }
  if (status === "draft" && context.approvalRequired) {
    if (approval === "approved") return ["activate", "cancel"];
    if (approval === "submitted") return ["cancel"];
    return ["submit", "cancel"];
  }
  return ACTIONS[status as PlanStatus] ?? [];
}

/** The approval state worth showing on a plan: only drafts and plans that went through approval have one. */
export function approvalShown(status: string, approval: string | null | undefined): Approval | null {
  const value = (approval ?? "") as Approval;
  if (value === "") return status === "draft" ? "" : null;
  return value;
}

/** A change to a submitted or approved draft withdraws it (the server does it too): the editor warns first. */
export function changeWithdrawsApproval(status: string, approval: string | null | undefined): boolean {
  return status === "draft" && (approval === "submitted" || approval === "approved");
}

/** Goals, services and details can be changed while the plan is a draft or running. */
export function isEditable(status: string): boolean {
  return status === "draft" || status === "active" || status === "suspended";
}
