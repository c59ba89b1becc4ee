// The provider screens' form logic, apart from the components so it can be tested: what each form starts from,
// what the API is sent, how the API's errors find their fields, and what the public catalogue will show.
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { LocationInput, OfferingInput, ProviderContactInput, PublicService, ProviderInput } from "./queries";

export const LANGUAGES = ["en", "pl", "cs", "sl"] as const;
export type Texts = Record<(typeof LANGUAGES)[number], string>;
export const LEGAL_FORMS = [
  "association", "foundation", "social_cooperative", "social_economy", "company", "public_unit", "centre", "church",
] as const;
export const TARGET_GROUPS = [
  "seniors", "disabilities", "families", "youth", "homeless", "addicted", "unemployed", "migrants", "carers",
] as const;
export const DELIVERY_FORMS = ["home", "day", "residential"] as const;
export const TAX_COUNTRIES = ["PL", "CZ", "SI"] as const;

/** "pl, en ,, uk" → ["pl", "en", "uk"]: the form's comma-separated lists. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function textsOf(texts?: Record<string, string> | null): Texts {
  return { en: texts?.en ?? "", pl: texts?.pl ?? "", cs: texts?.cs ?? "", sl: texts?.sl ?? "" };
}

/** Only the languages written in: an empty text is no translation. */
function textsBody(texts: Texts): Record<string, string> {
  return Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
}

// ---- provider ----

export interface ProviderForm {
  name: string;
  legal_form: string;
  tax_id: string;
  tax_id_country: string;
  street: string;
  postcode: string;
  municipality: string;
  phone: string;
  email: string;
  website: string;
  description: Texts;
  target_groups: string[];
  languages: string;
  areas: string;
  accessibility: string;
  wheelchair_accessible: boolean;
  is_public: boolean;
  is_active: boolean;
  reason: string;
}

export const PROVIDER_FIELDS = [
  "name", "legal_form", "tax_id", "tax_id_country", "street", "postcode", "municipality", "phone", "email", "website",
  ...LANGUAGES.map((l) => `description.${l}`), "target_groups", "languages", "areas", "accessibility",
  "wheelchair_accessible", "is_public", "is_active", "reason",
];

export function providerFormOf(p?: Schemas["Provider"]): ProviderForm {
  return {
    name: p?.name ?? "",
    legal_form: p?.legal_form ?? "",
    tax_id: p?.tax_id ?? "",
    tax_id_country: p?.tax_id_country ?? "",
    street: p?.street ?? "",
    postcode: p?.postcode ?? "",
    municipality: p?.municipality ?? "",
    phone: p?.phone ?? "",
    email: p?.email ?? "",
    website: p?.website ?? "",
    description: textsOf(p?.description),
    target_groups: [...(p?.target_groups ?? [])],
    languages: (p?.languages ?? []).join(", "),
    areas: (p?.areas ?? []).join(", "),
    accessibility: p?.accessibility ?? "",
    wheelchair_accessible: p?.wheelchair_accessible ?? false,
    is_public: p?.is_public ?? false,
    is_active: p?.is_active ?? true,
    reason: "",
  };
}

export function providerBodyOf(v: ProviderForm): ProviderInput {
  return {
    name: v.name.trim(),
    legal_form: v.legal_form as ProviderInput["legal_form"],
    tax_id: v.tax_id.trim(),
    tax_id_country: v.tax_id_country as ProviderInput["tax_id_country"],
    street: v.street.trim(),
    postcode: v.postcode.trim(),
    municipality: v.municipality.trim(),
    phone: v.phone.trim(),
    email: v.email.trim(),
    website: v.website.trim(),
    description: textsBody(v.description),
    target_groups: v.target_groups as ProviderInput["target_groups"],
    languages: splitList(v.languages).map((code) => code.toLowerCase()),
    areas: splitList(v.areas),
    accessibility: v.accessibility.trim(),
    wheelchair_accessible: v.wheelchair_accessible,
    is_public: v.is_public,
    is_active: v.is_active,
    ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
  };
}

// ---- offering ----

