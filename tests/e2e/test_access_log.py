"""Journey: the data-protection officer finds who read a client's record. A coordinator opens a client; the auditor
searches the centre's access log by that client, the reader and the day, narrows it to the client, prints the
client's own log (PDF, for a subject-access request) and exports the search as CSV; on a phone the log reads as
cards without sideways scrolling. Each print and export is itself in the log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from .conftest import PHONE, api_get, login_via_api, shot

pytestmark = pytest.mark.e2e


def _download(page, click) -> bytes:
    with page.expect_download() as info:
        click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def test_the_data_protection_officer_finds_prints_and_exports_who_read_a_client(new_page, artifacts: Path) -> None:
    from playwright.sync_api import expect

    # A coordinator reads one of their clients: the read is in the access log.
    reader = new_page()
    login_via_api(reader, "coordinator@cus.example")
    me = api_get(reader, "/api/v1/me/")
    mine = api_get(reader, f"/api/v1/clients/?coordinator={me['id']}&status=active&page_size=5")["results"]
    assert mine, "the demo coordinator has no active client"
    client = api_get(reader, f"/api/v1/clients/{mine[-1]['id']}/")
    reader.context.close()

    page = new_page()
    login_via_api(page, "auditor@cus.example")
    page.goto("/audit/access-log")
    expect(page.get_by_role("heading", name="Access log", level=1)).to_be_visible(timeout=30_000)
    today = dt.date.today().isoformat()
    search = page.get_by_role("search", name="Search the access log")
    search.get_by_label("Client (name or case reference)").fill(client["reference"])
    search.get_by_label("Who read (name or e-mail)").fill("coordinator@cus.example")
    search.get_by_label("From").fill(today)
    search.get_by_label("Kind of read").select_option(label="Viewed the record")
    search.get_by_role("button", name="Search").click()

    rows = page.locator("table.audit-table tbody tr")
    expect(rows.first).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"action=view"))
    for text in rows.all_inner_texts():  # the search selects only this client's records read by the coordinator
        assert client["reference"] in text, text
        assert "Viewed the record" in text, text
    expect(rows.first).to_contain_text(f"{me['first_name']} {me['last_name']}")
    expect(rows.first).to_contain_text("Case work")

    # Narrowed to the client: the client's own log, printed for a subject-access request.
    rows.first.get_by_role("button", name=client["reference"]).click()
    expect(page.get_by_text(re.compile(r"Only the reads of .*" + re.escape(client["reference"])))).to_be_visible()
    pdf = _download(page, lambda: page.get_by_role("button", name="Print this client's access log (PDF)").click())
    assert pdf.startswith(b"%PDF")
    expect(page.get_by_role("status")).to_contain_text("is ready for the subject-access request", timeout=15_000)

    exported = _download(page, lambda: page.get_by_role("button", name="Export CSV").click())
    expect(page.get_by_role("status")).to_contain_text("The access log was exported", timeout=15_000)
    table = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert len(table) >= 2, table[:3]
    assert all(client["reference"] in row for row in table[1:]), table[:3]  # the search's entries only
    shot(page, artifacts, "auditor-access-log")

    # The auditor's print and export are reads of the client too, in the same log.
    page.get_by_role("button", name="Show all clients").click()
    search.get_by_label("Who read (name or e-mail)").fill("auditor@cus.example")
    search.get_by_label("Kind of read").select_option(label="Exported")
    search.get_by_role("button", name="Search").click()
    expect(rows.filter(has_text=client["reference"]).first).to_be_visible(timeout=15_000)

    # On a phone: the same search reads as cards, nothing scrolls sideways.
    phone = new_page(viewport=PHONE)
    login_via_api(phone, "auditor@cus.example")
    phone.goto(page.url)
    expect(phone.locator("table.audit-table tbody tr").first).to_be_visible(timeout=30_000)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(phone, artifacts, "auditor-access-log-phone")
