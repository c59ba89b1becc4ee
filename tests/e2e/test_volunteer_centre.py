"""Journey (issue 15, the volunteer centre): a manager adds an activity type with its hourly in-kind rate (a bad
rate refused first); a coordinator, on a phone, registers a volunteer (a field error first), adds their agreement
(the Polish written-agreement rule shown next to the signing date) and an assignment in a community activity,
logs their hours and is not offered, nor allowed, to verify them; the manager verifies them."""

from __future__ import annotations

import re

import pytest

from .axe import assert_accessible
from .conftest import DESKTOP, PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e

ACTIVITY = "Shopping help (journey)"


def _post(page, path: str, data: dict | None = None):
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.context.request.post(path, data=data or {}, headers={"X-CSRFToken": token})


def test_the_volunteer_centre_from_registration_to_verified_hours(new_page, artifacts):
    from playwright.sync_api import expect

    # A manager adds a kind of activity with its hourly rate.
    manager = new_page(viewport=DESKTOP)
    login_with_form(manager, "manager@cus.example")
    manager.goto("/volunteers?tab=activityTypes")
    expect(manager.get_by_role("heading", name="Activity types and hourly rates")).to_be_visible()
    manager.get_by_role("button", name="New activity type").click()
    form = manager.get_by_role("form", name="New activity type")
    form.get_by_label("Activity").fill(ACTIVITY)
    form.get_by_label("Hourly value").fill("-5")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("Hourly value")).to_have_attribute("aria-invalid", "true")
    assert_accessible(manager)
    form.get_by_label("Hourly value").fill("32.50")
    form.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("status").filter(has_text="Activity type added.")).to_be_visible()
    expect(manager.get_by_role("row").filter(has_text=ACTIVITY)).to_contain_text("32.50")
    assert_accessible(manager)

    # A coordinator, on a phone, registers a volunteer: a malformed e-mail is refused next to its field.
    page = new_page(viewport=PHONE)
    login_with_form(page, "coordinator@cus.example")
    page.goto("/volunteers?tab=volunteers")
    assert_accessible(page)
    page.get_by_role("link", name="Register a volunteer").click()
    form = page.get_by_role("form", name="Register a volunteer")
    form.get_by_label("First name").fill("Zofia")
    form.get_by_label("Last name").fill("Dziennikowa")
    form.get_by_label("E-mail").fill("not-an-address")
    form.get_by_label("Skills").fill("shopping, driving")
    form.get_by_label("Languages").fill("pl, uk")
    form.get_by_label("Availability").fill("weekday mornings")
    form.get_by_role("button", name="Register").click()
    expect(form.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    form.get_by_label("E-mail").fill("zofia.d@example.org")
    form.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Zofia Dziennikowa")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Volunteer registered.")).to_be_visible()
    expect(page.get_by_text("shopping, driving")).to_be_visible()
    volunteer_id = page.url.rstrip("/").split("/")[-1].split("?")[0]
    assert_accessible(page)

    # The agreement: open-ended, so in Poland written: without the signing date it is refused.
    page.get_by_role("button", name="New agreement").click()
    form = page.get_by_role("form", name="New agreement")
    form.get_by_label("Number").fill("POR/JOURNEY/1")
    form.get_by_label(re.compile(r"^From")).fill("2025-01-01")
    form.get_by_label("Scope").fill("Shopping for older neighbours")
    expect(form).to_contain_text("must be written")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("Signed on")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("Signed on").fill("2024-12-20")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Agreement added.")).to_be_visible()
    expect(page.get_by_test_id("agreement")).to_contain_text("POR/JOURNEY/1")
    assert_accessible(page)

    # An assignment in a community activity.
    page.get_by_role("tab", name="Assignments").click()
    page.get_by_role("button", name="New assignment").click()
    form = page.get_by_role("form", name="New assignment")
    form.get_by_role("combobox", name=re.compile(r"^Activity")).select_option(label=ACTIVITY)
    form.get_by_role("radio", name="A community activity").check()
    form.get_by_role("textbox", name="Community activity").fill("Saturday shopping round")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Assignment added.")).to_be_visible()
    expect(page.get_by_test_id("assignment")).to_contain_text("Saturday shopping round")
    assert_accessible(page)

    # The coordinator logs the volunteer's hours: they are not offered to verify them, and the API refuses it.
    page.get_by_role("tab", name="Hours").click()
    page.get_by_role("button", name="Log hours").click()
    form = page.get_by_role("form", name="Log hours")
    form.get_by_label("Minutes").fill("90")
    form.get_by_label("Assignment").select_option(index=1)
    form.get_by_role("button", name="Save hours").click()
    expect(page.get_by_role("status").filter(has_text="Hours logged")).to_be_visible()
    row = page.get_by_test_id("hours-row").first
    expect(row).to_contain_text("Logged by you")
    expect(row.get_by_role("button", name="Verify")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
    shot(page, artifacts, "volunteer-detail-phone")
    hours = api_get(page, f"/api/v1/volunteer-hours/?volunteer={volunteer_id}")["results"]
    assert len(hours) == 1
    refused = _post(page, f"/api/v1/volunteer-hours/{hours[0]['id']}/verify/")
    assert refused.status == 403
    assert "person who logged them" in refused.json()["detail"]

    # Another staff member, the manager, verifies them.
    manager.goto("/volunteers")
    row = manager.get_by_test_id("hours-row").filter(has_text="Zofia Dziennikowa")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Verify").click()
    expect(manager.get_by_role("status").filter(has_text="Hours verified.")).to_be_visible()
    assert_accessible(manager)
    verified = api_get(manager, f"/api/v1/volunteer-hours/{hours[0]['id']}/")
    assert (verified["status"], verified["minutes"]) == ("verified", 90)