export interface OfferingForm {
  service_type: string;
  name: string;
  delivery_form: string;
  capacity: string;
  locations: string[];
  schedule: string;
  cost: string;
  cost_note: string;
  description: Texts;
  target_groups: string[];
  languages: string;
  is_public: boolean;
  reason: string;
}

export const OFFERING_FIELDS = [
  "service_type", "name", "delivery_form", "capacity", "locations", "schedule", "cost", "cost_note",
  ...LANGUAGES.map((l) => `description.${l}`), "target_groups", "languages", "is_public", "reason",
];

export function offeringFormOf(o?: Schemas["Offering"]): OfferingForm {
  return {
    service_type: o?.service_type ?? "",
    name: o?.name ?? "",
    delivery_form: o?.delivery_form ?? "",
    capacity: o?.capacity === null || o?.capacity === undefined ? "" : String(o.capacity),
    locations: (o?.locations ?? []).map((l) => l.id),
    schedule: o?.schedule ?? "",
    cost: o?.cost ?? "",
    cost_note: o?.cost_note ?? "",
    description: textsOf(o?.description),
    target_groups: [...(o?.target_groups ?? [])],
    languages: (o?.languages ?? []).join(", "),
    is_public: o?.is_public ?? false,
    reason: "",
  };
}

/** Blank capacity and cost are "not stated" (null); a number typed with a decimal comma is sent with a point. */
export function offeringBodyOf(v: OfferingForm, provider: string): OfferingInput {
  const orNull = (text: string) => (text.trim() === "" ? null : text.trim().replace(",", "."));
  const capacity = orNull(v.capacity);
  return {
    provider,
    service_type: v.service_type,
    name: v.name.trim(),
    delivery_form: v.delivery_form as OfferingInput["delivery_form"],
    capacity: capacity === null ? null : (Number(capacity) as number),
    locations: v.locations,
    schedule: v.schedule.trim(),
    cost: orNull(v.cost),
    cost_note: v.cost_note.trim(),
    description: textsBody(v.description),
    target_groups: v.target_groups as OfferingInput["target_groups"],
    languages: splitList(v.languages).map((code) => code.toLowerCase()),
    is_public: v.is_public,
    ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
  };
}

// ---- location, contact ----

export interface LocationForm {
  name: string;
  street: string;
  postcode: string;
  municipality: string;
  area: string;
  accessibility: string;
  wheelchair_accessible: boolean;
  is_public: boolean;
  reason: string;
}

export const LOCATION_FIELDS = ["name", "street", "postcode", "municipality", "area", "accessibility", "wheelchair_accessible", "is_public", "reason"];

export function locationFormOf(l?: Schemas["Location"]): LocationForm {
  return {
    name: l?.name ?? "",
    street: l?.street ?? "",
    postcode: l?.postcode ?? "",
    municipality: l?.municipality ?? "",
    area: l?.area ?? "",
    accessibility: l?.accessibility ?? "",
    wheelchair_accessible: l?.wheelchair_accessible ?? false,
    is_public: l?.is_public ?? true,
    reason: "",
  };
}

export function locationBodyOf(v: LocationForm, provider: string): LocationInput {
  const { reason, ...fields } = v;
  const trimmed = Object.fromEntries(Object.entries(fields).map(([k, x]) => [k, typeof x === "string" ? x.trim() : x]));
  return { ...(trimmed as Omit<LocationForm, "reason">), provider, ...(reason.trim() ? { reason: reason.trim() } : {}) };
}

export interface ContactForm {
  name: string;
  title: string;
  department: string;
  email: string;
  phone: string;
  offering: string;
  location: string;
  is_public: boolean;
  reason: string;
}

export const CONTACT_FIELDS = ["name", "title", "department", "email", "phone", "offering", "location", "is_public", "reason"];

export function contactFormOf(c?: Schemas["ProviderContact"]): ContactForm {
  return {
    name: c?.name ?? "",
    title: c?.title ?? "",
    department: c?.department ?? "",
    email: c?.email ?? "",
    phone: c?.phone ?? "",
    offering: c?.offering ?? "",
    location: c?.location ?? "",
    is_public: c?.is_public ?? true,
    reason: "",
  };
}

