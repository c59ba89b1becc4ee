"""The report's figures as titled tables with translated headers: the one source for every format.

PDF, XLSX and CSV all render ``report_tables(data)``, so a figure can never differ between formats. Cells are
typed (``str``, ``int`` or ``Decimal``) so that spreadsheets get numbers, not text. Call inside
``translation.override(<centre language>)``: titles and headers are translated when the tables are built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cus.catalogue.models import Unit

from ..shape import Breakdown, ByGender, Participants, ProjectFigures, ReportData, Results

Cell = str | int | Decimal | None
Kind = Literal["text", "int", "decimal", "percent"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the full header (XLSX, CSV)
    kind: Kind = "text"
    group: str = ""  # a header spanning adjacent columns in the PDF, above ``short``
    short: str = ""  # the header under ``group`` in the PDF
    pdf_max_chars: int = 0  # longer texts are shortened in the PDF (in full in XLSX and CSV); 0: never

    @property
    def pdf_header(self) -> str:
        return self.short or self.header

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Table:
    key: str  # stable, untranslated: the CSV's table column
    title: str  # translated: the PDF heading and the XLSX sheet name
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    section_column: int | None = None  # the PDF shows this column's values as sub-headings instead


def cut_off_display(data: ReportData) -> str:
    """The data cut-off as the centre reads it: local date and time to the minute, with the time zone's name."""
    zone = data["centre"].get("timezone") or "UTC"
    try:
        moment = dt.datetime.fromisoformat(data["cut_off_at"]).astimezone(ZoneInfo(zone))
    except (ValueError, KeyError):
        return data["cut_off_at"]
    return f"{moment:%Y-%m-%d %H:%M} ({zone})"


def number(value: str | int | None) -> Decimal | None:
    """A figure's decimal string as a Decimal; "" (no value, e.g. no budget) stays empty."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def indicator_labels() -> dict[str, str]:
    return {
        "total": _("All participants"),
        "unemployed": _("Unemployed, incl. long-term unemployed"),
        "long_term_unemployed": _("Long-term unemployed"),
        "inactive": _("Inactive"),
        "employed": _("Employed, incl. self-employed"),
        "age_below_18": _("Below 18 years of age"),
        "age_18_29": _("18 to 29 years of age"),
        "age_30_54": _("30 to 54 years of age"),
        "age_55_plus": _("55 years of age and above"),
        "isced_0_2": _("Primary or lower secondary education (ISCED 0–2)"),
        "isced_3_4": _("Upper secondary or post-secondary education (ISCED 3–4)"),
        "isced_5_8": _("Tertiary education (ISCED 5–8)"),
        "with_disabilities": _("Participants with disabilities"),
        "third_country_nationals": _("Third-country nationals"),
        "foreign_background": _("Participants of foreign background"),
        "minorities": _("Minorities (incl. marginalised communities such as the Roma)"),
        "homeless_or_housing_exclusion": _("Homeless or affected by housing exclusion"),
        "rural_areas": _("Participants from rural areas"),
    }


def result_labels() -> dict[str, str]:
    return {
        "job_searching": _("Engaged in job searching upon leaving"),
        "in_education_or_training": _("In education or training upon leaving"),
        "gained_qualification": _("Gained a qualification upon leaving"),
        "in_employment": _("In employment upon leaving"),
        "followup_in_employment": _("In employment six months after leaving"),
        "followup_improved_situation": _("Improved labour-market situation six months after leaving"),
    }


def group_labels() -> dict[str, str]:
    return {
        "new": _("Entered in the month"),
        "active": _("In the project in the month"),
        "leaving": _("Left in the month"),
        "cumulative": _("Entered since the project start"),
    }


GROUPS = ("new", "active", "leaving", "cumulative")
GENDERS = ("female", "male", "other", "total")


def gender_labels() -> dict[str, str]:
    return {
        "female": _("Women"),
        "male": _("Men"),
        "other": pgettext("gender", "Other"),
        "total": _("Total"),
    }


def _gender_cells(figure: ByGender) -> list[Cell]:
    return [int(figure[g]) for g in GENDERS]  # type: ignore[literal-required]


def funder_header_labels() -> dict[str, str]:
    return {
        "programme": _("Programme"),
        "funder": _("Funder"),
        "funders": _("Funders"),
        "project": _("Project"),
        "projects": _("Projects"),
        "beneficiary": _("Beneficiary"),
    }


def funder_header(data: ReportData) -> list[tuple[str, str]]:
    """The funder's required header as (label, value), in the order given; a key without a label shows as is."""
    labels = funder_header_labels()
    return [(labels.get(key, key), value) for key, value in data["funder_header"].items() if value]


