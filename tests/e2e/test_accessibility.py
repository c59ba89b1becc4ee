"""Accessibility (issue 15): axe-core finds no WCAG 2.2 A/AA or best-practice violation on the screens a manager and
a coordinator run the centre with, on desktop and on a phone; each new screen's own journey scans it too."""

from __future__ import annotations

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form

pytestmark = pytest.mark.e2e


def test_the_managers_screens_have_no_accessibility_violations(new_page):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")
    contract = api_get(page, "/api/v1/contracts/?status=active&page_size=1")["results"][0]
    for path, heading in [
        ("/manager/overview", "Overview"),
        ("/manager/contracts", "Contracts"),
        (f"/manager/contracts/{contract['id']}", contract["number"]),
        ("/manager/contracts/new", "New contract"),
        (f"/manager/contracts/{contract['id']}/edit", contract["number"]),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)


def test_the_client_contacts_tab_has_no_accessibility_violations_on_a_phone(new_page):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "coordinator@cus.example")
    me = api_get(page, "/api/v1/me/")
    client = api_get(page, f"/api/v1/clients/?coordinator={me['id']}&status=active&page_size=1")["results"][0]
    page.goto(f"/clients/{client['id']}?tab=contacts")
    expect(page.get_by_role("heading", name="Contact persons")).to_be_visible()
    page.get_by_role("button", name="Add a contact person").click()
    expect(page.get_by_role("form", name="Add a contact person")).to_be_visible()
    assert_accessible(page)
