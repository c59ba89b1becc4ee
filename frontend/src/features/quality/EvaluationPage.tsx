import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { ApiError, applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { ReasonAction } from "../../components/ReasonAction";
import { Status } from "../../components/Status";
import { formatDate, formatDateTime, formatNumber, isoDate } from "../../lib/format";
import {
  useActiveStandards,
  useEvaluatedProviders,
  useEvaluation,
  useFinaliseEvaluation,
  useSaveEvaluation,
  useStandard,
} from "./queries";
import { weightedScore } from "./scoring";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

interface ScoreValues {
  score: string;
  note: string;
}
interface EvaluationValues {
  provider: string;
  standard: string;
  period_start: string;
  period_end: string;
  notes: string;
  reason: string;
  scores: Record<string, ScoreValues>;
}

/** Start an evaluation of a provider against a standard, score it, save the draft, make it final; or read a final one. */
export default function EvaluationPage() {
  const { id } = useParams();
  const evaluation = useEvaluation(id);
  if (id && evaluation.isLoading) return <Loading />;
  if (id && (evaluation.error || !evaluation.data)) return <ErrorAlert error={evaluation.error} />;
  return <EvaluationScreen key={evaluation.data?.id ?? "new"} evaluation={evaluation.data} />;
}

function EvaluationScreen({ evaluation }: { evaluation?: Schemas["ProviderEvaluation"] }) {
  const { t } = useTranslation();
  const { me, role } = useAuth();
  const location = useLocation();
  const [notice, setNotice] = useState<string>((location.state as { notice?: string } | null)?.notice ?? "");
  const finalise = useFinaliseEvaluation();
  const final = evaluation?.status === "final";
  const mayEdit = !final && (!evaluation || role === "manager" || evaluation.evaluated_by === me?.id);
  return (
    <section>
      <p>
        <Link to="/quality#quality-evaluations">{t("quality.back")}</Link>
      </p>
      <h1>
        {evaluation
          ? t("quality.evaluations.titleOf", { provider: evaluation.provider_name })
          : t("quality.evaluations.newTitle")}
      </h1>
      <Notice text={notice} />
      {evaluation ? (
        <dl className="facts">
          <dt>{t("quality.evaluations.standard")}</dt>
          <dd>{evaluation.standard_name} ({evaluation.service_type_name})</dd>
          <dt>{t("common.status")}</dt>
          <dd>
            <Status kind="evaluationStatus" value={evaluation.status} />
          </dd>
          <dt>{t("quality.evaluations.by")}</dt>
          <dd>{evaluation.evaluated_by_name}</dd>
          {final ? (
            <>
              <dt>{t("quality.evaluations.period")}</dt>
              <dd>
                {formatDate(evaluation.period_start)} – {formatDate(evaluation.period_end)}
              </dd>
              <dt>{t("quality.evaluations.finalisedAt")}</dt>
              <dd>{evaluation.finalised_at ? formatDateTime(evaluation.finalised_at) : "—"}</dd>
              <dt>{t("quality.evaluations.weightedScore")}</dt>
              <dd data-testid="weighted-score">
                {evaluation.weighted_score === null ? "—" : `${formatNumber(evaluation.weighted_score, 2)} / 100`}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {final && evaluation ? <FinalScores evaluation={evaluation} /> : null}
      {!final && mayEdit ? <EvaluationForm evaluation={evaluation} onSaved={setNotice} /> : null}
      {!final && !mayEdit ? <p>{t("quality.evaluations.notYours")}</p> : null}
      {evaluation && !final && mayEdit ? (
        <>
          <div className="actions">
            <ReasonAction
              label={t("quality.evaluations.finalise")}
              hint={t("quality.evaluations.finaliseHint")}
              onConfirm={async (reason) => {
                try {
                  await finalise.mutateAsync({ id: evaluation.id, reason });
                } catch (error) {
                  // "Score every criterion…" comes as the scores' field error: said as it is, without the field's name
                  const unscored = error instanceof ApiError ? error.fieldErrors.scores : undefined;
                  throw unscored?.length ? new Error(unscored.join(" ")) : error;
                }
                setNotice(t("quality.evaluations.finalised"));
              }}
            />
          </div>
        </>
      ) : null}
    </section>
  );
}

function FinalScores({ evaluation }: { evaluation: Schemas["ProviderEvaluation"] }) {
  const { t } = useTranslation();
  return (
    <>
      {evaluation.notes ? <p>{evaluation.notes}</p> : null}
      <div className="table-wrap">
        <table>
          <caption>{t("quality.evaluations.scores")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("quality.standards.criterionText")}</th>
              <th scope="col" className="num">{t("quality.standards.weightLabel")}</th>
              <th scope="col" className="num">{t("quality.evaluations.score")}</th>
              <th scope="col">{t("common.note")}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.scores.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.criterion_text}</th>
                <td className="num">{formatNumber(s.weight)}</td>
                <td className="num">
                  {s.score} ({s.scale_min}–{s.scale_max})
                </td>
                <td>{s.note || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function valuesOf(evaluation: Schemas["ProviderEvaluation"] | undefined): EvaluationValues {
  const today = isoDate();
  return {
    provider: evaluation?.provider ?? "",
    standard: evaluation?.standard ?? "",
    period_start: evaluation?.period_start ?? `${today.slice(0, 4)}-01-01`,
    period_end: evaluation?.period_end ?? today,
    notes: evaluation?.notes ?? "",
    reason: "",
    scores: Object.fromEntries((evaluation?.scores ?? []).map((s) => [s.criterion, { score: String(s.score), note: s.note ?? "" }])),
  };
}

function EvaluationForm({ evaluation, onSaved }: { evaluation?: Schemas["ProviderEvaluation"]; onSaved: (notice: string) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const providers = useEvaluatedProviders();
  const standards = useActiveStandards();
  const save = useSaveEvaluation();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, watch, formState } = useForm<EvaluationValues>({ defaultValues: valuesOf(evaluation) });
  const standardId = watch("standard");
  const standard = useStandard(standardId || undefined);
  const criteria = (standard.data?.criteria ?? []).filter((c) => c.is_active);
  const scores = watch("scores") ?? {};
  const running = weightedScore(
    criteria
      .filter((c) => scores[c.id]?.score)
      .map((c) => ({ score: Number(scores[c.id]?.score), weight: c.weight, scale_min: c.scale_min, scale_max: c.scale_max })),
  );
  const errors = formState.errors;
  const scoresError = (errors.scores as { message?: string } | undefined)?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={evaluation ? t("quality.evaluations.draftForm") : t("quality.evaluations.newTitle")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        const given = criteria
          .filter((c) => v.scores[c.id]?.score)
          .map((c) => ({ criterion: c.id, score: Number(v.scores[c.id]?.score), note: v.scores[c.id]?.note ?? "" }));
        const body = {
          provider: v.provider,
          standard: v.standard,
          period_start: v.period_start,
          period_end: v.period_end,
          notes: v.notes,
          scores: given,
          ...(evaluation ? { reason: v.reason } : {}),
        };
        try {
          const saved = await save.mutateAsync({ id: evaluation?.id, body });
          if (evaluation) onSaved(t("quality.evaluations.saved"));
          else navigate(`/quality/evaluations/${saved.id}`, { replace: true, state: { notice: t("quality.evaluations.started") } });
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, ["provider", "standard", "period_start", "period_end", "notes", "reason", "scores"]));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("quality.provider")} error={errors.provider?.message} required>
          <select disabled={Boolean(evaluation)} {...register("provider", { required: t("form.required") })}>
            <option value="">—</option>
            {evaluation && !providers.data?.some((p) => p.id === evaluation.provider) ? (
              <option value={evaluation.provider}>{evaluation.provider_name}</option>
            ) : null}
            {providers.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t("quality.evaluations.standard")}
          error={errors.standard?.message}
          required
          hint={standards.data && !standards.data.length ? t("quality.standards.none") : undefined}
        >
          <select disabled={Boolean(evaluation)} {...register("standard", { required: t("form.required") })}>
            <option value="">—</option>
            {evaluation && !standards.data?.some((s) => s.id === evaluation.standard) ? (
              <option value={evaluation.standard}>{evaluation.standard_name}</option>
            ) : null}
            {standards.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.service_type_name})
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("quality.evaluations.periodStart")} error={errors.period_start?.message} required>
          <input type="date" {...register("period_start", { required: t("form.required") })} />
        </Field>
        <Field label={t("quality.evaluations.periodEnd")} error={errors.period_end?.message} required>
          <input
            type="date"
            {...register("period_end", {
              required: t("form.required"),
              validate: (v, all) => !all.period_start || v >= all.period_start || t("quality.evaluations.periodInvalid"),
            })}
          />
        </Field>
      </div>
      <Field label={t("quality.evaluations.notes")} error={errors.notes?.message}>
        <textarea {...register("notes")} />
      </Field>
      {criteria.length ? (
        <fieldset>
          <legend>{t("quality.evaluations.scores")}</legend>
          <p className="hint">{t("quality.evaluations.scoresHint")}</p>
          {scoresError ? (
            <p className="field-error" role="alert">
              {scoresError}
            </p>
          ) : null}
          {criteria.map((c, i) => (
            <div key={c.id} className="card" data-testid="criterion-score">
              <h2 className="card-title">
                {i + 1}. {c.text}
              </h2>
              <p className="muted">
                {t("quality.standards.weightLabel")}: {formatNumber(c.weight)}
              </p>
              <div className="form-grid">
                <Field label={t("quality.evaluations.scoreOf", { number: i + 1, low: c.scale_min, high: c.scale_max })}>
                  <select {...register(`scores.${c.id}.score`)}>
                    <option value="">{t("quality.evaluations.notScored")}</option>
                    {Array.from({ length: c.scale_max - c.scale_min + 1 }, (_v, k) => c.scale_min + k).map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t("quality.evaluations.noteOf", { number: i + 1 })}>
                  <textarea {...register(`scores.${c.id}.note`)} />
                </Field>
              </div>
            </div>
          ))}
          <p role="status" data-testid="running-score">
            {running === null
              ? t("quality.evaluations.nothingScored")
              : t("quality.evaluations.running", { score: formatNumber(running, 2) })}
          </p>
        </fieldset>
      ) : null}
      {evaluation ? (
        <Field label={t("common.reason")} error={errors.reason?.message} hint={t("quality.reasonHint")}>
          <textarea {...register("reason")} />
        </Field>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {evaluation ? t("quality.evaluations.saveDraft") : t("quality.evaluations.start")}
        </button>
        <Link to="/quality#quality-evaluations">{t("common.cancel")}</Link>
      </div>
    </Form>
  );
}
