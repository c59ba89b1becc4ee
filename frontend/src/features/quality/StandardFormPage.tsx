import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { ReasonAction } from "../../components/ReasonAction";
import { useServiceTypes } from "../catalogue/queries";
import { formatNumber } from "../../lib/format";
import { useSaveStandard, useSetStandardActive, useStandard } from "./queries";
import { parseWeight, weightShares, weightTotal } from "./scoring";
import { Notice } from "../../components/Notice";
import { Form } from "../../components/Form";

interface CriterionValues {
  id: string;
  text: string;
  weight: string;
  scale_min: string;
  scale_max: string;
}
interface StandardValues {
  service_type: string;
  name: string;
  description: string;
  reason: string;
  criteria: CriterionValues[];
}

const NEW_CRITERION: CriterionValues = { id: "", text: "", weight: "1", scale_min: "1", scale_max: "5" };

function valuesOf(standard: Schemas["Standard"] | undefined): StandardValues {
  if (!standard) return { service_type: "", name: "", description: "", reason: "", criteria: [{ ...NEW_CRITERION }] };
  return {
    service_type: standard.service_type,
    name: standard.name,
    description: standard.description ?? "",
    reason: "",
    criteria: standard.criteria
      .filter((c) => c.is_active)
      .map((c) => ({
        id: c.id,
        text: c.text,
        weight: String(Number(c.weight)),
        scale_min: String(c.scale_min),
        scale_max: String(c.scale_max),
      })),
  };
}

/** Create a quality standard, or edit one (managers): its name, what it is about, its weighted criteria. */
export default function StandardFormPage() {
  const { id } = useParams();
  const standard = useStandard(id);
  if (id && standard.isLoading) return <Loading />;
  if (id && (standard.error || !standard.data)) return <ErrorAlert error={standard.error} />;
  return <StandardForm key={standard.data?.id ?? "new"} standard={standard.data} />;
}

