"""The shape of a monthly funder report's figures (``ReportRun.data``): the contract between the
computation (``cus/reports/figures.py``), the renderers (``cus/reports/rendering/``) and the API, which
publishes it in the OpenAPI schema (the ``ReportData`` component and those it nests, built from these types
by ``cus/reports/api.py``; a key's ``Doc`` is its description there).

Everything is JSON: money and units are decimal strings, dates ISO strings, counts integers; ``None`` only
where a type says so. A *breakdown* counts participants by the ESF+ common output indicators (DOMAIN.md),
each split by gender.
"""

from __future__ import annotations

from typing import Annotated, NotRequired, TypedDict


class Doc(str):
    """A key's description, as ``Annotated[type, Doc("...")]``: shown in the API schema."""

    __slots__ = ()


class ByGender(TypedDict):
    female: int
    male: int
    other: int
    total: int


class Breakdown(TypedDict):
    """Participants counted at entry (snapshots in clients.Participation), each indicator by gender."""

    total: ByGender
    unemployed: Annotated[ByGender, Doc("Including the long-term unemployed.")]
    long_term_unemployed: ByGender
    inactive: Annotated[ByGender, Doc("Including those in education.")]
    employed: Annotated[ByGender, Doc("Including the self-employed.")]
    age_below_18: ByGender
    age_18_29: ByGender
    age_30_54: ByGender
    age_55_plus: ByGender
    isced_0_2: ByGender
    isced_3_4: ByGender
    isced_5_8: ByGender
    with_disabilities: ByGender
    third_country_nationals: ByGender
    foreign_background: ByGender
    minorities: ByGender
    homeless_or_housing_exclusion: ByGender
    rural_areas: ByGender


class Results(TypedDict):
    """Result indicators of the participants who left in the month (exit snapshots)."""

    job_searching: ByGender
    in_education_or_training: ByGender
    gained_qualification: ByGender
    in_employment: ByGender
    followup_in_employment: Annotated[
        ByGender, Doc("Six months after leaving, of those whose follow-up is recorded.")
    ]
    followup_improved_situation: ByGender


class Participants(TypedDict):
    new: Annotated[Breakdown, Doc("Entered in the month.")]
    active: Annotated[Breakdown, Doc("In the project on any day of the month.")]
    leaving: Annotated[Breakdown, Doc("Left in the month.")]
    cumulative: Annotated[Breakdown, Doc("Entered from the project start to the month's end.")]
    results: Results


class ProjectFigures(TypedDict):
    """The participants of one funded project (funding source)."""

    funding_source_id: str
    name: str
    project_code: str
    funder: str
    participants: Participants


class ServiceRow(TypedDict):
    """The month's volume and cost of one service type."""

    service_type: Annotated[str, Doc("The service type's code.")]
    name: Annotated[str, Doc("The service type's name in the centre's language.")]
    unit: str
    units_planned: Annotated[str, Doc("Planned for the month by active plans' services of the type.")]
    units_contracted: Annotated[
        str, Doc("The contract lines' monthly capacity for the type (sum); empty when none is set.")
    ]
    units_delivered: Annotated[
        str, Doc("In-force delivered logs (outcome delivered) in the month, but those flagged and not resolved.")
    ]
    hours: Annotated[str, Doc("Delivered minutes / 60, two decimals.")]
    clients: Annotated[int, Doc("Distinct clients with a delivered log.")]
    cost: str
    logs_flagged: NotRequired[Annotated[
        str, Doc("Delivered logs flagged as unusual and not yet resolved by the coordinator (empty: none); counted "
                 "here, not in the units, hours, clients and cost above. Absent from reports made before flags.")
    ]]
    units_flagged: NotRequired[Annotated[str, Doc("The units of those logs (empty: none; absent as above).")]]


