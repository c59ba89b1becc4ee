"""The shipped service-type taxonomy, as data.

One entry per type of DOMAIN.md ("Service types"), mapped across Poland, Czechia and Slovenia.
``cus.catalogue.services.sync_shipped_service_types`` writes these rows (``centre`` null) and is
called from a data migration; when this data changes, add a migration that calls it again.

Codes are stable: plans, contracts and reports refer to them. Never rename one; retire a type by
setting ``active=False`` instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from .models import Category, DeliveryForm, Unit


@dataclass(frozen=True)
class ShippedServiceType:
    code: str
    name_en: str
    name_pl: str
    name_cs: str
    name_sl: str
    category: Category
    unit: Unit
    delivery_form: DeliveryForm
    # Per country (ISO code): the native name of the service and, where one exists, its legal basis.
    legal_refs: dict[str, str] = field(default_factory=dict)
    active: bool = True
    # The most units a client can plausibly get in a day (a log above it is refused); centres may set their own.
    daily_limit: Decimal | None = None

    def defaults(self, sort_order: int) -> dict[str, Any]:
        """The values of the ServiceType row for this entry, everything but ``code``."""
        values = asdict(self)
        del values["code"]
        values.update(
            category=str(self.category),
            unit=str(self.unit),
            delivery_form=str(self.delivery_form),
            sort_order=sort_order,
        )
        return values


_PL_SOCIAL_ASSISTANCE_ACT = "ustawy o pomocy społecznej"

SHIPPED_SERVICE_TYPES: tuple[ShippedServiceType, ...] = (
    ShippedServiceType(
        code="home_care",
        name_en="Care at home",
        name_pl="Usługi opiekuńcze",
        name_cs="Pečovatelská služba",
        name_sl="Pomoč na domu",
        category=Category.CARE,
        unit=Unit.HOUR,
        daily_limit=Decimal("12"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={
            "CZ": "pečovatelská služba §40",
            "PL": f"usługi opiekuńcze (art. 50 {_PL_SOCIAL_ASSISTANCE_ACT})",
            "SI": "pomoč na domu / socialna oskrba na domu",
        },
    ),
    ShippedServiceType(
        code="specialist_home_care",
        name_en="Specialist care at home",
        name_pl="Specjalistyczne usługi opiekuńcze",
        name_cs="Specializovaná péče v domácnosti",
        name_sl="Specializirana pomoč na domu",
        category=Category.CARE,
        unit=Unit.HOUR,
        daily_limit=Decimal("8"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={"PL": f"specjalistyczne usługi opiekuńcze (art. 50 {_PL_SOCIAL_ASSISTANCE_ACT})"},
    ),
    ShippedServiceType(
        code="personal_assistance",
        name_en="Personal assistance",
        name_pl="Asystencja osobista",
        name_cs="Osobní asistence",
        name_sl="Osebna asistenca",
        category=Category.CARE,
        unit=Unit.HOUR,
        delivery_form=DeliveryForm.HOME,
        legal_refs={"CZ": "osobní asistence §39", "PL": "asystencja osobista", "SI": "osebna asistenca"},
    ),
    ShippedServiceType(
        code="respite_care",
        name_en="Respite care for family carers",
        name_pl="Opieka wytchnieniowa",
        name_cs="Odlehčovací služby",
        name_sl="Začasno nadomestno varstvo",
        category=Category.CARE,
        unit=Unit.DAY,
        daily_limit=Decimal("1"),
        delivery_form=DeliveryForm.RESIDENTIAL,
        legal_refs={
            "CZ": "odlehčovací služby §44",
            "PL": "opieka wytchnieniowa",
            "SI": "začasno nadomestno varstvo",
        },
    ),
    ShippedServiceType(
        code="telecare",
        name_en="Emergency alarm and telecare",
        name_pl="Teleopieka",
        name_cs="Tísňová péče",
        name_sl="E-oskrba",
        category=Category.CARE,
        unit=Unit.MONTH,
        daily_limit=Decimal("1"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={"CZ": "tísňová péče §41", "PL": "teleopieka", "SI": "e-oskrba"},
    ),
    ShippedServiceType(
        code="day_centre",
        name_en="Day centre",
        name_pl="Dzienny dom pomocy",
        name_cs="Denní stacionář",
        name_sl="Dnevni center",
        category=Category.CARE,
        unit=Unit.DAY,
        daily_limit=Decimal("1"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={
            "CZ": "denní stacionář §46, centrum denních služeb §45",
            "PL": f"dzienny dom pomocy, klub seniora (ośrodki wsparcia, art. 51 {_PL_SOCIAL_ASSISTANCE_ACT})",
            "SI": "dnevni center",
        },
    ),
    ShippedServiceType(
        code="residential_care",
        name_en="Residential care home",
        name_pl="Dom pomocy społecznej",
        name_cs="Domov pro seniory",
        name_sl="Dom za starejše",
        category=Category.CARE,
        unit=Unit.NIGHT,
        daily_limit=Decimal("1"),
        delivery_form=DeliveryForm.RESIDENTIAL,
        legal_refs={
            "CZ": "domov pro seniory §49, domov se zvláštním režimem §50",
            "PL": f"dom pomocy społecznej (art. 54 {_PL_SOCIAL_ASSISTANCE_ACT})",
            "SI": "dom za starejše",
        },
    ),
    ShippedServiceType(
        code="sheltered_housing",
        name_en="Supported and sheltered housing",
        name_pl="Mieszkanie wspomagane lub chronione",
        name_cs="Chráněné bydlení",
        name_sl="Bivalna enota",
        category=Category.HOUSING,
        unit=Unit.NIGHT,
        daily_limit=Decimal("1"),
        delivery_form=DeliveryForm.RESIDENTIAL,
        legal_refs={
            "CZ": "chráněné bydlení §51, podpora samostatného bydlení §43",
            "PL": f"mieszkanie wspomagane / chronione (art. 53 {_PL_SOCIAL_ASSISTANCE_ACT})",
            "SI": "bivalna enota",
        },
    ),
    ShippedServiceType(
        code="nursing",
        name_en="Community nursing",
        name_pl="Środowiskowa opieka pielęgniarska",
        name_cs="Domácí zdravotní péče",
        name_sl="Patronažna zdravstvena nega",
        category=Category.HEALTH,
        unit=Unit.VISIT,
        daily_limit=Decimal("4"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={
            "CZ": "domácí zdravotní péče",
            "PL": "pielęgniarka środowiskowa, usługi pielęgniarskie",
            "SI": "patronažna zdravstvena nega",
        },
    ),
    ShippedServiceType(
        code="rehabilitation",
        name_en="Physiotherapy and corrective exercise",
        name_pl="Rehabilitacja i gimnastyka korekcyjna",
        name_cs="Fyzioterapie",
        name_sl="Fizioterapija",
        category=Category.HEALTH,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={"PL": "rehabilitacja, gimnastyka korekcyjna", "SI": "fizioterapija"},
    ),
    ShippedServiceType(
        code="meals",
        name_en="Meals, delivered or served",
        name_pl="Posiłki i dowóz posiłków",
        name_cs="Zajištění stravy",
        name_sl="Dostava kosila",
        category=Category.CARE,
        unit=Unit.MEAL,
        daily_limit=Decimal("1"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={
            "CZ": "poskytnutí nebo zajištění stravy (součást pečovatelské služby §40)",
            "PL": "posiłki, dowóz posiłków",
            "SI": "dostava kosila",
        },
    ),
    ShippedServiceType(
        code="household_help",
        name_en="Household help",
        name_pl="Usługi porządkowe",
        name_cs="Pomoc při chodu domácnosti",
        name_sl="Pomoč pri gospodinjskih opravilih",
        category=Category.CARE,
        unit=Unit.HOUR,
        daily_limit=Decimal("8"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={
            "CZ": "pomoc při zajištění chodu domácnosti (součást pečovatelské služby §40)",
            "PL": "usługi porządkowe",
            "SI": "pomoč pri gospodinjskih opravilih",
        },
    ),
    ShippedServiceType(
        code="transport",
        name_en="Accompanied transport",
        name_pl="Usługi transportowe",
        name_cs="Průvodcovská služba a doprava",
        name_sl="Prevoz s spremstvom",
        category=Category.CARE,
        unit=Unit.TRIP,
        daily_limit=Decimal("4"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={"CZ": "průvodcovská služba §42", "PL": "usługi transportowe, dowóz", "SI": "prevoz"},
    ),
    ShippedServiceType(
        code="social_counselling",
        name_en="Social counselling",
        name_pl="Poradnictwo specjalistyczne",
        name_cs="Sociální poradenství",
        name_sl="Socialno svetovanje",
        category=Category.COUNSELLING,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={
            "CZ": "sociální poradenství §37",
            "PL": f"poradnictwo specjalistyczne (art. 46 {_PL_SOCIAL_ASSISTANCE_ACT})",
            "SI": "svetovanje",
        },
    ),
    ShippedServiceType(
        code="psychological_support",
        name_en="Psychological support and therapy",
        name_pl="Wsparcie psychologiczne",
        name_cs="Psychologická podpora a terapie",
        name_sl="Psihosocialna pomoč",
        category=Category.COUNSELLING,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={"PL": "wsparcie psychologiczne", "SI": "psihosocialna pomoč"},
    ),
    ShippedServiceType(
        code="crisis_intervention",
        name_en="Crisis intervention",
        name_pl="Interwencja kryzysowa",
        name_cs="Krizová pomoc",
        name_sl="Prva socialna pomoč",
        category=Category.COUNSELLING,
        unit=Unit.SESSION,
        daily_limit=Decimal("4"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={
            "CZ": "krizová pomoc §60, intervenční centra §60a",
            "PL": f"interwencja kryzysowa (art. 47 {_PL_SOCIAL_ASSISTANCE_ACT})",
            "SI": "prva socialna pomoč",
        },
    ),
    ShippedServiceType(
        code="family_support",
        name_en="Family assistant and parenting support",
        name_pl="Asystent rodziny",
        name_cs="Sociálně aktivizační služby pro rodiny s dětmi",
        name_sl="Pomoč družini",
        category=Category.FAMILY,
        unit=Unit.HOUR,
        daily_limit=Decimal("8"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={
            "CZ": "sociálně aktivizační služby pro rodiny s dětmi §65",
            "PL": "asystent rodziny (ustawa o wspieraniu rodziny i systemie pieczy zastępczej)",
            "SI": "pomoč družini",
        },
    ),
    ShippedServiceType(
        code="early_intervention",
        name_en="Early intervention for young children",
        name_pl="Wczesne wspomaganie rozwoju dziecka",
        name_cs="Raná péče",
        name_sl="Zgodnja obravnava",
        category=Category.FAMILY,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={"CZ": "raná péče §54", "PL": "wczesne wspomaganie rozwoju", "SI": "zgodnja obravnava"},
    ),
    ShippedServiceType(
        code="senior_activation",
        name_en="Activation of seniors and people with disabilities",
        name_pl="Aktywizacja seniorów i osób z niepełnosprawnościami",
        name_cs="Sociálně aktivizační služby pro seniory a osoby se zdravotním postižením",
        name_sl="Aktivnosti za starejše in osebe z invalidnostjo",
        category=Category.ACTIVATION,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={
            "CZ": "sociálně aktivizační služby pro seniory a osoby se zdravotním postižením §66",
            "PL": "aktywizacja seniorów, zajęcia klubowe",
            "SI": "medgeneracijski center",
        },
    ),
    ShippedServiceType(
        code="leisure_activity",
        name_en="Leisure and health activities",
        name_pl="Zajęcia rekreacyjne i wyjazdy",
        name_cs="Volnočasové a pohybové aktivity",
        name_sl="Prostočasne aktivnosti",
        category=Category.ACTIVATION,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={"PL": "zajęcia rekreacyjne, wyjazdy", "SI": "prostočasne aktivnosti"},
    ),
    ShippedServiceType(
        code="social_rehabilitation",
        name_en="Social rehabilitation and reintegration",
        name_pl="Reintegracja społeczna",
        name_cs="Sociální rehabilitace",
        name_sl="Socialno vključevanje",
        category=Category.ACTIVATION,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={
            "CZ": "sociální rehabilitace §70, sociálně terapeutické dílny §67",
            "PL": "reintegracja społeczna, CIS/KIS (ustawa o zatrudnieniu socjalnym)",
            "SI": "socialna vključenost",
        },
    ),
    ShippedServiceType(
        code="employment_support",
        name_en="Vocational activation and job coaching",
        name_pl="Reintegracja zawodowa i trener pracy",
        name_cs="Podpora pracovního uplatnění",
        name_sl="Zaposlitvena rehabilitacija",
        category=Category.EMPLOYMENT,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={"PL": "reintegracja zawodowa, trener pracy", "SI": "zaposlitvena rehabilitacija"},
    ),
    ShippedServiceType(
        code="shelter",
        name_en="Shelter, night shelter, halfway house",
        name_pl="Schronisko i noclegownia",
        name_cs="Azylový dům a noclehárna",
        name_sl="Zavetišče",
        category=Category.HOUSING,
        unit=Unit.NIGHT,
        daily_limit=Decimal("1"),
        delivery_form=DeliveryForm.RESIDENTIAL,
        legal_refs={
            "CZ": "azylové domy §57, noclehárny §63, domy na půl cesty §58",
            "PL": f"schronisko, noclegownia (art. 48a {_PL_SOCIAL_ASSISTANCE_ACT})",
            "SI": "zavetišče",
        },
    ),
    ShippedServiceType(
        code="street_work",
        name_en="Outreach and street work",
        name_pl="Streetworking",
        name_cs="Terénní programy",
        name_sl="Terensko delo",
        category=Category.PREVENTION,
        unit=Unit.CONTACT,
        delivery_form=DeliveryForm.HOME,
        legal_refs={
            "CZ": "terénní programy §69, kontaktní centra §59",
            "PL": "streetworking",
            "SI": "terensko delo",
        },
    ),
    ShippedServiceType(
        code="legal_advice",
        name_en="Legal and debt advice",
        name_pl="Nieodpłatna pomoc prawna",
        name_cs="Právní a dluhové poradenství",
        name_sl="Pravno in dolžniško svetovanje",
        category=Category.COUNSELLING,
        unit=Unit.SESSION,
        daily_limit=Decimal("2"),
        delivery_form=DeliveryForm.DAY,
        legal_refs={
            "CZ": "odborné sociální poradenství §37",
            "PL": "nieodpłatna pomoc prawna (ustawa o nieodpłatnej pomocy prawnej)",
            "SI": "pravno svetovanje",
        },
    ),
    ShippedServiceType(
        code="interpretation",
        name_en="Interpretation, including sign language",
        name_pl="Tłumaczenie, w tym na język migowy",
        name_cs="Tlumočnické služby",
        name_sl="Tolmačenje, tudi v znakovni jezik",
        category=Category.OTHER,
        unit=Unit.HOUR,
        daily_limit=Decimal("8"),
        delivery_form=DeliveryForm.HOME,
        legal_refs={
            "CZ": "tlumočnické služby §56",
            "PL": "tłumacz języka migowego (ustawa o języku migowym i innych środkach komunikowania się)",
            "SI": "tolmačenje",
        },
    ),
)

# Gaps between positions leave room for centres' own types and for later shipped ones.
SORT_ORDER_STEP = 10


def shipped_rows() -> list[tuple[str, dict[str, Any]]]:
    """(code, field values) for every shipped type, in display order."""
    return [
        (entry.code, entry.defaults(sort_order=(position + 1) * SORT_ORDER_STEP))
        for position, entry in enumerate(SHIPPED_SERVICE_TYPES)
    ]