export function contactBodyOf(v: ContactForm, provider: string): ProviderContactInput {
  return {
    provider,
    name: v.name.trim(),
    title: v.title.trim(),
    department: v.department.trim(),
    email: v.email.trim(),
    phone: v.phone.trim(),
    offering: v.offering || null,
    location: v.location || null,
    is_public: v.is_public,
    ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
  };
}

// ---- errors ----

/**
 * The API keys an item of a list by its index (`languages.1`, `target_groups.0`) and a form shows the list in one
 * control: such errors go to the list's field. Changes `error` in place and returns it.
 */
export function listErrorsOnTheirField(error: unknown, lists: readonly string[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const fields = error.fieldErrors;
  for (const key of Object.keys(fields)) {
    const match = /^([a-z_]+)\.\d+$/.exec(key);
    if (match && lists.includes(match[1])) {
      fields[match[1]] = [...(fields[match[1]] ?? []), ...fields[key]];
      delete fields[key];
    }
  }
  return error;
}

// ---- what the public catalogue shows ----

export interface PublicationState {
  /** The provider is listed at all (public and active). */
  listed: boolean;
  /** The ids of the offerings the catalogue shows. */
  publicOfferings: Set<string>;
}

export function publicationOf(provider: Schemas["Provider"], offerings: readonly Schemas["Offering"][]): PublicationState {
  const listed = provider.is_public && provider.is_active;
  return {
    listed,
    publicOfferings: new Set(listed ? offerings.filter((o) => o.is_public && o.is_active).map((o) => o.id) : []),
  };
}

/** The text in `language`, else English, else any language given (as the public API picks it). */
export function translated(texts: Record<string, string> | undefined, language: string): string {
  const all = texts ?? {};
  return all[language] || all.en || Object.values(all).find(Boolean) || "";
}

/**
 * The cards the public catalogue will show for this provider, built as /api/public/services/ builds them: public,
 * active offerings of a public, active provider; only public locations; only the offering's public contacts; the
 * provider's target groups and languages where the offering names none.
 */
export function publicServicesOf(
  provider: Schemas["Provider"],
  offerings: readonly Schemas["Offering"][],
  locations: readonly Schemas["Location"][],
  contacts: readonly Schemas["ProviderContact"][],
  { language, currency, groupName }: { language: string; currency: string; groupName: (code: string) => string },
): PublicService[] {
  const state = publicationOf(provider, offerings);
  const publicLocations = new Map(locations.filter((l) => l.is_public).map((l) => [l.id, l]));
  return offerings
    .filter((o) => state.publicOfferings.has(o.id))
    .map((o) => {
      const places = o.locations.map((l) => publicLocations.get(l.id)).filter((l): l is Schemas["Location"] => !!l);
      const groups = o.target_groups.length ? o.target_groups : provider.target_groups;
      return {
        id: o.id,
        name: o.name || o.service_type_name,
        service_type: { code: o.service_type_code, name: o.service_type_name },
        provider: { id: provider.id, name: provider.name },
        description: translated(o.description, language),
        schedule: o.schedule ?? "",
        cost: o.cost ?? null,
        cost_note: o.cost_note ?? "",
        currency,
        target_groups: groups.map((code) => ({ code, name: groupName(code) })),
        languages: o.languages.length ? o.languages : provider.languages,
        areas: provider.areas,
        wheelchair_accessible: !!provider.wheelchair_accessible || places.some((l) => l.wheelchair_accessible),
        locations: places.map((l) => ({ id: l.id, name: l.name, street: l.street ?? "", postcode: l.postcode ?? "", municipality: l.municipality ?? "" })),
        contacts: contacts
          .filter((c) => c.is_public && c.offering === o.id && (!c.location || publicLocations.has(c.location)))
          .map((c) => ({ id: c.id, name: c.name ?? "", email: c.email ?? "", phone: c.phone ?? "" })),
      };
    });
}