def overview_table(data: ReportData) -> Table:
    centre = data["centre"]
    rows: list[list[Cell]] = [
        [_("Centre"), centre.get("name", "")],
        [_("Municipality"), centre.get("municipality", "")],
        [_("Month"), data["month"]],
        [_("Period"), f"{data['period_start']} – {data['period_end']}"],
        [_("Data recorded up to"), cut_off_display(data)],
        [_("Version"), data["version"]],
        [_("Currency"), centre.get("currency", "")],
    ]
    for label, value in funder_header(data):
        rows.append([label, value])
    return Table(
        key="overview",
        title=_("Report"),
        columns=[Column("item", _("Item")), Column("value", _("Value"))],
        rows=rows,
    )


def projects_table(data: ReportData) -> Table:
    columns = [
        Column("project_code", _("Project code")),
        Column("name", _("Project")),
        Column("funder", _("Funder")),
    ] + [Column(group, label, "int") for group, label in group_labels().items()]
    rows: list[list[Cell]] = []
    for project in data["projects"]:
        participants = project["participants"]
        row: list[Cell] = [project["project_code"], project["name"], project["funder"]]
        row += [int(participants[g]["total"]["total"]) for g in GROUPS]  # type: ignore[literal-required]
        rows.append(row)
    return Table(key="projects", title=_("Projects"), columns=columns, rows=rows)


def _participant_columns(first: list[Column]) -> list[Column]:
    columns = list(first)
    genders = gender_labels()
    for group, group_label in group_labels().items():
        for gender in GENDERS:
            columns.append(
                Column(f"{group}_{gender}", f"{group_label}: {genders[gender]}", "int", group_label, genders[gender])
            )
    return columns


def _participant_rows(project: str, participants: Participants) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for indicator, label in indicator_labels().items():
        row: list[Cell] = [project, label]
        for group in GROUPS:
            breakdown: Breakdown = participants[group]  # type: ignore[literal-required]
            row += _gender_cells(breakdown[indicator])  # type: ignore[literal-required]
        rows.append(row)
    return rows


def _projects_beside_the_total(data: ReportData) -> list[ProjectFigures]:
    """The projects to show one by one after all projects together: none when one project is the total."""
    projects = data["projects"]
    if len(projects) == 1 and projects[0]["participants"] == data["participants"]:
        return []
    return projects


def participants_table(data: ReportData) -> Table:
    """ESF+ common output indicators (entry snapshots): all projects together, then each project."""
    columns = _participant_columns([Column("project", _("Project")), Column("indicator", _("Indicator"))])
    rows = _participant_rows(_("All projects"), data["participants"])
    for project in _projects_beside_the_total(data):
        rows += _participant_rows(project["project_code"] or project["name"], project["participants"])
    return Table(key="participants", title=_("Participants"), columns=columns, rows=rows, section_column=0)


def _result_rows(project: str, results: Results) -> list[list[Cell]]:
    return [
        [project, label, *_gender_cells(results[key])]  # type: ignore[literal-required]
        for key, label in result_labels().items()
    ]


def results_table(data: ReportData) -> Table:
    genders = gender_labels()
    columns = [Column("project", _("Project")), Column("indicator", _("Indicator"))] + [
        Column(g, genders[g], "int") for g in GENDERS
    ]
    rows = _result_rows(_("All projects"), data["participants"]["results"])
    for project in _projects_beside_the_total(data):
        rows += _result_rows(project["project_code"] or project["name"], project["participants"]["results"])
    return Table(key="results", title=_("Results"), columns=columns, rows=rows, section_column=0)


def unit_label(code: str) -> str:
    """The unit's name in the report's language (``hour`` -> ``godzina``); an unknown code as it is."""
    return str(Unit(code).label) if code in Unit.values else code


