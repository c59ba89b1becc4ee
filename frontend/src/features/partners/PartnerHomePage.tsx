import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Notice } from "../../components/Notice";
import { formatDate, formatDateTime, isoDate } from "../../lib/format";
import { useNotice } from "../../lib/useNotice";
import { useServiceTypes } from "../catalogue/queries";
import { OutcomeAction } from "../planning/MeetingPage";
import { useCommunityPlan, useCommunityPlans, useMeetings } from "../planning/queries";
import { useFollowUps, usePartnerRaiseNeed, useRaisedNeeds } from "./queries";
import "./partners.css";
import { Form } from "../../components/Form";

/** The home of a partner organisation's staff: the community plans, their partner's meetings (upcoming and past,
 *  with minutes and decisions), their open follow-ups to mark done, and raising a need. Built for a phone. */
export default function PartnerHomePage() {
  const { t } = useTranslation();
  const { membership, me } = useAuth();
  const [notice, say] = useNotice();
  const partnerId = membership?.partner ?? "";
  return (
    <section className="partner-home">
      <h1>{membership?.partner_name ?? t("partners.home.title")}</h1>
      <p className="muted">{t("partners.home.intro")}</p>
      <Notice text={notice} />
      <FollowUpsToDo partnerId={partnerId} userId={me?.id ?? ""} onDone={() => say(t("partners.home.followUpDone"))} />
      <RaiseNeed onRaised={() => say(t("planning.needs.raised"))} />
      <Meetings />
      <Plans />
      <MyNeeds />
    </section>
  );
}

