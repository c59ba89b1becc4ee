import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { answersBody, linkProblem, problemKey, validateAnswers } from "./surveyLogic";

const QUESTIONS = [
  { key: "overall", answer_required: true },
  { key: "punctuality", answer_required: false },
  { key: "respect", answer_required: false },
];

describe("a refused survey link", () => {
  it("is unknown on 404 and used, expired or withdrawn on 410 by the server's code", () => {
    expect(linkProblem(new ApiError(404, { detail: "x", code: "survey_link_unknown" }))).toBe("unknown");
    expect(linkProblem(new ApiError(410, { detail: "x", code: "survey_link_used" }))).toBe("used");
    expect(linkProblem(new ApiError(410, { detail: "x", code: "survey_link_expired" }))).toBe("expired");
    expect(linkProblem(new ApiError(410, { detail: "x", code: "survey_link_revoked" }))).toBe("revoked");
    expect(linkProblem(new ApiError(410, { detail: "x" }))).toBe("gone");
    expect(problemKey("used")).toBe("survey.problem.used");
  });

  it("leaves a 400 to the form and calls anything else a general failure", () => {
    expect(linkProblem(new ApiError(400, { overall: ["bad"] }))).toBeNull();
    expect(linkProblem(new ApiError(500, null))).toBe("other");
    expect(linkProblem(new TypeError("network"))).toBe("other");
    expect(linkProblem(null)).toBeNull();
  });
});

describe("the survey form", () => {
  it("requires the overall answer only", () => {
    expect(validateAnswers({}, QUESTIONS, 1, 5)).toEqual({ overall: "survey.required" });
    expect(validateAnswers({ overall: "4" }, QUESTIONS, 1, 5)).toEqual({});
  });

  it("refuses answers outside the scale and an overlong comment", () => {
    expect(validateAnswers({ overall: "6", respect: "0" }, QUESTIONS, 1, 5)).toEqual({
      overall: "survey.outOfScale",
      respect: "survey.outOfScale",
    });
    expect(validateAnswers({ overall: "3", comment: "x".repeat(2001) }, QUESTIONS, 1, 5)).toEqual({
      comment: "survey.commentTooLong",
    });
  });

  it("sends numbers, null for unanswered questions and the trimmed comment", () => {
    expect(answersBody({ overall: "5", respect: "2", comment: "  kind staff " }, QUESTIONS)).toEqual({
      overall: 5,
      punctuality: null,
      respect: 2,
      comment: "kind staff",
    });
  });
});
