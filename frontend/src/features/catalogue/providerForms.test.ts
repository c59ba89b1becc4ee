import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/errors";
import {
  contactBodyOf, contactFormOf, listErrorsOnTheirField, offeringBodyOf, offeringFormOf, providerBodyOf, providerFormOf,
  publicServicesOf, publicationOf, splitList, translated,
} from "./providerForms";

const PROVIDER = {
  id: "p1", name: "Caritas", legal_form: "association", tax_id: "5260250274", tax_id_country: "PL", address: "", street: "Długa 1",
  postcode: "00-001", municipality: "Gdańsk", phone: "", email: "", website: "", description: { en: "Care", pl: "Opieka" },
  target_groups: ["seniors"], languages: ["pl", "en"], areas: ["Oliwa", "Wrzeszcz"], accessibility: "", wheelchair_accessible: false,
  is_public: true, is_active: true, locations: [], service_types: [], created_at: "", updated_at: "",
} as unknown as Schemas["Provider"];

const offering = (over: Partial<Schemas["Offering"]>) =>
  ({
    id: "o1", provider: "p1", provider_name: "Caritas", service_type: "st1", service_type_code: "home_care", service_type_name: "Care at home",
    name: "", delivery_form: "", description: {}, capacity: null, locations: [], schedule: "", cost: null, cost_note: "",
    target_groups: [], languages: [], is_public: true, is_active: true, created_at: "", updated_at: "", ...over,
  }) as Schemas["Offering"];

const location = (over: Partial<Schemas["Location"]>) =>
  ({ id: "l1", provider: "p1", provider_name: "", name: "Day centre", street: "Krótka 2", postcode: "", municipality: "Gdańsk", area: "",
    latitude: null, longitude: null, accessibility: "", wheelchair_accessible: false, is_public: true, created_at: "", updated_at: "", ...over }) as Schemas["Location"];

const contact = (over: Partial<Schemas["ProviderContact"]>) =>
  ({ id: "c1", provider: "p1", provider_name: "", offering: "o1", location: null, name: "Anna", title: "", department: "", email: "",
    phone: "600", is_public: true, created_at: "", updated_at: "", ...over }) as Schemas["ProviderContact"];

const OPTIONS = { language: "pl", currency: "PLN", groupName: (code: string) => `group:${code}` };

describe("the provider form", () => {
  it("splits comma-separated lists and drops empty items", () => {
    expect(splitList(" pl, en ,, uk;de\n")).toEqual(["pl", "en", "uk", "de"]);
    expect(splitList("  ")).toEqual([]);
  });

  it("round-trips a provider: lists as text, descriptions per language, empty translations left out", () => {
    const form = providerFormOf(PROVIDER);
    expect(form.areas).toBe("Oliwa, Wrzeszcz");
    expect(form.description).toEqual({ en: "Care", pl: "Opieka", cs: "", sl: "" });
    const body = providerBodyOf({ ...form, languages: "PL, uk", tax_id: " 526-025-02-74 ", description: { ...form.description, en: "  " } });
    expect(body).toMatchObject({ languages: ["pl", "uk"], areas: ["Oliwa", "Wrzeszcz"], tax_id: "526-025-02-74", description: { pl: "Opieka" } });
    expect(body).not.toHaveProperty("reason");
    expect(providerBodyOf({ ...form, reason: " new address " })).toMatchObject({ reason: "new address" });
  });

  it("starts a new provider unlisted and active, the tax ID's country the centre's", () => {
    const form = providerFormOf();
    expect(form).toMatchObject({ is_public: false, is_active: true, tax_id_country: "", target_groups: [] });
  });

  it("puts an error on a list's item on the list's field", () => {
    const error = new ApiError(400, { languages: { "1": ["Not a language code."] }, tax_id: ["Not a valid NIP."] });
    listErrorsOnTheirField(error, ["languages"]);
    expect(error.fieldErrors).toEqual({ languages: ["Not a language code."], tax_id: ["Not a valid NIP."] });
  });
});

describe("the offering form", () => {
  it("sends blank capacity and cost as not stated, a decimal comma as a point", () => {
    const form = { ...offeringFormOf(), service_type: "st1", capacity: "", cost: "12,50", locations: ["l1"] };
    expect(offeringBodyOf(form, "p1")).toMatchObject({ provider: "p1", service_type: "st1", capacity: null, cost: "12.50", locations: ["l1"] });
    expect(offeringBodyOf({ ...form, capacity: " 8 ", cost: "" }, "p1")).toMatchObject({ capacity: 8, cost: null });
  });

  it("reads an offering's locations as their ids", () => {
    const form = offeringFormOf(offering({ locations: [{ id: "l1", name: "", street: "", postcode: "", municipality: "", area: "" }], capacity: 5 }));
    expect(form.locations).toEqual(["l1"]);
    expect(form.capacity).toBe("5");
  });
});

describe("contact points", () => {
  it("sends a contact of the whole provider with no offering or location", () => {
    expect(contactBodyOf({ ...contactFormOf(), name: " Anna " }, "p1")).toMatchObject({ provider: "p1", name: "Anna", offering: null, location: null });
  });
});

describe("what the public sees", () => {
  it("shows nothing of a provider that is not listed, or inactive", () => {
    const offerings = [offering({})];
    expect(publicationOf({ ...PROVIDER, is_public: false }, offerings).publicOfferings.size).toBe(0);
    expect(publicServicesOf({ ...PROVIDER, is_active: false }, offerings, [], [], OPTIONS)).toEqual([]);
  });

  it("shows public, active offerings with only public places and the offering's public contacts", () => {
    const offerings = [
      offering({ locations: [{ id: "l1", name: "", street: "", postcode: "", municipality: "", area: "" }, { id: "l2", name: "", street: "", postcode: "", municipality: "", area: "" }], cost: "0.00" }),
      offering({ id: "o2", is_public: false }),
      offering({ id: "o3", is_active: false }),
    ];
    const locations = [location({}), location({ id: "l2", name: "Hidden", is_public: false, wheelchair_accessible: true })];
    const contacts = [contact({}), contact({ id: "c2", is_public: false }), contact({ id: "c3", offering: null }), contact({ id: "c4", location: "l2" })];
    const cards = publicServicesOf(PROVIDER, offerings, locations, contacts, OPTIONS);
    expect(cards.map((c) => c.id)).toEqual(["o1"]);
    const [card] = cards;
    expect(card.name).toBe("Care at home");
    expect(card.locations.map((l) => l.id)).toEqual(["l1"]);
    expect(card.contacts.map((c) => c.id)).toEqual(["c1"]);
    expect(card.wheelchair_accessible).toBe(false); // only the hidden place has wheelchair access
    expect(card.target_groups).toEqual([{ code: "seniors", name: "group:seniors" }]); // the provider's, the offering names none
    expect(card.currency).toBe("PLN");
  });

  it("takes the description in the language asked for, else English, else any", () => {
    expect(translated({ en: "Care", pl: "Opieka" }, "pl")).toBe("Opieka");
    expect(translated({ en: "Care", pl: "Opieka" }, "cs")).toBe("Care");
    expect(translated({ sl: "Oskrba" }, "cs")).toBe("Oskrba");
    expect(translated(undefined, "cs")).toBe("");
  });
});
