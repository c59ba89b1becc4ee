"""Rendering a report run's figures: PDF (valid, diacritics, page numbers), XLSX, CSV, participants CSV."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from cus.catalogue.models import Unit
from cus.reports.models import ReportFormat
from cus.reports.rendering import RenderedFile, render_all
from cus.reports.rendering.charts import OVER, budget_chart, units_chart
from cus.reports.rendering.participants import PARTICIPANT_COLUMNS, render_participants_csv
from cus.reports.rendering.tables import report_tables
from cus.reports.shape import Breakdown, ByGender, ParticipantRow, Participants, ReportData, Results

INDICATORS = list(Breakdown.__annotations__)
RESULTS = list(Results.__annotations__)

CENTRE_PL = "Centrum Usług Społecznych Łódź Żółć"
SERVICE_CS = "Příliš žluťoučký kůň – osobní asistence"
PROVIDER_SL = "Čšž Ljubljana d.o.o."


def by_gender(female: int, male: int, other: int = 0) -> ByGender:
    return {"female": female, "male": male, "other": other, "total": female + male + other}


def breakdown(scale: int) -> Breakdown:
    return {key: by_gender(scale + i, scale + 2 * i, i % 2) for i, key in enumerate(INDICATORS)}  # type: ignore[return-value]


def participants(scale: int) -> Participants:
    return {
        "new": breakdown(scale),
        "active": breakdown(scale * 3),
        "leaving": breakdown(scale // 2),
        "cumulative": breakdown(scale * 10),
        "results": {key: by_gender(i, i + 1) for i, key in enumerate(RESULTS)},  # type: ignore[typeddict-item]
    }


def participant_row(pseudonym: str, **overrides: object) -> ParticipantRow:
    row: ParticipantRow = {
        "pseudonym": pseudonym,
        "project_code": "FEPM.05.12-IZ.00-0042/23",
        "entry_date": "2026-03-02",
        "exit_date": "",
        "exit_reason": "",
        "sex": "female",
        "age_at_entry": 67,
        "labour_market_status": "inactive",
        "education_level": "",
        "with_disabilities": True,
        "third_country_national": False,
        "foreign_background": None,
        "minority": None,
        "homeless_or_housing_exclusion": False,
        "rural_area": False,
        "job_searching": None,
        "in_education_or_training": None,
        "gained_qualification": None,
        "in_employment": None,
        "followup_in_employment": None,
        "followup_improved_situation": None,
    }
    row.update(overrides)  # type: ignore[typeddict-item]
    return row


def report_data(*, language: str = "pl", services: int = 12, contracts: int = 20) -> ReportData:
    return {
        "centre": {
            "name": CENTRE_PL,
            "code": "lodz",
            "municipality": "Łódź",
            "country": "PL",
            "language": language,
            "currency": "PLN",
        },
        "month": "2026-05",
        "period_start": "2026-05-01",
        "period_end": "2026-05-31",
        "cut_off_at": "2026-06-03T09:15:00+02:00",
        "version": 2,
        "funder_header": {
            "programme": "Fundusze Europejskie dla Pomorza 2021–2027",
            "project": "FEPM.05.12-IZ.00-0042/23 Usługi społeczne w Łodzi",
            "beneficiary": "Gmina Łódź – Centrum Usług Społecznych",
        },
        "projects": [
            {
                "funding_source_id": "0b6f0c2e-6b7e-4a43-9a55-3a1d3f0b9a10",
                "name": "Usługi społeczne – żółta ścieżka",
                "project_code": "FEPM.05.12-IZ.00-0042/23",
                "funder": "Fundusze Europejskie (EFS+)",
                "participants": participants(4),
            }
        ],
        "participants": participants(4),
        "services": [
            {
                "service_type": f"st_{i}",
                "name": SERVICE_CS if i == 0 else f"Usługa opiekuńcza {i} – Łódź Żółć",
                "unit": "hour",
                "units_planned": f"{100 + i * 7}.00",
                "units_contracted": "" if i % 3 == 0 else f"{150 + i}.00",
                "units_delivered": f"{90 + i * 5}.50",
                "hours": f"{90 + i * 5}.50",
                "clients": 10 + i,
                "cost": f"{(90 + i * 5) * 45}.25",
            }
            for i in range(services)
        ],
        "contracts": [
            {
                "contract_id": f"c{i}",
                "contract_number": f"UM/{i}/2026",
                "provider": PROVIDER_SL if i == 0 else f"Stowarzyszenie Źródło {i}",
                "service_type": "Opieka wytchnieniowa",
                "funding_source": "EFS+",
                "unit_price": "45.00",
                "budget": "" if i == 1 else "120000.00",
                "units_delivered_month": "210.00",
                "amount_spent_month": "9450.00",
                "amount_spent_to_date": f"{40000 + i * 3000}.00",
                "amount_remaining": "" if i == 1 else f"{80000 - i * 3000}.00",
                "budget_used_percent": "" if i == 1 else f"{(40000 + i * 3000) / 1200:.2f}",
            }
            for i in range(contracts)
        ],
        "volunteers": {"volunteers": 14, "minutes": 9030, "hours": "150.50", "in_kind_value": "4515.00"},
        "plans": {"opened": 7, "reviewed": 12, "closed": 3, "goals_achieved": 9, "active_at_month_end": 88},
        "waiting_list": {"count": 5, "clients": 4, "median_wait_days": "11.5"},
        "changes_since_close": [
            {"month": "2026-04", "path": "services.st_1.units_delivered", "was": "95.50", "now": "97.50"}
        ],
        "participant_rows": [
            participant_row("P-0123456789ABCDEF"),
            participant_row("P-FEDCBA9876543210", sex="male", exit_date="2026-05-20", exit_reason="goals_achieved",
                            in_employment=True, job_searching=False),
        ],
    }


def by_format(files: list[RenderedFile]) -> dict[str, RenderedFile]:
    return {f.format: f for f in files}


@pytest.fixture(scope="module")
def files() -> dict[str, RenderedFile]:
    return by_format(render_all(report_data()))


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def csv_tables(content: bytes) -> dict[str, list[list[str]]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    tables: dict[str, list[list[str]]] = defaultdict(list)
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        tables[row[0]].append(row[1:])
    return tables


def test_every_format_is_rendered_with_its_sha256(files):
    assert set(files) == {ReportFormat.PDF, ReportFormat.XLSX, ReportFormat.CSV, ReportFormat.PARTICIPANTS}
    for rendered in files.values():
        assert rendered.size > 0
        assert rendered.sha256 == hashlib.sha256(rendered.content).hexdigest()
        assert rendered.filename.startswith("lodz-report-2026-05-v2")
    assert files[ReportFormat.PDF].content_type == "application/pdf"
    assert files[ReportFormat.PDF].filename.endswith(".pdf")
    assert files[ReportFormat.XLSX].filename.endswith(".xlsx")


def test_pdf_is_valid_and_keeps_polish_czech_and_slovenian_diacritics(files):
    content = files[ReportFormat.PDF].content
    assert content.startswith(b"%PDF-")
    text = "\n".join(pdf_pages(content))
    assert "Łódź Żółć" in text
    assert "Příliš žluťoučký kůň" in text
    assert "Čšž Ljubljana" in text


def test_the_cut_off_is_shown_in_the_centres_time_zone_to_the_minute():
    data = report_data()
    data["centre"]["timezone"] = "Europe/Warsaw"
    data["cut_off_at"] = "2026-06-03T07:15:42.123456+00:00"
    files = by_format(render_all(data))
    text = "\n".join(pdf_pages(files[ReportFormat.PDF].content))
    assert "2026-06-03 09:15 (Europe/Warsaw)" in text
    assert "07:15:42" not in text
    assert "2026-06-03 09:15 (Europe/Warsaw)" in files[ReportFormat.CSV].content.decode("utf-8-sig")


def test_pdf_numbers_its_pages_x_of_y_in_the_centres_language():
    with translation.override("en"):
        pages = pdf_pages(by_format(render_all(report_data(language="en")))[ReportFormat.PDF].content)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_pdf_repeats_the_centre_and_the_funder_header_on_every_page(files):
    for text in pdf_pages(files[ReportFormat.PDF].content):
        assert "Centrum Usług Społecznych Łódź Żółć" in text
        assert "Fundusze Europejskie dla Pomorza 2021–2027" in text
        assert "Gmina Łódź – Centrum Usług Społecznych" in text


def test_pdf_formats_numbers_in_the_centres_language():
    def text(language: str) -> str:
        files = by_format(render_all(report_data(language=language, services=2, contracts=2)))
        return "\n".join(pdf_pages(files[ReportFormat.PDF].content))

    english, polish = text("en"), text("pl")
    assert "4,050.25" in english
    assert "4,050.25" not in polish
    assert "050,25" in polish


def test_pdf_shows_the_centre_logo_when_there_is_one():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (31, 111, 178)).save(buffer, format="PNG")
    with_logo = render_all(report_data(services=1, contracts=1), logo=buffer.getvalue())
    without_logo = render_all(report_data(services=1, contracts=1))

    def images(files: list[RenderedFile]) -> int:
        reader = PdfReader(io.BytesIO(by_format(files)[ReportFormat.PDF].content))
        return len(reader.pages[0].images)

    assert images(with_logo) == 1
    assert images(without_logo) == 0


def test_pdf_ignores_a_logo_it_cannot_read():
    files = render_all(report_data(services=1, contracts=1), logo=b"not an image")
    assert by_format(files)[ReportFormat.PDF].content.startswith(b"%PDF-")


def test_pdf_shows_text_from_the_data_as_text_not_markup():
    data = report_data(services=1, contracts=1)
    data["services"][0]["name"] = '<b>Bold</b> "quoted" </style> & co'
    data["centre"]["name"] = 'Centre "</style><h1>x'
    text = "\n".join(pdf_pages(by_format(render_all(data))[ReportFormat.PDF].content))
    assert '<b>Bold</b> "quoted" </style> & co' in text
    assert 'Centre "</style><h1>x' in text


def test_a_month_with_nothing_to_report_renders():
    data = report_data(services=0, contracts=0)
    data["projects"] = []
    data["changes_since_close"] = []
    data["participant_rows"] = []
    files = by_format(render_all(data))
    assert PdfReader(io.BytesIO(files[ReportFormat.PDF].content)).pages
    workbook = load_workbook(io.BytesIO(files[ReportFormat.XLSX].content))
    assert workbook.worksheets[1].max_row == 1  # the services sheet: headers only
    assert csv_tables(files[ReportFormat.PARTICIPANTS].content) == {"pseudonym": [list(PARTICIPANT_COLUMNS[1:])]}


@pytest.mark.parametrize("language", ["en", "pl", "cs", "sl"])
def test_every_shipped_language_renders(language):
    files = by_format(render_all(report_data(language=language, services=2, contracts=2)))
    assert "Příliš žluťoučký kůň" in "\n".join(pdf_pages(files[ReportFormat.PDF].content))


def test_a_typical_month_renders_every_file():
    # How long it takes is measured by tests/bench/test_rendering_bench.py (timings do not belong here).
    files = by_format(render_all(report_data(services=15, contracts=30)))
    assert set(files) == {ReportFormat.PDF, ReportFormat.XLSX, ReportFormat.CSV, ReportFormat.PARTICIPANTS}
    assert len(PdfReader(io.BytesIO(files[ReportFormat.PDF].content)).pages) > 1
    assert load_workbook(io.BytesIO(files[ReportFormat.XLSX].content)).worksheets[1].max_row == 1 + 15


def expected_tables(language: str = "pl"):
    with translation.override(language):
        return report_tables(report_data(language=language))


def test_xlsx_has_one_sheet_per_table_named_by_its_title(files):
    workbook = load_workbook(io.BytesIO(files[ReportFormat.XLSX].content))
    assert workbook.sheetnames == [table.title[:31] for table in expected_tables()]


def test_xlsx_keeps_numbers_as_numbers_under_a_bold_frozen_header(files):
    workbook = load_workbook(io.BytesIO(files[ReportFormat.XLSX].content))
    services = workbook.worksheets[1]
    assert services.freeze_panes == "A2"
    assert all(cell.font.b for cell in services[1])
    assert services.max_row == 1 + 12
    assert services["B2"].value == SERVICE_CS
    assert services["D2"].value == 100  # units planned
    assert services["F2"].value == pytest.approx(90.5)  # units delivered
    assert services["H2"].value == 10  # clients
    assert services["I2"].value == pytest.approx(4050.25)  # cost
    assert services["E2"].value is None  # no contracted capacity: empty, not 0
    contracts = workbook.worksheets[2]
    assert contracts["B2"].value == PROVIDER_SL
    assert contracts["F3"].value is None  # a line without a budget
    assert contracts["F2"].value == 120000


def test_xlsx_participant_sheet_counts_every_indicator_by_gender(files):
    workbook = load_workbook(io.BytesIO(files[ReportFormat.XLSX].content))
    sheet = workbook.worksheets[4]
    assert sheet.max_row == 1 + len(INDICATORS)  # one project: all projects together is that project
    first = [cell.value for cell in sheet[2]]
    # total participants entered in the month: female 4, male 4, other 0, total 8
    assert first[2:6] == [4, 4, 0, 8]
    # in the project in the month (three times as many)
    assert first[6:10] == [12, 12, 0, 24]


def test_with_two_projects_each_gets_its_own_rows_after_the_total():
    data = report_data(services=2, contracts=2)
    second = dict(data["projects"][0], project_code="CZ.03.02/2026", participants=participants(2))
    data["projects"].append(second)  # type: ignore[arg-type]
    files = by_format(render_all(data))
    sheet = load_workbook(io.BytesIO(files[ReportFormat.XLSX].content)).worksheets[4]
    assert sheet.max_row == 1 + 3 * len(INDICATORS)
    projects = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert {"FEPM.05.12-IZ.00-0042/23", "CZ.03.02/2026"} < projects
    assert "CZ.03.02/2026" in "\n".join(pdf_pages(files[ReportFormat.PDF].content))


def test_csv_parses_back_into_the_same_tables(files):
    tables = csv_tables(files[ReportFormat.CSV].content)
    expected = expected_tables()
    assert list(tables) == [table.key for table in expected]
    services = tables["services"]
    assert services[0] == [column.header for column in expected[1].columns]
    with translation.override("pl"):
        hour = str(Unit.HOUR.label)
    assert services[1][:4] == ["st_0", SERVICE_CS, hour, "100.00"]
    assert services[1][4] == ""  # no contracted capacity
    assert Decimal(services[1][8]) == Decimal("4050.25")
    assert tables["contracts"][1][1] == PROVIDER_SL
    assert tables["overview"][1] == [expected[0].rows[0][0], CENTRE_PL]


def test_participants_csv_has_pseudonyms_and_codes_only(files):
    content = files[ReportFormat.PARTICIPANTS].content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert tuple(rows[0]) == PARTICIPANT_COLUMNS
    assert [row["pseudonym"] for row in rows] == ["P-0123456789ABCDEF", "P-FEDCBA9876543210"]
    # Two people are fewer than k (5): their quasi-identifiers are suppressed, their results stay.
    assert {row["with_disabilities"] for row in rows} == {"*"}
    assert rows[1]["in_employment"] == "1"
    assert rows[1]["job_searching"] == "0"
    # With k = 1 the coarsened values are written: months, age bands, yes/no codes, unknown left empty.
    rows = list(csv.DictReader(io.StringIO(render_participants_csv(report_data()["participant_rows"], min_group=1)
                                           .decode("utf-8-sig"))))
    assert rows[0]["with_disabilities"] == "1"
    assert rows[0]["foreign_background"] == ""  # unknown stays unknown
    assert (rows[0]["entry_month"], rows[0]["age_band"]) == ("2026-03", "55+")
    assert rows[1]["exit_month"] == "2026-05"


def test_participants_csv_never_writes_fields_outside_the_agreed_row():
    row = participant_row("P-0123456789ABCDEF")
    row["first_name"] = "Żaneta"  # type: ignore[typeddict-unknown-key]
    row["national_id"] = "44051401359"  # type: ignore[typeddict-unknown-key]
    content = render_participants_csv([row]).decode("utf-8-sig")
    assert "Żaneta" not in content
    assert "44051401359" not in content


@pytest.mark.parametrize("pseudonym", ["Żaneta Kowalska", "44051401359", "", "P-123"])
def test_participants_csv_refuses_a_row_without_a_real_pseudonym(pseudonym):
    with pytest.raises(ValueError, match="pseudonym"):
        render_participants_csv([participant_row(pseudonym)])


def test_units_chart_draws_a_planned_and_a_delivered_bar_per_service_type():
    with translation.override("en"):
        svg = units_chart(report_data(services=3)["services"])
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    rects = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(rects) == 2 + 3 * 2  # the legend's two swatches, then a pair per service type
    labels = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert SERVICE_CS in labels


LONG_NAME = "Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi w miejscu zamieszkania"


def test_long_names_are_wrapped_whole_in_the_tables_and_the_charts_never_cut():
    data = report_data()
    data["services"][0]["name"] = LONG_NAME
    svg = units_chart(data["services"])
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    labels = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert LONG_NAME in labels  # on several lines of one label
    assert "…" not in labels
    text = " ".join(pdf_pages(by_format(render_all(data))[ReportFormat.PDF].content)).replace("\n", " ")
    assert " ".join(LONG_NAME.split()) in " ".join(text.split())


def test_each_type_is_drawn_on_its_own_scale_with_its_unit():
    """Hours and meals are not drawn against one axis: the larger of a type's two figures fills the bar area."""
    with translation.override("en"):
        services = report_data(services=2)["services"]
        services[0].update(unit="hour", units_planned="10.00", units_delivered="5.00")
        services[1].update(unit="meal", units_planned="1000.00", units_delivered="1000.00")
        root = ElementTree.fromstring(units_chart(services))  # noqa: S314 (our own output)
    widths = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect")][2:]
    assert widths[0] == widths[2] == widths[3]  # each type's larger figure: the whole bar area
    assert widths[1] == pytest.approx(widths[0] / 2)
    labels = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "(hours)" in labels or "(hour)" in labels


