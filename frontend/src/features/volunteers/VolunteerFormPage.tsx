import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { useSaveVolunteer, useVolunteer } from "./queries";
import { VOLUNTEER_FIELDS, volunteerBodyOf, volunteerFormOf, type VolunteerForm } from "./volunteerForm";
import { Form } from "../../components/Form";

/** Register a volunteer (`/volunteers/new`) or change their profile (`/volunteers/:id/edit`). */
export default function VolunteerFormPage() {
  const { id } = useParams();
  const volunteer = useVolunteer(id ?? "");
  if (id && volunteer.isLoading) return <Loading />;
  if (id && !volunteer.data) return <ErrorAlert error={volunteer.error} />;
  return <VolunteerEditor volunteer={id ? volunteer.data : undefined} />;
}

function VolunteerEditor({ volunteer }: { volunteer?: Schemas["Volunteer"] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveVolunteer();
  const [messages, setMessages] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<VolunteerForm>({ defaultValues: volunteerFormOf(volunteer) });
  const err = (name: keyof VolunteerForm) => formState.errors[name]?.message;
  const title = volunteer ? t("volunteer.form.editTitle", { name: `${volunteer.first_name} ${volunteer.last_name}` }) : t("volunteer.form.newTitle");

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const saved = await save.mutateAsync({ id: volunteer?.id, body: volunteerBodyOf(values) });
      navigate(`/volunteers/${saved.id}`, { state: { notice: volunteer ? t("volunteer.form.saved") : t("volunteer.form.created") } });
    } catch (error) {
      setMessages(applyFieldErrors(error, setError, VOLUNTEER_FIELDS));
    }
  });

  return (
    <section>
      <p>
        <Link to={volunteer ? `/volunteers/${volunteer.id}` : "/volunteers?tab=volunteers"}>{t("volunteer.detail.back")}</Link>
      </p>
      <h1>{title}</h1>
      <Form className="form card" noValidate aria-label={title} onSubmit={submit}>
        <ErrorAlert messages={messages} />
        <div className="form-grid">
          <Field label={t("volunteer.form.firstName")} error={err("first_name")} required>
            <input autoComplete="off" {...register("first_name", { required: t("form.required") })} />
          </Field>
          <Field label={t("volunteer.form.lastName")} error={err("last_name")} required>
            <input autoComplete="off" {...register("last_name", { required: t("form.required") })} />
          </Field>
          <Field label={t("volunteer.form.email")} error={err("email")}>
            <input type="email" autoComplete="off" {...register("email")} />
          </Field>
          <Field label={t("volunteer.form.phone")} error={err("phone")}>
            <input type="tel" autoComplete="off" {...register("phone")} />
          </Field>
          <Field label={t("volunteer.form.birthDate")} error={err("birth_date")}>
            <input type="date" {...register("birth_date")} />
          </Field>
          <Field label={t("volunteer.centre.area")} error={err("area")}>
            <input {...register("area")} />
          </Field>
          <Field label={t("volunteer.centre.skills")} error={err("skills")} hint={t("volunteer.form.listHint")}>
            <input {...register("skills")} />
          </Field>
          <Field label={t("volunteer.form.languages")} error={err("languages")} hint={t("volunteer.form.listHint")}>
            <input {...register("languages")} />
          </Field>
        </div>
        <Field label={t("volunteer.form.availability")} error={err("availability")} hint={t("volunteer.form.availabilityHint")}>
          <textarea rows={2} {...register("availability")} />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {volunteer ? t("common.save") : t("volunteer.form.register")}
          </button>
          <Link to={volunteer ? `/volunteers/${volunteer.id}` : "/volunteers?tab=volunteers"}>{t("common.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}
