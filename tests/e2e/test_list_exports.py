"""Journey (issue 15, exports): a manager exports the waiting list as XLSX with the screen's filter (written at once)
and every delivery log as CSV (a large list: the worker writes it while the screen shows how far it got), and both
files download with the rows the screens show."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from .axe import assert_accessible
from .conftest import api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_manager_exports_lists_with_their_filters(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")

    # A small list: the waiting list of one service type, as XLSX, at once.
    page.goto("/waiting-list")
    expect(page.get_by_role("heading", name="Waiting list")).to_be_visible()
    waiting = api_get(page, "/api/v1/waiting-list/?page_size=1")
    entry = waiting["results"][0]
    page.get_by_role("combobox", name="Service", exact=True).select_option(entry["service_type"])
    page.wait_for_load_state("networkidle")
    expected = api_get(page, f"/api/v1/waiting-list/?service_type={entry['service_type']}&page_size=1")["count"]
    exporting = page.get_by_role("group", name="Export this list")
    with page.expect_download() as download:
        exporting.get_by_role("button", name="Export XLSX").click()
    expect(page.get_by_role("status").filter(has_text="The export is ready")).to_be_visible()
    assert download.value.suggested_filename.startswith("waiting-list-")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.max_row - 1 == expected
    assert_accessible(page)

    # A large list: every delivery log, as CSV, written by the worker with its progress shown.
    page.goto("/deliveries?status=all")
    page.wait_for_load_state("networkidle")
    total = api_get(page, "/api/v1/deliveries/?page_size=1")["count"]
    assert total > 2000  # more than is written while the user waits
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("group", name="Export this list").get_by_role("button", name="Export CSV").click()
        expect(page.get_by_role("status").filter(has_text="being written in the background")).to_be_visible()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) - 1 == total
    assert "Provider" in rows[0]
    expect(page.get_by_role("status").filter(has_text="The export is ready")).to_be_visible()
    expect(page.get_by_role("link", name="again")).to_be_visible()
    assert_accessible(page)
    shot(page, artifacts, "deliveries-export")