function FollowUpsToDo({ partnerId, userId, onDone }: { partnerId: string; userId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const followUps = useFollowUps({ status: "open", page_size: 100 });
  const mine = (followUps.data?.results ?? []).filter((f) => f.partner === partnerId || f.owner?.id === userId);
  return (
    <section aria-labelledby="partner-follow-ups">
      <h2 id="partner-follow-ups">{t("partners.home.followUps")}</h2>
      <ErrorAlert error={followUps.error} />
      {followUps.isLoading ? <Loading /> : null}
      {followUps.data && mine.length === 0 ? <p className="muted">{t("partners.home.noFollowUps")}</p> : null}
      <ul className="cards">
        {mine.map((f) => (
          <li key={f.id} className="card" data-testid="partner-follow-up">
            <p>
              <strong>{f.description}</strong>
            </p>
            <p className="muted">
              {t("planning.followUps.due")}: {formatDate(f.due_date)} · {f.meeting_title}
            </p>
            <OutcomeAction followUp={f} onDone={onDone} />
          </li>
        ))}
      </ul>
    </section>
  );
}

const NEED_FIELDS = ["service_type", "area", "description", "people_estimate"] as const;
type NeedValues = { service_type: string; area: string; description: string; people_estimate: string };

function RaiseNeed({ onRaised }: { onRaised: () => void }) {
  const { t } = useTranslation();
  const types = useServiceTypes("name");
  const raise = usePartnerRaiseNeed();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState, reset } = useForm<NeedValues>({
    defaultValues: { service_type: "", area: "", description: "", people_estimate: "" },
  });
  const err = (name: keyof NeedValues) => formState.errors[name]?.message;
  return (
    <section aria-labelledby="partner-raise">
      <h2 id="partner-raise">{t("planning.needs.raise")}</h2>
      <Form
        className="form card"
        noValidate
        aria-labelledby="partner-raise"
        onSubmit={handleSubmit(async (v) => {
          setMessages([]);
          try {
            await raise.mutateAsync({
              source: "partner",
              service_type: v.service_type || null,
              area: v.area,
              description: v.description,
              people_estimate: v.people_estimate === "" ? null : Number(v.people_estimate),
              raised_on: isoDate(),
            });
            reset();
            onRaised();
          } catch (error) {
            setMessages(applyFieldErrors(error, setError, NEED_FIELDS));
          }
        })}
      >
        <ErrorAlert messages={messages} />
        <Field label={t("planning.needs.description")} error={err("description")} required>
          <textarea {...register("description", { required: t("form.required") })} />
        </Field>
        <Field label={t("planning.needs.serviceType")} error={err("service_type")}>
          <select {...register("service_type")}>
            <option value="">{t("common.notStated")}</option>
            {types.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("planning.needs.area")} error={err("area")}>
          <input {...register("area")} />
        </Field>
        <Field label={t("planning.needs.peopleEstimate")} error={err("people_estimate")}>
          <input type="number" min={1} inputMode="numeric" {...register("people_estimate")} />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {t("partners.home.send")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function Meetings() {
  const { t } = useTranslation();
  const [now] = useState(() => new Date().toISOString());
  const upcoming = useMeetings({ starts_after: now, ordering: "starts_at", page_size: 20 });
  const past = useMeetings({ starts_before: now, page_size: 20 });
  return (
    <section aria-labelledby="partner-meetings">
      <h2 id="partner-meetings">{t("partners.home.meetings")}</h2>
      <h3>{t("partners.home.upcoming")}</h3>
      <ErrorAlert error={upcoming.error ?? past.error} />
      {upcoming.data && upcoming.data.results.length === 0 ? <p className="muted">{t("partners.home.noUpcoming")}</p> : null}
      {(upcoming.data?.results ?? []).map((m) => (
        <MeetingCard key={m.id} meeting={m} />
      ))}
      <h3>{t("partners.home.past")}</h3>
      {past.data && past.data.results.length === 0 ? <p className="muted">{t("planning.meetings.none")}</p> : null}
      {(past.data?.results ?? []).map((m) => (
        <MeetingCard key={m.id} meeting={m} />
      ))}
    </section>
  );
}

function MeetingCard({ meeting: m }: { meeting: Schemas["Meeting"] }) {
  const { t } = useTranslation();
  return (
    <details className="card partner-meeting" data-testid="partner-meeting">
      <summary>
        <strong>{m.title}</strong> · {formatDateTime(m.starts_at)} · {t(`planning.meetingStatus.${m.status}`)}
      </summary>
      <dl>
        <dt>{t("planning.meetings.location")}</dt>
        <dd>{m.location || "—"}</dd>
        <dt>{t("planning.meetings.participants")}</dt>
        <dd>{[...m.partners.map((p) => p.name), m.other_participants].filter(Boolean).join(", ") || "—"}</dd>
      </dl>
      <h4>{t("planning.meetings.agenda")}</h4>
      <p className="pre-line">{m.agenda || "—"}</p>
      <h4>{t("planning.meetings.minutes")}</h4>
      <p className="pre-line">{m.minutes || "—"}</p>
      <h4>{t("planning.meetings.decisions")}</h4>
      {m.decisions.length ? (
        <ol>
          {m.decisions.map((d) => (
            <li key={d.id}>{d.text}</li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t("planning.meetings.noDecisions")}</p>
      )}
      <h4>{t("planning.followUps.title")}</h4>
      {m.follow_ups.length ? (
        <ul>
          {m.follow_ups.map((f) => (
            <li key={f.id}>
              {f.description} · {f.owner?.name || f.owner_name}
              {f.partner_name ? ` (${f.partner_name})` : ""} · {formatDate(f.due_date)} ·{" "}
              {t(`planning.followUpStatus.${f.status}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("planning.followUps.none")}</p>
      )}
    </details>
  );
}

function Plans() {
  const { t } = useTranslation();
  const plans = useCommunityPlans({ page_size: 20 });
  return (
    <section aria-labelledby="partner-plans">
      <h2 id="partner-plans">{t("partners.home.plans")}</h2>
      <ErrorAlert error={plans.error} />
      {plans.data && plans.data.results.length === 0 ? <p className="muted">{t("partners.home.noPlans")}</p> : null}
      {(plans.data?.results ?? []).map((plan) => (
        <PlanCard key={plan.id} plan={plan} />
      ))}
    </section>
  );
}

function PlanCard({ plan }: { plan: Schemas["CommunityPlan"] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="card" data-testid="partner-plan" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        <strong>{plan.title}</strong> · {formatDate(plan.start_date)} – {formatDate(plan.end_date)} ·{" "}
        {t(`partners.planStatus.${plan.status}`)}
      </summary>
      {plan.description ? <p className="pre-line">{plan.description}</p> : null}
      {open ? <PlanOutline id={plan.id} /> : null}
    </details>
  );
}

/** The plan's priorities, measures and activities (with the responsible partner and the indicators' progress). */
function PlanOutline({ id }: { id: string }) {
  const { t } = useTranslation();
  const plan = useCommunityPlan(id);
  if (plan.isLoading) return <Loading />;
  if (!plan.data) return <ErrorAlert error={plan.error} />;
  return (
    <ol className="plan-outline">
      {plan.data.priorities.map((priority) => (
        <li key={priority.id}>
          <strong>{[priority.code, priority.title].filter(Boolean).join(" ")}</strong>
          <ol>
            {priority.measures.map((measure) => (
              <li key={measure.id}>
                {[measure.code, measure.title].filter(Boolean).join(" ")}
                <ul>
                  {measure.activities.map((activity) => (
                    <li key={activity.id}>
                      {[activity.code, activity.title].filter(Boolean).join(" ")}
                      {activity.responsible_partner_name ? (
                        <span className="muted"> · {activity.responsible_partner_name}</span>
                      ) : null}
                      {activity.indicators.map((indicator) => (
                        <div key={indicator.id} className="muted">
                          {indicator.name}: {indicator.actual} / {indicator.target} {indicator.unit_label}
                          {indicator.progress_percent !== null ? ` (${indicator.progress_percent} %)` : ""}
                        </div>
                      ))}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </li>
      ))}
      {plan.data.priorities.length === 0 ? <li className="muted">{t("partners.home.noPriorities")}</li> : null}
    </ol>
  );
}

function MyNeeds() {
  const { t } = useTranslation();
  const needs = useRaisedNeeds({ page_size: 20 });
  return (
    <section aria-labelledby="partner-needs">
      <h2 id="partner-needs">{t("partners.home.needs")}</h2>
      <ErrorAlert error={needs.error} />
      {needs.data && needs.data.results.length === 0 ? <p className="muted">{t("partners.noNeeds")}</p> : null}
      <ul>
        {(needs.data?.results ?? []).map((n) => (
          <li key={n.id} data-testid="partner-need">
            {formatDate(n.raised_on)} · {n.description}
            {n.service_type_name ? ` · ${n.service_type_name}` : ""} ·{" "}
            {n.is_open ? t("partners.needOpen") : t("partners.needClosed")}
          </li>
        ))}
      </ul>
    </section>
  );
}
