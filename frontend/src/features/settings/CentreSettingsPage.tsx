import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { applyFieldErrors } from "../../api/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import {
  useCentreSettings,
  useLogo,
  useRemoveLogo,
  useSaveCentreSettings,
  useUploadLogo,
  type CentreSettings,
  type CentreSettingsInput,
} from "./queries";
import { changedFields, logoProblem } from "./settings";
import { useNotice } from "../../lib/useNotice";
import "./settings.css";
import { Form } from "../../components/Form";

const FIELDS = ["name", "municipality", "address", "email", "phone", "website", "language", "timezone", "currency", "reason"] as const;
type Form = Record<(typeof FIELDS)[number], string>;
const LANGUAGES = ["en", "pl", "cs", "sl"] as const;
const CURRENCIES = ["PLN", "CZK", "EUR"] as const;

function formOf(centre: CentreSettings): Form {
  return {
    name: centre.name, municipality: centre.municipality, address: centre.address ?? "", email: centre.email ?? "",
    phone: centre.phone ?? "", website: centre.website ?? "", language: centre.language, timezone: centre.timezone,
    currency: centre.currency, reason: "",
  };
}

/** The time zones the browser knows (the server checks against its own list), the centre's own first. */
function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [current, ...all.filter((zone) => zone !== current)];
}

function DetailsForm({ centre, onSaved }: { centre: CentreSettings; onSaved: (notice: string) => void }) {
  const { t } = useTranslation();
  const save = useSaveCentreSettings();
  const [messages, setMessages] = useState<string[]>([]);
  const loaded = formOf(centre);
  const { register, handleSubmit, setError, reset, formState } = useForm<Form>({ defaultValues: loaded });
  const err = (name: keyof Form) => formState.errors[name]?.message;
  return (
    <Form
      className="form card"
      noValidate
      aria-label={t("settings.centre.details")}
      onSubmit={handleSubmit(async (values) => {
        setMessages([]);
        const { reason, ...changes } = changedFields(loaded, values);
        if (!Object.keys(changes).length) {
          onSaved(t("settings.centre.nothingChanged"));
          return;
        }
        try {
          const body = { ...changes, ...(values.reason.trim() ? { reason: values.reason.trim() } : {}) } as CentreSettingsInput;
          const saved = await save.mutateAsync(body);
          reset(formOf(saved));
          onSaved(t("settings.centre.saved"));
        } catch (error) {
          setMessages(applyFieldErrors(error, setError, FIELDS));
        }
      })}
    >
      <h2>{t("settings.centre.details")}</h2>
      <ErrorAlert messages={messages} />
      <p className="muted">{t("settings.centre.fixed", { code: centre.code, country: t(`settings.country.${centre.country}`) })}</p>
      <div className="form-grid">
        <Field label={t("settings.centre.name")} error={err("name")} required>
          <input {...register("name", { required: t("form.required") })} />
        </Field>
        <Field label={t("settings.centre.municipality")} error={err("municipality")} required>
          <input {...register("municipality", { required: t("form.required") })} />
        </Field>
        <Field label={t("settings.centre.address")} error={err("address")}>
          <input {...register("address")} />
        </Field>
        <Field label={t("clients.email")} error={err("email")}>
          <input type="email" {...register("email")} />
        </Field>
        <Field label={t("clients.phone")} error={err("phone")}>
          <input type="tel" {...register("phone")} />
        </Field>
        <Field label={t("settings.centre.website")} error={err("website")}>
          <input type="url" {...register("website")} />
        </Field>
        <Field label={t("settings.centre.language")} error={err("language")} hint={t("settings.centre.languageHint")}>
          <select {...register("language")}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(`settings.language.${code}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("settings.centre.timezone")} error={err("timezone")} hint={t("settings.centre.timezoneHint")}>
          <select {...register("timezone")}>
            {timeZones(centre.timezone).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("settings.centre.currency")} error={err("currency")} hint={t("settings.centre.currencyHint")}>
          <select {...register("currency")}>
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t("settings.centre.reason")} error={err("reason")}>
        <input {...register("reason")} />
      </Field>
      <button type="submit" className="primary" disabled={formState.isSubmitting}>
        {t("settings.centre.save")}
      </button>
    </Form>
  );
}

function LogoSection({ centre, onSaved }: { centre: CentreSettings; onSaved: (notice: string) => void }) {
  const { t } = useTranslation();
  const logo = useLogo(!!centre.has_logo);
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState("");
  const [messages, setMessages] = useState<string[]>([]);
  return (
    <section className="card" aria-labelledby="settings-logo">
      <h2 id="settings-logo">{t("settings.logo.title")}</h2>
      <p className="muted">{t("settings.logo.where")}</p>
      <ErrorAlert messages={messages} />
      {centre.has_logo && logo.data ? (
        <img className="logo-preview" src={logo.data} alt={t("settings.logo.alt", { name: centre.name })} />
      ) : (
        <p>{t("settings.logo.none")}</p>
      )}
      <Field label={t("settings.logo.choose")} error={problem} hint={t("settings.logo.hint")}>
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            setProblem("");
            setMessages([]);
            if (!file) return;
            const why = logoProblem(file);
            if (why) {
              setProblem(t(`settings.logo.${why}`));
              return;
            }
            try {
              await upload.mutateAsync(file);
              onSaved(t("settings.logo.uploaded"));
            } catch (error) {
              const found = applyFieldErrors(error, (_name, e) => setProblem(String(e.message)), ["logo"] as const);
              setMessages(found);
            } finally {
              if (input.current) input.current.value = "";
            }
          }}
        />
      </Field>
      {centre.has_logo ? (
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={async () => {
            await remove.mutateAsync();
            onSaved(t("settings.logo.removed"));
          }}
        >
          {t("settings.logo.remove")}
        </button>
      ) : null}
    </section>
  );
}

/** The administrator's screen for the centre itself: name, contact details, language, time zone, currency, logo. */
export default function CentreSettingsPage() {
  const { t } = useTranslation();
  const settings = useCentreSettings();
  const [notice, setNotice] = useNotice();
  return (
    <section className="settings">
      <h1>{t("settings.centre.title")}</h1>
      <p>
        <Link to="/settings/reminders">{t("settings.reminders.title")}</Link> · <Link to="/users">{t("nav.users")}</Link>
      </p>
      <div role="status" className={notice ? "alert alert-ok" : undefined}>
        {notice ? <p>{notice}</p> : null}
      </div>
      <ErrorAlert error={settings.error} />
      {settings.isLoading ? <Loading /> : null}
      {settings.data ? (
        <>
          <DetailsForm centre={settings.data} onSaved={setNotice} />
          <LogoSection centre={settings.data} onSaved={setNotice} />
        </>
      ) : null}
    </section>
  );
}
