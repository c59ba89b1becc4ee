"""Journey (issue 15, client record completeness): a coordinator, on a phone, adds a client's daughter as the person
to call in an emergency, sees it saved, and finds it on the client's Contacts tab."""

from __future__ import annotations

import pytest

from .conftest import PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_coordinator_adds_an_emergency_contact_on_a_phone(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "coordinator@cus.example")
    me = api_get(page, "/api/v1/me/")
    client = api_get(page, f"/api/v1/clients/?coordinator={me['id']}&status=active&page_size=1")["results"][0]
    page.goto(f"/clients/{client['id']}?tab=contacts")
    expect(page.get_by_role("heading", name="Contact persons")).to_be_visible()

    page.get_by_role("button", name="Add a contact person").click()
    form = page.get_by_role("form", name="Add a contact person")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("textbox", name="Name")).to_have_attribute("aria-invalid", "true")  # required

    form.get_by_role("textbox", name="Name").fill("Ewa Testowa")
    form.get_by_label("Relation to the client").fill("daughter")
    form.get_by_label("Phone").fill("+48 601 222 333")
    form.get_by_label("Call in an emergency").check()
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The contact person is added.")
    card = page.get_by_role("listitem").filter(has_text="Ewa Testowa")
    expect(card).to_contain_text("Call in an emergency")
    expect(card.get_by_role("link", name="+48 601 222 333")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, artifacts, "client-contacts-phone")
    saved = api_get(page, f"/api/v1/contacts/?client={client['id']}")["results"]
    assert any(c["name"] == "Ewa Testowa" and c["is_emergency_contact"] for c in saved)
