// Choices of the client record, as the API's enums (labels in the catalogues under enum.<kind>).
export const SEXES = ["female", "male", "other"] as const;
export const CLIENT_STATUSES = ["referred", "active", "inactive", "closed"] as const;
export const ID_COUNTRIES = ["PL", "CZ", "SI", "XX"] as const;
export const LABOUR_STATUSES = ["employed", "self_employed", "unemployed", "long_term_unemployed", "inactive", "in_education"] as const;
export const EDUCATION_LEVELS = ["isced_0_2", "isced_3_4", "isced_5_8"] as const;
export const CLOSURE_REASONS = ["goals_achieved", "moved_away", "died", "refused", "transferred", "project_ended", "other"] as const;
/** Yes / no / not known, for the ESF+ attributes a client may decline to state. */
export const TRISTATE_FIELDS = [
  "lives_alone",
  "has_disability",
  "third_country_national",
  "foreign_background",
  "minority",
  "homeless_or_housing_exclusion",
  "rural_area",
] as const;
