import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { SearchToolbar } from "../../components/SearchToolbar";
import { formatDateTime } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { localToIso } from "./progress";
import { useCreateMeeting, useMeetings, usePartners } from "./queries";
import "./planning.css";
import { Form } from "../../components/Form";

export const MEETING_STATUSES = ["planned", "held", "cancelled"] as const;

/** Partnership meetings: the list, and a form to plan a new one. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const { page, get, set } = useListParams();
  const status = get("status");
  const search = get("search");
  const [creating, setCreating] = useState(false);
  const list = useMeetings({
    page,
    page_size: PAGE_SIZE,
    status: (status || undefined) as Schemas["MeetingStatusEnum"] | undefined,
    search,
  });

  return (
    <section>
      <h1>{t("planning.meetings.title")}</h1>
      {creating ? (
        <MeetingForm onDone={() => setCreating(false)} />
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t("planning.meetings.new")}
          </button>
        </div>
      )}
      <SearchToolbar initial={search} onSearch={(text) => set({ search: text })}>
        <label className="inline-control">
          <span>{t("common.status")}</span>
          <select value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {MEETING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`planning.meetingStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </SearchToolbar>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("planning.meetings.none")}</p> : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("planning.meetings.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("planning.meetings.name")}</th>
                    <th scope="col">{t("planning.meetings.when")}</th>
                    <th scope="col">{t("planning.meetings.location")}</th>
                    <th scope="col">{t("common.status")}</th>
                    <th scope="col" className="num">{t("planning.meetings.openFollowUps")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((m) => (
                    <tr key={m.id} data-testid="meeting-row">
                      <td>
                        <Link to={`/meetings/${m.id}`}>{m.title}</Link>
                      </td>
                      <td>{formatDateTime(m.starts_at)}</td>
                      <td>{m.location}</td>
                      <td>
                        <span className={`status status-${m.status}`}>{t(`planning.meetingStatus.${m.status}`)}</span>
                      </td>
                      <td className="num">{m.follow_ups.filter((f) => f.status === "open").length}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}

const MEETING_FIELDS = ["title", "starts_at", "location", "partners", "other_participants", "agenda"] as const;
type MeetingFormValues = {
  title: string;
  starts_at: string;
  location: string;
  partners: string[];
  other_participants: string;
  agenda: string;
};

function MeetingForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const partners = usePartners();
  const create = useCreateMeeting();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<MeetingFormValues>({
    defaultValues: { title: "", starts_at: "", location: "", partners: [], other_participants: "", agenda: "" },
  });
  const err = (name: keyof MeetingFormValues) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("planning.meetings.new")}
      onSubmit={handleSubmit(async (v) => {
        setMessages([]);
        try {
          const meeting = await create.mutateAsync({
            ...v,
            starts_at: localToIso(v.starts_at),
            partners: v.partners ? [...v.partners].filter(Boolean) : [],
          });
          onDone();
          navigate(`/meetings/${meeting.id}`);
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, MEETING_FIELDS));
        }
      })}
    >
      <ErrorAlert messages={messages} />
      <div className="form-grid">
        <Field label={t("planning.meetings.name")} error={err("title")} required>
          <input {...register("title", { required: t("form.required") })} />
        </Field>
        <Field label={t("planning.meetings.when")} error={err("starts_at")} required>
          <input type="datetime-local" {...register("starts_at", { required: t("form.required") })} />
        </Field>
        <Field label={t("planning.meetings.location")} error={err("location")}>
          <input {...register("location")} />
        </Field>
      </div>
      <Field label={t("planning.meetings.partners")} error={err("partners")} hint={t("planning.meetings.partnersHint")}>
        <select multiple size={Math.min(6, Math.max(2, partners.data?.results.length ?? 2))} {...register("partners")}>
          {partners.data?.results.filter((p) => p.is_active).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("planning.meetings.otherParticipants")} error={err("other_participants")}>
        <input {...register("other_participants")} />
      </Field>
      <Field label={t("planning.meetings.agenda")} error={err("agenda")}>
        <textarea {...register("agenda")} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t("common.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </Form>
  );
}
