import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/errors";
import { Loading } from "../../components/Loading";
import { changeLanguage, isLanguage } from "../../i18n";
import { LanguageSwitch } from "../account/LanguageSwitch";
import { usePublicSurvey, useSubmitSurvey } from "./queries";
import { answersBody, linkProblem, problemKey, validateAnswers, type Answers, type LinkProblem } from "./surveyLogic";
import "./survey.css";
import { Form } from "../../components/Form";

/** The client's own survey, opened from a one-time link without logging in (/survey/:token?lang=pl). */
export default function PublicSurveyPage() {
  const { t, i18n } = useTranslation();
  const { token = "" } = useParams();
  const [params] = useSearchParams();
  const lang = params.get("lang");

  useEffect(() => {
    if (isLanguage(lang) && lang !== i18n.language) void changeLanguage(lang);
  }, [lang, i18n]);

  const survey = usePublicSurvey(token, i18n.language);
  const [done, setDone] = useState<string | null>(null);
  const [refused, setRefused] = useState<LinkProblem | null>(null);
  const problem = refused ?? (survey.error ? linkProblem(survey.error) : null);

  return (
    <div className="public-page survey-page">
      <header className="topbar">
        <span className="brand">{t("survey.brand")}</span>
        <div className="topbar-controls">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{t("survey.title")}</h1>
        {survey.isLoading ? <Loading /> : null}
        {done ? (
          <div className="alert alert-ok" role="status">
            <p>{done}</p>
          </div>
        ) : problem ? (
          <div className="alert alert-error" role="alert" data-testid="survey-problem">
            <p>{t(problemKey(problem))}</p>
          </div>
        ) : survey.data ? (
          <SurveyForm
            token={token}
            survey={survey.data}
            onDone={(message) => setDone(message || t("survey.thanks"))}
            onRefused={setRefused}
          />
        ) : null}
      </main>
    </div>
  );
}

function SurveyForm({
  token,
  survey,
  onDone,
  onRefused,
}: {
  token: string;
  survey: Schemas["PublicSurvey"];
  onDone: (message: string) => void;
  onRefused: (problem: LinkProblem) => void;
}) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const submit = useSubmitSurvey(token);
  const [busy, setBusy] = useState(false);
  const scale: number[] = [];
  for (let n = survey.scale_min; n <= survey.scale_max; n += 1) scale.push(n);
  const set = (key: string, value: string) => {
    setAnswers((a) => ({ ...a, [key]: value }));
    setErrors((e) => ({ ...e, [key]: "" }));
  };
  const errorOf = (key: string) => (errors[key] ? t(errors[key]) : serverErrors[key] || "");

  return (
    <Form
      noValidate
      className="form"
      aria-label={t("survey.title")}
      onSubmit={async (e) => {
        e.preventDefault();
        const found = validateAnswers(answers, survey.questions, survey.scale_min, survey.scale_max);
        setErrors(found);
        setServerErrors({});
        if (Object.keys(found).length) {
          document.getElementById(`q-${Object.keys(found)[0]}`)?.querySelector("input")?.focus();
          return;
        }
        setBusy(true);
        try {
          onDone(await submit.mutateAsync(answersBody(answers, survey.questions)));
        } catch (err) {
          const problem = linkProblem(err);
          if (err instanceof ApiError && !problem) {
            setServerErrors(Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [k, v.join(" ")])));
          } else onRefused(problem ?? "other");
        } finally {
          setBusy(false);
        }
      }}
    >
      <dl className="survey-about">
        <dt>{t("survey.service")}</dt>
        <dd>{survey.service_type_name}</dd>
        <dt>{t("survey.provider")}</dt>
        <dd>{survey.provider_name}</dd>
      </dl>
      <p className="hint">{t("survey.intro", { min: survey.scale_min, max: survey.scale_max })}</p>
      {survey.questions.map((q) => {
        const error = errorOf(q.key);
        return (
          <fieldset
            key={q.key}
            id={`q-${q.key}`}
            className={`survey-question${error ? " field-invalid" : ""}`}
            aria-describedby={error ? `q-${q.key}-error` : undefined}
          >
            <legend>
              {q.text}
              {q.answer_required ? <span aria-hidden="true"> *</span> : <span className="muted"> ({t("survey.optional")})</span>}
            </legend>
            <div className="scale">
              {scale.map((n) => (
                <label key={n} className="scale-option">
                  <input
                    type="radio"
                    name={q.key}
                    value={String(n)}
                    checked={answers[q.key] === String(n)}
                    required={q.answer_required}
                    aria-invalid={error ? true : undefined}
                    onChange={(e) => set(q.key, e.target.value)}
                  />
                  <span>{t(`survey.scale.${n}`, { defaultValue: String(n) })}</span>
                </label>
              ))}
              {!q.answer_required && answers[q.key] ? (
                <button type="button" className="link-button" onClick={() => set(q.key, "")}>
                  {t("survey.clear")}
                </button>
              ) : null}
            </div>
            {error ? (
              <p className="field-error" id={`q-${q.key}-error`}>
                {error}
              </p>
            ) : null}
          </fieldset>
        );
      })}
      <div className={`field${errorOf("comment") ? " field-invalid" : ""}`}>
        <label htmlFor="survey-comment">{t("survey.comment")}</label>
        <textarea
          id="survey-comment"
          value={answers.comment ?? ""}
          maxLength={2000}
          aria-invalid={errorOf("comment") ? true : undefined}
          aria-describedby={errorOf("comment") ? "survey-comment-error" : undefined}
          onChange={(e) => set("comment", e.target.value)}
        />
        {errorOf("comment") ? (
          <p className="field-error" id="survey-comment-error">
            {errorOf("comment")}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("survey.submit")}
        </button>
      </div>
    </Form>
  );
}
