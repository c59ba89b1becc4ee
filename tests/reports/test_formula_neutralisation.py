"""Reports are safe to open in a spreadsheet: text that looks like a formula is written as text (CSV and XLSX).

A provider named ``=HYPERLINK("http://x","y")`` used to become a live formula in the funder workbook.
"""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cus.core.spreadsheets import append_row, csv_field, csv_writer, neutralise
from cus.reports import services
from cus.reports.models import ReportRun
from cus.reports.rendering.csv import render_csv
from cus.reports.rendering.participants import render_participants_csv
from cus.reports.rendering.tables import Column, Table
from cus.reports.rendering.xlsx import render_xlsx

from .test_rendering import participant_row

URL = "/api/v1/reports/"
HYPERLINK = '=HYPERLINK("http://x","y")'
SUM = "@SUM(1)"


@pytest.mark.parametrize(
    "text", ["=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1", HYPERLINK, "=cmd|' /C calc'!A0"]
)
def test_text_a_spreadsheet_would_take_for_a_formula_gets_a_quote_in_front(text):
    assert neutralise(text) == "'" + text
    assert csv_field(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Kowalska", "'=already quoted", " =1+1", "Dom Pomocy = opieka", "12-3"])
def test_other_text_is_left_as_it_is(text):
    assert neutralise(text) == text
    assert csv_field(text) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("-12.50"), "-12.50"), (-3, "-3"), (-0.5, "-0.5"), (None, ""), (True, "1"), (False, "0")],
)
def test_numbers_stay_numbers_negative_ones_too(value, text):
    assert neutralise(value) == value
    assert csv_field(value) == text


def test_the_csv_writer_quotes_every_field_so_no_separator_can_start_a_new_cell():
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["Dom;=1+1", Decimal("-12.50"), 7, None, "-x"])

    assert buffer.getvalue() == '"Dom;=1+1","-12.50","7","","\'-x"\r\n'


def test_xlsx_rows_keep_numbers_as_numbers_and_text_as_text():
    sheet = Workbook().active
    append_row(sheet, [HYPERLINK, Decimal("-12.50"), -3, "ok", None])

    cells = sheet[1]
    assert [cell.value for cell in cells] == ["'" + HYPERLINK, Decimal("-12.50"), -3, "ok", None]
    assert [cell.data_type for cell in cells[:4]] == ["s", "n", "n", "s"]


def formula_cells(content: bytes) -> list[str]:
    """Every cell of an XLSX file openpyxl reads as a formula, and any <f> element in its sheets' XML."""
    workbook = load_workbook(io.BytesIO(content))
    found = [f"{sheet.title}!{cell.coordinate}" for sheet in workbook.worksheets for row in sheet.iter_rows()
             for cell in row if cell.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        found += [name for name in archive.namelist()
                  if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]
    return found


def xlsx_texts(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str)]


def test_render_xlsx_and_csv_neutralise_text_but_keep_a_negative_amount_a_number():
    table = Table(
        key="contracts", title="Contracts",
        columns=[Column("provider", "Provider"), Column("remaining", "Remaining", kind="decimal")],
        rows=[[HYPERLINK, Decimal("-12.50")], [SUM, Decimal("3.00")]],
    )

    workbook = load_workbook(io.BytesIO(render_xlsx([table])))
    sheet = workbook["Contracts"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        ["'" + HYPERLINK, Decimal("-12.5")], ["'" + SUM, 3]]
    assert sheet["B2"].data_type == "n"
    assert formula_cells(render_xlsx([table])) == []

    rows = list(csv.reader(io.StringIO(render_csv([table]).decode("utf-8-sig"))))
    assert rows[1:] == [["contracts", "'" + HYPERLINK, "-12.50"], ["contracts", "'" + SUM, "3.00"]]


def test_the_participants_csv_neutralises_a_project_code_that_looks_like_a_formula():
    content = render_participants_csv([participant_row("P-0123456789ABCDEF", project_code="=1+1")], min_group=1)

    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0]["project_code"] == "'=1+1"
    assert rows[0]["age_band"] == "55+"


@pytest.mark.django_db
def test_a_funder_report_with_a_provider_named_like_a_formula_downloads_as_text(api, manager, last_month):
    last_month.provider.name = HYPERLINK
    last_month.provider.save()
    last_month.source.name = SUM
    last_month.source.project_code = "-1+1"
    last_month.source.save()
    run_id = api(manager).post(URL, {"kind": "funder_monthly", "month": last_month.label}, format="json").json()["id"]
    services.generate_report(str(run_id))
    assert ReportRun.objects.get(pk=run_id).status == "done"

    for fmt in ("pdf", "xlsx", "csv", "participants"):  # files with client data: no copy kept on the way
        assert "no-store" in api(manager).get(f"{URL}{run_id}/{fmt}/")["Cache-Control"]
    xlsx = api(manager).get(f"{URL}{run_id}/xlsx/").content
    assert formula_cells(xlsx) == []
    texts = xlsx_texts(xlsx)
    assert "'" + HYPERLINK in texts
    assert "'" + SUM in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@", "\t", "\r"))]

    rows = list(csv.reader(io.StringIO(api(manager).get(f"{URL}{run_id}/csv/").content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + HYPERLINK in cells
    assert "'" + SUM in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [cell for cell in cells if cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit()]

    participants = api(manager).get(f"{URL}{run_id}/participants/").content.decode("utf-8-sig")
    assert [row["project_code"] for row in csv.DictReader(io.StringIO(participants))] == ["'-1+1"]
