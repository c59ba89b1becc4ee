"""Journey (issue 15, contracts): the centre's manager creates a contract with a provider and one priced service, sees
it created as a draft, activates it, and finds its line with the units remaining; a line without a price is refused
on the field, nothing written."""

from __future__ import annotations

import re

import pytest

from .conftest import api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_manager_creates_a_contract_with_a_line_and_activates_it(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")
    page.goto("/manager/contracts")
    page.get_by_role("link", name="New contract").click()
    form = page.get_by_role("form", name="New contract")
    expect(form).to_be_visible()

    form.get_by_label("Provider").select_option(index=1)
    form.get_by_role("textbox", name="Contract", exact=True).fill("E2E/7/2026")
    form.get_by_label("Starts on").fill("2026-01-01")
    form.get_by_label("Ends on").fill("2026-12-31")
    line = form.get_by_role("group", name="Line 1")
    line.get_by_label("Service").select_option(index=1)
    line.get_by_label("Most units (blank: no limit)").fill("500")
    form.get_by_role("button", name="Create the contract").click()
    expect(line.get_by_label("Price per unit")).to_have_attribute("aria-invalid", "true")  # required, not sent
    assert api_get(page, "/api/v1/contracts/?search=E2E/7/2026")["count"] == 0

    line.get_by_label("Price per unit").fill("52.50")
    form.get_by_role("button", name="Create the contract").click()
    # Neither the line nor the contract names who pays: refused on the line's field, nothing written.
    expect(line.get_by_label("Paid from")).to_have_attribute("aria-invalid", "true")
    assert api_get(page, "/api/v1/contracts/?search=E2E/7/2026")["count"] == 0
    form.get_by_label("Funded by").select_option(index=1)
    form.get_by_role("button", name="Create the contract").click()
    expect(page).to_have_url(re.compile(r"/manager/contracts/[0-9a-f-]{36}$"))
    expect(page.get_by_role("status")).to_contain_text("created as a draft")
    expect(page.get_by_role("heading", level=1)).to_contain_text("E2E/7/2026")

    page.get_by_role("button", name="Activate").click()
    page.get_by_role("form", name="Activate").get_by_role("button", name="Activate").click()
    expect(page.get_by_role("status")).to_contain_text("The contract is active")
    expect(page.get_by_role("table", name="Contract lines")).to_contain_text("500")  # units remaining, nothing used
    shot(page, artifacts, "contract-created-and-active")
    found = api_get(page, "/api/v1/contracts/?search=E2E/7/2026")["results"][0]
    assert found["status"] == "active"
    assert found["lines"][0]["unit_price"] == "52.50"
