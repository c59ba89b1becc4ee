import { describe, expect, it } from "vitest";
import { actionsFor, approvalShown, changeWithdrawsApproval, isEditable } from "./lifecycle";

describe("plan lifecycle buttons", () => {
  it("offers activation only to a draft", () => {
    expect(actionsFor("draft")).toContain("activate");
    expect(actionsFor("active")).not.toContain("activate");
  });

  it("resumes only a suspended plan", () => {
    expect(actionsFor("suspended")).toEqual(["resume", "close"]);
  });

  it("offers nothing on a closed or cancelled plan, or an unknown state", () => {
    expect(actionsFor("closed")).toEqual([]);
    expect(actionsFor("cancelled")).toEqual([]);
    expect(actionsFor("nonsense")).toEqual([]);
    expect(isEditable("closed")).toBe(false);
    expect(isEditable("draft")).toBe(true);
  });
});

describe("the manager's approval", () => {
  const required = { approvalRequired: true };

  it("keeps the draft -> active path when the centre does not require approval", () => {
    expect(actionsFor("draft", { approval: "" })).toEqual(["activate", "cancel"]);
    expect(actionsFor("draft", { approval: "submitted" })).toEqual(["activate", "cancel"]);
  });

  it("submits a draft first where approval is required, and again after a return", () => {
    expect(actionsFor("draft", { ...required, approval: "" })).toEqual(["submit", "cancel"]);
    expect(actionsFor("draft", { ...required, approval: null })).toEqual(["submit", "cancel"]);
    expect(actionsFor("draft", { ...required, approval: "returned" })).toEqual(["submit", "cancel"]);
  });

  it("waits while submitted and activates once approved", () => {
    expect(actionsFor("draft", { ...required, approval: "submitted" })).toEqual(["cancel"]);
    expect(actionsFor("draft", { ...required, approval: "approved" })).toEqual(["activate", "cancel"]);
  });

  it("offers the approver only Approve and Return, and only on a submitted draft", () => {
    expect(actionsFor("draft", { approver: true, approval: "submitted" })).toEqual(["approve", "return"]);
    expect(actionsFor("draft", { approver: true, approval: "approved", approvalRequired: true })).toEqual([]);
    expect(actionsFor("draft", { approver: true, approval: "" })).toEqual([]);
    expect(actionsFor("active", { approver: true, approval: "submitted" })).toEqual([]);
  });

  it("leaves the running plan's actions as they were", () => {
    expect(actionsFor("active", { ...required, approval: "approved" })).toEqual(["suspend", "close"]);
  });

  it("shows the approval state of drafts and of plans that were approved", () => {
    expect(approvalShown("draft", "")).toBe("");
    expect(approvalShown("active", "")).toBeNull();
    expect(approvalShown("active", "approved")).toBe("approved");
    expect(approvalShown("draft", "returned")).toBe("returned");
  });

  it("warns that a change withdraws a submission or an approval", () => {
    expect(changeWithdrawsApproval("draft", "submitted")).toBe(true);
    expect(changeWithdrawsApproval("draft", "approved")).toBe(true);
    expect(changeWithdrawsApproval("draft", "returned")).toBe(false);
    expect(changeWithdrawsApproval("active", "approved")).toBe(false);
  });
});