function StandardForm({ standard }: { standard?: Schemas["Standard"] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const types = useServiceTypes("name");
  const save = useSaveStandard();
  const setActive = useSetStandardActive();
  const [messages, setMessages] = useState<string[]>([]);
  const [notice, setNotice] = useState<string>((location.state as { notice?: string } | null)?.notice ?? "");
  const { register, control, handleSubmit, setError, watch, reset, formState } = useForm<StandardValues>({
    defaultValues: valuesOf(standard),
  });
  const { fields, append, remove } = useFieldArray({ control, name: "criteria" });
  const weights = watch("criteria").map((c) => c.weight);
  const total = weightTotal(weights);
  const shares = weightShares(weights);
  const errors = formState.errors;
  const criteriaError = errors.criteria?.message ?? errors.criteria?.root?.message;
  const known = [
    "service_type", "name", "description", "reason", "criteria",
    ...fields.flatMap((_f, i) => ["text", "weight", "scale_min", "scale_max"].map((k) => `criteria.${i}.${k}`)),
  ];

  return (
    <section>
      <p>
        <Link to="/quality#quality-standards">{t("quality.back")}</Link>
      </p>
      <h1>{standard ? t("quality.standards.editTitle", { name: standard.name }) : t("quality.standards.newTitle")}</h1>
      <Notice text={notice} />
      {standard ? (
        <div className="actions">
          <span>
            {t("quality.standards.state")}: {standard.is_active ? t("quality.standards.active") : t("quality.standards.retired")}
          </span>
          <ReasonAction
            label={standard.is_active ? t("quality.standards.retire") : t("quality.standards.reactivate")}
            danger={standard.is_active}
            hint={standard.is_active ? t("quality.standards.retireHint") : undefined}
            onConfirm={async (reason) => {
              await setActive.mutateAsync({ id: standard.id, is_active: !standard.is_active, reason });
              setNotice(standard.is_active ? t("quality.standards.retired_done") : t("quality.standards.reactivated"));
            }}
          />
        </div>
      ) : null}
      <Form
        className="form card"
        noValidate
        aria-label={standard ? t("quality.standards.editTitle", { name: standard.name }) : t("quality.standards.newTitle")}
        onSubmit={handleSubmit(async (v) => {
          setMessages([]);
          setNotice("");
          const body = {
            service_type: standard?.service_type ?? v.service_type,
            name: v.name.trim(),
            description: v.description,
            ...(standard ? { reason: v.reason } : {}),
            criteria: v.criteria.map((c, order) => ({
              ...(c.id ? { id: c.id } : {}),
              text: c.text.trim(),
              weight: String(parseWeight(c.weight)),
              scale_min: Number(c.scale_min),
              scale_max: Number(c.scale_max),
              order,
            })),
          };
          try {
            const saved = await save.mutateAsync({ id: standard?.id, body });
            if (standard) {
              reset(valuesOf(saved));
              setNotice(t("quality.standards.saved"));
            }
            else navigate(`/quality/standards/${saved.id}`, { replace: true, state: { notice: t("quality.standards.created") } });
          } catch (error) {
            setMessages(applyFieldErrors(error, setError, known));
          }
        })}
      >
        <ErrorAlert messages={messages} />
        <div className="form-grid">
          <Field
            label={t("quality.serviceType")}
            error={errors.service_type?.message}
            required
            hint={standard ? t("quality.standards.typeFixed") : undefined}
          >
            <select disabled={Boolean(standard)} {...register("service_type", { required: t("form.required") })}>
              <option value="">—</option>
              {standard && !types.data?.some((st) => st.id === standard.service_type) ? (
                <option value={standard.service_type}>{standard.service_type_name}</option>
              ) : null}
              {types.data?.map((st) => (
                <option key={st.id} value={st.id}>
                  {st.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("quality.standards.name")} error={errors.name?.message} required>
            <input maxLength={200} {...register("name", { required: t("form.required") })} />
          </Field>
        </div>
        <Field label={t("quality.standards.description")} error={errors.description?.message}>
          <textarea {...register("description")} />
        </Field>
        <fieldset className="criteria">
          <legend>{t("quality.standards.criteriaTitle")}</legend>
          <p className="hint" id="criteria-total" data-testid="weight-total">
            {t("quality.standards.weightTotal", { total: formatNumber(total) })}
          </p>
          {criteriaError ? (
            <p className="field-error" role="alert">
              {criteriaError}
            </p>
          ) : null}
          {fields.map((f, i) => {
            const e = errors.criteria?.[i];
            return (
              <div key={f.id} className="card" data-testid="criterion">
                <h2 className="card-title">{t("quality.standards.criterionNumber", { number: i + 1 })}</h2>
                <Field label={t("quality.standards.criterionText")} error={e?.text?.message} required>
                  <textarea {...register(`criteria.${i}.text`, { validate: (v) => v.trim() !== "" || t("form.required") })} />
                </Field>
                <div className="form-grid">
                  <Field
                    label={t("quality.standards.weightLabel")}
                    error={e?.weight?.message}
                    required
                    hint={t("quality.standards.share", { share: formatNumber(shares[i] ?? 0) })}
                  >
                    <input
                      inputMode="decimal"
                      {...register(`criteria.${i}.weight`, {
                        validate: (v) => parseWeight(v) !== null || t("quality.standards.weightInvalid"),
                      })}
                    />
                  </Field>
                  <Field label={t("quality.standards.scaleMin")} error={e?.scale_min?.message} required>
                    <input
                      type="number"
                      min={0}
                      max={99}
                      {...register(`criteria.${i}.scale_min`, {
                        validate: (v) => (/^\d+$/.test(v) && Number(v) <= 99) || t("quality.standards.scaleInvalid"),
                      })}
                    />
                  </Field>
                  <Field label={t("quality.standards.scaleMax")} error={e?.scale_max?.message} required>
                    <input
                      type="number"
                      min={1}
                      max={100}
                      {...register(`criteria.${i}.scale_max`, {
                        validate: (v, all) =>
                          (/^\d+$/.test(v) && Number(v) <= 100 && Number(v) > Number(all.criteria[i]?.scale_min)) ||
                          t("quality.standards.scaleAbove"),
                      })}
                    />
                  </Field>
                </div>
                {fields.length > 1 ? (
                  <div className="actions">
                    <button type="button" onClick={() => remove(i)}>
                      {t("quality.standards.removeCriterion", { number: i + 1 })}
                    </button>
                  </div>
                ) : null}
              </div>
            );
          })}
          {standard ? <p className="hint">{t("quality.standards.removedKept")}</p> : null}
          <div className="actions">
            <button type="button" onClick={() => append({ ...NEW_CRITERION })}>
              {t("quality.standards.addCriterion")}
            </button>
          </div>
        </fieldset>
        {standard ? (
          <Field label={t("common.reason")} error={errors.reason?.message} hint={t("quality.reasonHint")}>
            <textarea {...register("reason")} />
          </Field>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {standard ? t("common.save") : t("quality.standards.create")}
          </button>
          <Link to="/quality#quality-standards">{t("common.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}
