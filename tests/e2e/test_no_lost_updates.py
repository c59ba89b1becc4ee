"""Journey: a coordinator edits a client's record on a phone while a colleague saves a change to the same record.
Saving is refused instead of silently undoing the colleague's change; the page says who changed what and what it
says now, keeps the coordinator's own change in the form, and saving again applies it."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, api_get, api_patch, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_stale_edit_shows_the_other_change_and_saves_only_when_asked_again(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "coordinator@cus.example")
    me = api_get(page, "/api/v1/me/")
    client = api_get(page, f"/api/v1/clients/?coordinator={me['id']}&status=active&page_size=1")["results"][0]
    page.goto(f"/clients/{client['id']}/edit")
    phone = page.get_by_label("Phone", exact=True)
    expect(phone).to_be_visible()

    # Meanwhile, a colleague (here: the same account from another device) saves the carer's phone and a new phone.
    api_patch(page, f"/api/v1/clients/{client['id']}/", {"phone": "+48 600 111 222", "carer_phone": "+48 600 333 444"})

    phone.fill("+48 600 999 000")
    page.get_by_role("button", name="Save").click()
    notice = page.get_by_test_id("stale-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Someone else changed this record after you opened it.")
    expect(notice).to_contain_text("+48 600 111 222")
    expect(notice).to_contain_text("+48 600 333 444")
    expect(phone).to_have_value("+48 600 999 000")  # the coordinator's own change is still there
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, artifacts, "stale-client-edit-phone")

    page.get_by_role("button", name="Save").click()  # knowingly, over the colleague's phone
    expect(page).to_have_url(re.compile(rf"/clients/{client['id']}$"))
    saved = api_get(page, f"/api/v1/clients/{client['id']}/")
    assert saved["phone"] == "+48 600 999 000"
    assert saved["carer_phone"] == "+48 600 333 444"  # the colleague's other change kept
