// The client survey page's rules, kept apart from the screen so they can be tested: which message a
// refused link gets, the form's checks, and the body sent to /api/public/surveys/{token}/.
import { ApiError } from "../../api/errors";

export type LinkProblem = "unknown" | "used" | "expired" | "revoked" | "gone" | "other";

/** What went wrong with a link, from the server's answer: 404 unknown, 410 used / expired / withdrawn. */
export function linkProblem(error: unknown): LinkProblem | null {
  if (!(error instanceof ApiError)) return error ? "other" : null;
  const code = (error.body as { code?: unknown } | null)?.code;
  if (error.status === 404) return "unknown";
  if (error.status === 410) {
    if (code === "survey_link_used") return "used";
    if (code === "survey_link_expired") return "expired";
    if (code === "survey_link_revoked") return "revoked";
    return "gone";
  }
  return error.status === 400 ? null : "other";
}

/** The i18n key of the message for a refused link. */
export function problemKey(problem: LinkProblem): string {
  return `survey.problem.${problem}`;
}

export type Answers = Record<string, string>;

/** Field errors (i18n keys) of the answers: required questions answered, every answer a whole number in the scale. */
export function validateAnswers(
  answers: Answers,
  questions: readonly { key: string; answer_required: boolean }[],
  min: number,
  max: number,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const q of questions) {
    const raw = answers[q.key] ?? "";
    if (raw === "") {
      if (q.answer_required) errors[q.key] = "survey.required";
      continue;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) errors[q.key] = "survey.outOfScale";
  }
  if ((answers.comment ?? "").length > 2000) errors.comment = "survey.commentTooLong";
  return errors;
}

/** The POST body: answered questions as numbers, unanswered ones null, the comment trimmed. */
export function answersBody(answers: Answers, questions: readonly { key: string }[]) {
  const body: Record<string, number | string | null> = {};
  for (const q of questions) {
    const raw = answers[q.key] ?? "";
    body[q.key] = raw === "" ? null : Number(raw);
  }
  body.comment = (answers.comment ?? "").trim();
  return body as { overall: number; comment: string } & Record<string, number | string | null>;
}
