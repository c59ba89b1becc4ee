"""Journey (issue 15, client record completeness): a coordinator, on a phone, records a client's consent to sharing
with a named provider together with the scan of the signed form, opens the scan again, adds the signed form to a
consent recorded without one, and is told clearly when the file is not what its name says."""

from __future__ import annotations

import re

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_coordinator_keeps_the_signed_consent_forms_with_the_record(new_page, artifacts, tmp_path):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "coordinator@cus.example")
    me = api_get(page, "/api/v1/me/")
    client = api_get(page, f"/api/v1/clients/?coordinator={me['id']}&status=active&page_size=1")["results"][0]
    before = api_get(page, f"/api/v1/consents/?client={client['id']}&page_size=100")["count"]
    page.goto(f"/clients/{client['id']}?tab=consents")
    expect(page.get_by_role("table", name="Consents")).to_be_visible()

    # A new consent to sharing, with the providers it covers and the scan of the signed form.
    page.get_by_role("button", name="Record a consent").click()
    form = page.get_by_role("form", name="Record a consent")
    form.get_by_role("combobox", name="Consent").select_option("sharing_with_providers")
    providers = form.get_by_role("group", name="Providers this consent covers")
    providers.get_by_role("checkbox").first.check()
    scan = tmp_path / "signed-consent.pdf"
    scan.write_bytes(PDF)
    form.get_by_label("Evidence (signed form)").set_input_files(str(scan))
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The consent is recorded.")).to_be_visible()
    consents = api_get(page, f"/api/v1/consents/?client={client['id']}&page_size=100")
    assert consents["count"] == before + 1
    recorded = next(c for c in consents["results"] if c["kind"] == "sharing_with_providers" and c["has_evidence"])
    assert len(recorded["providers"]) == 1

    # Opening the scan downloads what was uploaded.
    with page.expect_download() as download:
        page.get_by_role("link", name="Open the signed form").first.click()
    assert download.value.path().read_bytes() == PDF

    # A page saved under a PDF's name is refused with the reason; the consent stays without evidence.
    pickers = page.get_by_label(re.compile("^Add the signed form"))
    expect(pickers.first).to_be_visible()
    without = pickers.count()
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"<html><body>not a scan</body></html>")
    pickers.first.set_input_files(str(fake))
    expect(page.get_by_role("alert").filter(has_text="is not the PDF, JPEG or PNG its name says")).to_be_visible()
    expect(page.get_by_label(re.compile("^Add the signed form"))).to_have_count(without)

    # The photo of the signed form is added to a consent recorded without one.
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    page.get_by_label(re.compile("^Add the signed form")).first.set_input_files(str(photo))
    expect(page.get_by_role("status").filter(has_text="The signed form is saved with the consent.")).to_be_visible()
    expect(page.get_by_label(re.compile("^Add the signed form"))).to_have_count(without - 1)

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
    shot(page, artifacts, "client-consents-evidence-phone")