def test_the_pdf_is_tagged_for_assistive_technology_in_the_centres_language(files):
    root = PdfReader(io.BytesIO(files[ReportFormat.PDF].content)).trailer["/Root"]
    assert "/StructTreeRoot" in root  # PDF/UA: a structure tree that reading order and screen readers follow
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == report_data()["centre"]["language"]


def test_the_pdf_ends_with_the_prepared_checked_and_approved_block():
    with translation.override("en"):
        pages = pdf_pages(by_format(render_all(report_data(language="en")))[ReportFormat.PDF].content)
    last = pages[-1]
    for heading in ("Prepared by", "Checked by", "Approved by"):
        assert heading in last
    assert last.count("Name, position, date and signature") == 3


def test_budget_chart_marks_an_overrun_red_and_leaves_out_lines_without_budget():
    contracts = report_data(contracts=3)["contracts"]
    contracts[0]["budget_used_percent"] = "112.50"
    with translation.override("en"):
        svg = budget_chart(contracts)
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("height") == "11"]
    assert len(bars) == 2 * 2  # background and fill for the two lines with a budget
    assert OVER in [bar.get("fill") for bar in bars]


def test_counts_stay_whole_numbers_beside_decimal_figures():
    files = by_format(render_all(report_data(language="en", services=1, contracts=1)))
    text = "\n".join(pdf_pages(files[ReportFormat.PDF].content))
    assert "Volunteers with verified hours 14\n" in text
    assert "Hours 150.50" in text
    sheet = load_workbook(io.BytesIO(files[ReportFormat.XLSX].content))["Activity"]
    counts = {row[1].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert counts["Volunteers with verified hours"].value == 14
    assert counts["Volunteers with verified hours"].number_format == "#,##0"
    assert counts["Hours"].number_format == "#,##0.00"


def test_every_funder_header_entry_is_shown_labelled_on_every_page():
    data = report_data(language="en", services=1, contracts=1)
    data["funder_header"] = {"beneficiary": CENTRE_PL, "projects": "FEPM.05.16-IZ.00-0042/24", "funders": "Urząd Ż"}
    pages = pdf_pages(by_format(render_all(data))[ReportFormat.PDF].content)
    for text in pages:
        assert "Projects: FEPM.05.16-IZ.00-0042/24" in text
        assert "Funders: Urząd Ż" in text