class ContractLineRow(TypedDict):
    """One contract line: the month's and the to-date spending against its budget."""

    contract_id: str
    contract_number: str
    provider: str
    service_type: str
    funding_source: str
    unit_price: str
    budget: Annotated[str, Doc("Empty when the line has no budget.")]
    units_delivered_month: str
    amount_spent_month: str
    amount_spent_to_date: Annotated[str, Doc("From the contract start to the month's end.")]
    amount_remaining: Annotated[str, Doc("Empty when the line has no budget.")]
    budget_used_percent: Annotated[str, Doc("Empty when the line has no budget.")]


class VolunteerFigures(TypedDict):
    volunteers: Annotated[int, Doc("Volunteers with verified hours in the month.")]
    minutes: int
    hours: str
    in_kind_value: Annotated[str, Doc("The hours valued at each activity type's hourly in-kind rate.")]


class PlanFigures(TypedDict):
    opened: Annotated[int, Doc("Plans activated in the month.")]
    reviewed: Annotated[int, Doc("Reviews dated in the month.")]
    closed: int
    goals_achieved: int
    active_at_month_end: int


class WaitingList(TypedDict):
    count: Annotated[int, Doc("Planned services without a provider at the month's end.")]
    clients: int
    median_wait_days: Annotated[str, Doc("Empty when nobody waits.")]


class Change(TypedDict):
    """A figure that differs from the report frozen when this month (or an earlier one) was closed."""

    month: str
    path: Annotated[str, Doc('A dotted path into the figures, e.g. "services.home_care.units_delivered".')]
    was: str
    now: str


class CentreHeader(TypedDict):
    """The centre the report is about, as it was when the report was computed."""

    name: str
    code: str
    municipality: str
    country: str
    language: str
    currency: str
    timezone: NotRequired[Annotated[str, Doc("Absent from reports computed before it was recorded.")]]


class ParticipantRow(TypedDict):
    """One participation in a funded project, pseudonymised, for the funder's participant-level export.

    Never a name, national ID, address or birth date: ``pseudonym`` is the centre's keyed hash of the client
    (``cus/reports/pseudonyms.py``). The attributes are the entry snapshot; the results the exit snapshot.
    One row per participation active on any day of the month (a client in two projects has two rows).
    """

    pseudonym: str
    project_code: str  # the funding source's project code
    entry_date: str  # ISO date
    exit_date: str  # ISO date, "" while in the project
    exit_reason: str  # clients.ClosureReason value, "" while in the project
    sex: str  # clients.Sex value at entry
    age_at_entry: int
    labour_market_status: str  # clients.LabourMarketStatus value at entry, "" unknown
    education_level: str  # clients.EducationLevel value at entry, "" unknown
    with_disabilities: bool | None  # None: unknown
    third_country_national: bool | None
    foreign_background: bool | None
    minority: bool | None
    homeless_or_housing_exclusion: bool | None
    rural_area: bool | None
    job_searching: bool | None  # exit results: None while in the project or not recorded
    in_education_or_training: bool | None
    gained_qualification: bool | None
    in_employment: bool | None
    followup_in_employment: bool | None  # six months after leaving: None until recorded
    followup_improved_situation: bool | None


class ReportData(TypedDict):
    """The figures of a monthly funder report."""

    centre: CentreHeader
    month: Annotated[str, Doc("YYYY-MM")]
    period_start: str
    period_end: str
    cut_off_at: Annotated[str, Doc("ISO 8601: only rows recorded up to this time are counted.")]
    version: int
    funder_header: Annotated[
        dict[str, str], Doc("What the funder requires on top (beneficiary, projects, funders), label to text.")
    ]
    projects: Annotated[list[ProjectFigures], Doc("One per funding source with participations.")]
    participants: Annotated[Participants, Doc("All projects together.")]
    services: list[ServiceRow]
    contracts: list[ContractLineRow]
    volunteers: VolunteerFigures
    plans: PlanFigures
    waiting_list: WaitingList
    changes_since_close: list[Change]
    participant_rows: Annotated[
        list[ParticipantRow], Doc("For the pseudonymised participants file only; not in the PDF or the API.")
    ]


PRIVATE_KEYS = frozenset({"participant_rows"})  # stored with the run, never in the API's figures