def services_table(data: ReportData) -> Table:
    columns = [
        Column("service_type", _("Code")),
        Column("name", _("Service type")),
        Column("unit", _("Unit")),
        Column("units_planned", _("Units planned"), "decimal"),
        Column("units_contracted", _("Units contracted"), "decimal"),
        Column("units_delivered", _("Units delivered"), "decimal"),
        Column("hours", _("Hours"), "decimal"),
        Column("clients", _("Clients"), "int"),
        Column("cost", _("Cost"), "decimal"),
        Column("logs_flagged", _("Logs awaiting review"), "int"),
        Column("units_flagged", _("Units awaiting review"), "decimal"),
    ]
    rows: list[list[Cell]] = [
        [
            row["service_type"],
            row["name"],
            unit_label(row["unit"]),
            number(row["units_planned"]),
            number(row["units_contracted"]),
            number(row["units_delivered"]),
            number(row["hours"]),
            int(row["clients"]),
            number(row["cost"]),
            int(row["logs_flagged"]) if row.get("logs_flagged") else None,
            number(row.get("units_flagged", "")),
        ]
        for row in data["services"]
    ]
    return Table(key="services", title=_("Services"), columns=columns, rows=rows)


def contracts_table(data: ReportData) -> Table:
    columns = [
        Column("contract_number", _("Contract")),
        Column("provider", _("Provider"), pdf_max_chars=40),
        Column("service_type", _("Service type")),
        Column("funding_source", _("Funding source"), pdf_max_chars=28),
        Column("unit_price", _("Unit price"), "decimal"),
        Column("budget", _("Budget"), "decimal"),
        Column("units_delivered_month", _("Units delivered in the month"), "decimal"),
        Column("amount_spent_month", _("Spent in the month"), "decimal"),
        Column("amount_spent_to_date", _("Spent to date"), "decimal"),
        Column("amount_remaining", _("Remaining"), "decimal"),
        Column("budget_used_percent", _("Budget used (%)"), "percent"),
    ]
    rows: list[list[Cell]] = [
        [
            row["contract_number"],
            row["provider"],
            row["service_type"],
            row["funding_source"],
            number(row["unit_price"]),
            number(row["budget"]),
            number(row["units_delivered_month"]),
            number(row["amount_spent_month"]),
            number(row["amount_spent_to_date"]),
            number(row["amount_remaining"]),
            number(row["budget_used_percent"]),
        ]
        for row in data["contracts"]
    ]
    return Table(key="contracts", title=_("Contracts"), columns=columns, rows=rows)


def activity_table(data: ReportData) -> Table:
    """Volunteering, plans and the waiting list: one figure a row."""
    volunteers, plans, waiting = data["volunteers"], data["plans"], data["waiting_list"]
    rows: list[list[Cell]] = [
        [_("Volunteering"), _("Volunteers with verified hours"), int(volunteers["volunteers"])],
        [_("Volunteering"), _("Hours"), number(volunteers["hours"])],
        [_("Volunteering"), _("In-kind value"), number(volunteers["in_kind_value"])],
        [_("Service plans"), _("Activated"), int(plans["opened"])],
        [_("Service plans"), _("Reviewed"), int(plans["reviewed"])],
        [_("Service plans"), _("Closed"), int(plans["closed"])],
        [_("Service plans"), _("Goals achieved"), int(plans["goals_achieved"])],
        [_("Service plans"), _("Active at the month's end"), int(plans["active_at_month_end"])],
        [_("Waiting list"), _("Services without a provider"), int(waiting["count"])],
        [_("Waiting list"), _("Clients waiting"), int(waiting["clients"])],
        [_("Waiting list"), _("Median wait (days)"), number(waiting["median_wait_days"])],
    ]
    return Table(
        key="activity",
        section_column=0,
        title=_("Activity"),
        columns=[Column("section", _("Section")), Column("figure", _("Figure")), Column("value", _("Value"), "decimal")],
        rows=rows,
    )


def changes_table(data: ReportData) -> Table:
    return Table(
        key="changes",
        title=_("Changes since close"),
        columns=[
            Column("month", _("Month")),
            Column("path", _("Figure")),
            Column("was", _("Was")),
            Column("now", _("Now")),
        ],
        rows=[[c["month"], c["path"], c["was"], c["now"]] for c in data["changes_since_close"]],
    )


def report_tables(data: ReportData) -> list[Table]:
    """Every table of the report, in reading order (changes since close only when there are any)."""
    tables = [
        overview_table(data),
        services_table(data),
        contracts_table(data),
        projects_table(data),
        participants_table(data),
        results_table(data),
        activity_table(data),
    ]
    if data["changes_since_close"]:
        tables.append(changes_table(data))
    return tables
