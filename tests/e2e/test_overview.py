"""Journey (issue 15, manager's overview): the centre's manager signs in and lands on the overview of the last twelve
months, computed from the live records: the caseload today, each chart with its table alternative, a service type
chosen for planned against delivered, a contract's budget burn; refreshed on request; no accessibility violation;
on a phone nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_manager_lands_on_the_overview_and_reads_its_figures(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")
    expect(page).to_have_url(re.compile(r"/manager/overview$"))
    expect(page.get_by_role("heading", level=1, name="Overview")).to_be_visible()
    overview = api_get(page, "/api/v1/overview/")

    caseload = page.get_by_role("region", name="Caseload today")
    expect(caseload).to_contain_text(str(overview["caseload"]["active"]))
    expect(caseload).to_contain_text("Active clients")

    # Each chart has its figures as a table: the plans' table shows this month's plans in effect.
    plans = page.get_by_role("region", name="Plans opened and closed")
    expect(plans.get_by_role("img", name=re.compile("^Bar chart of plans"))).to_be_visible()
    plans.get_by_text("Show the figures as a table").click()
    last_row = plans.get_by_role("row").last
    expect(last_row).to_contain_text(str(overview["months"][-1]["plans_active"]))

    # Planned against delivered, for a service type the manager chooses.
    volumes = page.get_by_role("region", name="Planned and delivered")
    assert overview["volumes"], "the demo delivers services"
    chosen = overview["volumes"][-1]
    volumes.get_by_label("Service type").select_option(chosen["service_type"])
    volumes.get_by_text("Show the figures as a table").click()
    expect(volumes.get_by_role("table")).to_contain_text(chosen["name"])

    # Budget burn: every running contract with its share used, linked to the contract.
    budgets = page.get_by_role("region", name="Budget burn per contract")
    assert overview["contracts"], "the demo has running contracts"
    first = overview["contracts"][0]
    expect(budgets.get_by_role("link", name=first["number"])).to_be_visible()
    expect(budgets.get_by_role("meter").first).to_be_visible()

    page.get_by_role("button", name="Refresh").click()
    expect(page.get_by_role("status").filter(has_text="Figures as of")).to_be_visible()
    assert_accessible(page)
    shot(page, artifacts, "manager-overview")

    budgets.get_by_role("link", name=first["number"]).click()
    expect(page).to_have_url(re.compile(rf"/manager/contracts/{first['contract_id']}$"))
    # The contract's own page shows its budget use month by month over its whole period.
    spending = page.get_by_role("region", name="Budget use month by month")
    expect(spending.get_by_role("img", name=re.compile("^Chart of the contract"))).to_be_visible()
    spending.get_by_text("Show the figures as a table").click()
    expect(spending.get_by_role("row").last).to_contain_text(f"{dt.date.today():%B %Y}")  # up to this month
    assert_accessible(page)


def test_the_overview_fits_a_phone(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "manager@cus.example")
    expect(page.get_by_role("heading", level=1, name="Overview")).to_be_visible()
    expect(page.get_by_role("region", name="Budget burn per contract")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
    shot(page, artifacts, "manager-overview-phone")
