import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { useEnumLabel } from "../../components/Status";
import { Tabs } from "../../components/Tabs";
import { useCurrency } from "../../auth/useCentre";
import { ServiceCard } from "./ServiceCard";
import { publicServicesOf, publicationOf, translated } from "./providerForms";
import { Locations } from "./Locations";
import { Offerings } from "./Offerings";
import { ProviderContacts } from "./ProviderContacts";
import { PublishedBadge } from "./PublishedBadge";
import { useProvider, useProviderParts } from "./queries";
import { Notice } from "../../components/Notice";

const TABS = ["offerings", "locations", "contacts", "public"] as const;
type Tab = (typeof TABS)[number];

/** One provider (/manager/providers/:id): its facts, offerings, locations, contacts and its public card. */
export default function ServiceProviderPage() {
  const { t, i18n } = useTranslation();
  const label = useEnumLabel();
  const currency = useCurrency();
  const { id = "" } = useParams();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const [notice] = useState<string>((location.state as { notice?: string } | null)?.notice ?? "");
  const provider = useProvider(id);
  const parts = useProviderParts(id);
  const tab: Tab = (TABS as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "offerings";

  if (provider.isLoading) return <Loading />;
  if (provider.error || !provider.data) return <ErrorAlert error={provider.error} />;
  const p = provider.data;
  const offerings = parts.offerings.data?.results ?? [];
  const locations = parts.locations.data?.results ?? [];
  const contacts = parts.contacts.data?.results ?? [];
  const state = publicationOf(p, offerings);
  const partsLoading = parts.offerings.isLoading || parts.locations.isLoading || parts.contacts.isLoading;
  const description = translated(p.description, i18n.language);

  return (
    <section>
      <p>
        <Link to="/manager/providers">{t("providers.back")}</Link>
      </p>
      <div className="page-head">
        <h1>{p.name}</h1>
        <Link className="button" to={`/manager/providers/${p.id}/edit`}>
          {t("common.edit")}
        </Link>
      </div>
      <Notice text={notice} />
      <p>
        <PublishedBadge published={state.listed} />{" "}
        {state.listed
          ? t("providers.listedSummary", { count: state.publicOfferings.size })
          : p.is_active
            ? t("providers.notListedSummary")
            : t("providers.inactiveSummary")}
      </p>
      <dl className="facts">
        <dt>{t("providers.legalForm")}</dt>
        <dd>{label("legalForm", p.legal_form)}</dd>
        <dt>{t("providers.taxId")}</dt>
        <dd>{p.tax_id ? `${p.tax_id}${p.tax_id_country ? ` (${p.tax_id_country})` : ""}` : t("common.notStated")}</dd>
        <dt>{t("providers.address")}</dt>
        <dd>{p.address || t("common.notStated")}</dd>
        {p.phone || p.email || p.website ? (
          <>
            <dt>{t("providers.contact")}</dt>
            <dd>{[p.phone, p.email, p.website].filter(Boolean).join(" · ")}</dd>
          </>
        ) : null}
        <dt>{t("providers.areas")}</dt>
        <dd>{p.areas.length ? p.areas.join(", ") : t("common.notStated")}</dd>
        <dt>{t("providers.targetGroups")}</dt>
        <dd>{p.target_groups.length ? p.target_groups.map((g) => label("targetGroup", g)).join(", ") : t("common.notStated")}</dd>
        <dt>{t("providers.languages")}</dt>
        <dd>{p.languages.length ? p.languages.join(", ") : t("common.notStated")}</dd>
        <dt>{t("providers.accessibility")}</dt>
        <dd>
          {[p.wheelchair_accessible ? t("providers.wheelchair") : "", p.accessibility].filter(Boolean).join(" — ") || t("common.notStated")}
        </dd>
      </dl>
      {description ? <p>{description}</p> : null}
      <ErrorAlert error={parts.offerings.error ?? parts.locations.error ?? parts.contacts.error} />
      <Tabs
        label={t("providers.sections")}
        current={tab}
        onChange={(next) => setParams(next === "offerings" ? {} : { tab: next }, { replace: true })}
        tabs={TABS.map((id) => ({ id, label: t(`providers.tab.${id}`) }))}
      >
        {partsLoading ? <Loading /> : null}
        {!partsLoading && tab === "offerings" ? (
          <Offerings provider={p} offerings={offerings} locations={locations} listed={state.publicOfferings} currency={currency} />
        ) : null}
        {!partsLoading && tab === "locations" ? <Locations provider={p} locations={locations} listed={state.listed} /> : null}
        {!partsLoading && tab === "contacts" ? (
          <ProviderContacts provider={p} contacts={contacts} choices={{ offerings, locations }} listed={state.listed} />
        ) : null}
        {!partsLoading && tab === "public" ? (
          <section aria-labelledby="public-preview-heading">
            <h2 id="public-preview-heading">{t("providers.previewTitle")}</h2>
            <p className="muted">{t("providers.previewIntro")}</p>
            {!state.listed ? (
              <p className="alert alert-warn">{p.is_active ? t("providers.notListedSummary") : t("providers.inactiveSummary")}</p>
            ) : state.publicOfferings.size === 0 ? (
              <p className="alert alert-warn">{t("providers.noPublicOfferings")}</p>
            ) : null}
            <ul className="cards" aria-label={t("providers.previewTitle")}>
              {publicServicesOf(p, offerings, locations, contacts, {
                language: i18n.language,
                currency,
                groupName: (code) => label("targetGroup", code),
              }).map((s) => (
                <ServiceCard key={s.id} service={s} heading="h3" />
              ))}
            </ul>
          </section>
        ) : null}
      </Tabs>
    </section>
  );
}
