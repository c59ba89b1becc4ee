"""Journey (issue 15, community plan): the manager creates a community plan, builds its tree (a priority, a measure,
an activity with a responsible partner, a target group and a service type, a manual indicator with a target),
adopts it, prints it (PDF), and the public finds it without a login; a raised need is linked to the new activity
and closed with a note; the plan page works on a phone. Every new screen passes the accessibility scan."""

from __future__ import annotations

import re

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form, shot
from .test_headers_csp import CspWatch, assert_enforced

pytestmark = pytest.mark.e2e

TITLE = "E2E programme of social services 2027-2029"


def test_a_manager_builds_adopts_prints_and_publishes_a_community_plan(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")
    page.goto("/community-plans")
    page.get_by_role("button", name="New community plan").click()
    form = page.get_by_role("form", name="New community plan")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Start date").fill("2027-01-01")
    form.get_by_label("End date").fill("2029-12-31")
    assert_accessible(page)
    form.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/community-plans/[0-9a-f-]{36}$"))
    plan_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # The tree: priority -> measure -> activity -> indicator.
    page.get_by_role("button", name="Add a priority").click()
    form = page.get_by_role("form", name="Add a priority")
    form.get_by_label("Code").fill("1")
    form.get_by_label("Title").fill("Seniors live at home")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The priority is added")).to_be_visible()

    page.get_by_role("button", name="Add a measure").click()
    form = page.get_by_role("form", name="Add a measure")
    form.get_by_label("Code").fill("1.1")
    form.get_by_label("Title").fill("More care at home")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The measure is added")).to_be_visible()

    page.get_by_role("button", name="Add an activity").click()
    form = page.get_by_role("form", name="Add an activity")
    form.get_by_label("Code").fill("1.1.1")
    form.get_by_label("Title").fill("Evening home care E2E")
    form.get_by_label("Responsible partner").select_option(index=1)
    partner = form.get_by_label("Responsible partner").evaluate("s => s.options[s.selectedIndex].text")
    form.get_by_role("group", name="Target groups").get_by_label("Seniors").check()
    service = form.get_by_role("group", name="Service types").get_by_role("checkbox").first
    service.check()
    assert_accessible(page)
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The activity is added")).to_be_visible()
    activity = page.get_by_test_id("activity").filter(has_text="Evening home care E2E")
    expect(activity).to_contain_text(partner)
    expect(activity).to_contain_text("Seniors")

    page.get_by_role("button", name="Add an indicator").click()
    form = page.get_by_role("form", name="Add an indicator")
    form.get_by_label("Indicator").fill("Seniors getting evening care")
    form.get_by_label("Target").fill("-5")
    form.get_by_label("Unit").fill("people")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("Target")).to_have_attribute("aria-invalid", "true")  # refused on the field
    form.get_by_label("Target").fill("40")
    form.get_by_label("Baseline").fill("12")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The indicator is added")).to_be_visible()
    expect(page.get_by_test_id("indicator-row").filter(has_text="Seniors getting evening care")).to_contain_text("40")
    assert_accessible(page)

    # Adopted: the tree may still change (kept in the history).
    page.get_by_role("button", name="Adopt the plan").click()
    page.get_by_role("form", name="Adopt the plan").get_by_label("Reason").fill("Council resolution E2E/2026")
    page.get_by_role("form", name="Adopt the plan").get_by_role("button", name="Adopt the plan").click()
    expect(page.get_by_role("status").filter(has_text="The plan is adopted")).to_be_visible()
    expect(page.get_by_text("every change is kept in its history")).to_be_visible()

    # The plan document.
    with page.expect_response(lambda r: f"/community-plans/{plan_id}/document/" in r.url) as answer, \
            page.expect_download() as download:
        page.get_by_role("button", name="Print the plan (PDF)").click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "application/pdf"
    assert download.value.suggested_filename.endswith(".pdf")
    shot(page, artifacts, "community-plan-adopted")

    # The public, without a login: from the catalogue to the plan, under the Content-Security-Policy.
    public = new_page()
    watch = CspWatch(public)
    assert_enforced(watch.open("/public"))
    public.get_by_role("link", name="Community plans").click()
    expect(public.get_by_test_id("public-plan").filter(has_text=TITLE)).to_be_visible()
    assert_accessible(public)
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.get_by_test_id("public-activity")).to_contain_text("Evening home care E2E")
    expect(public.get_by_test_id("public-activity")).to_contain_text("Seniors getting evening care")
    pdf = public.request.get(f"/api/public/community-plans/{plan_id}/document/?lang=en")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert_accessible(public)
    assert watch.violations() == []
    shot(public, artifacts, "community-plan-public")

    # A raised need answered by the new activity, then closed with a note.
    page.goto("/needs")
    need = page.get_by_test_id("raised-need").first
    text = need.locator("p").first.inner_text()
    need.get_by_role("button", name=re.compile("^Link to the activity")).click()
    need.get_by_label("Activity of a community plan").select_option(label="1.1.1 Evening home care E2E")
    need.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The activity answering")).to_be_visible()
    need = page.get_by_test_id("raised-need").filter(has_text=text[:40])
    expect(need).to_contain_text("Evening home care E2E")
    assert_accessible(page)
    need.get_by_role("button", name="Close the need").click()
    need.get_by_role("form", name="Close the need").get_by_label("Reason").fill("Answered by activity 1.1.1")
    need.get_by_role("form", name="Close the need").get_by_role("button", name="Close the need").click()
    expect(page.get_by_role("status").filter(has_text="is closed")).to_be_visible()
    closed = api_get(page, "/api/v1/raised-needs/?is_open=false&page_size=200")["results"]
    assert any(n["close_note"] == "Answered by activity 1.1.1" and n["answered_by_name"].endswith("Evening home care E2E")
               for n in closed)

    page.goto(f"/community-plans/{plan_id}")
    expect(page.get_by_test_id("activity").filter(has_text="Evening home care E2E")).to_contain_text(
        "Raised needs it answers: 1"
    )


def test_the_plan_page_works_on_a_phone(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "manager@cus.example")
    plans = api_get(page, "/api/v1/community-plans/?status=adopted&ordering=-start_date")["results"]
    page.goto(f"/community-plans/{plans[0]['id']}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Print the plan (PDF)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    priority = page.get_by_test_id("priority").first
    priority.get_by_role("button", name=re.compile("^Edit")).first.click()
    form = page.get_by_role("form", name="Change the priority")
    expect(form.get_by_label("Title")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
    shot(page, artifacts, "community-plan-phone")
