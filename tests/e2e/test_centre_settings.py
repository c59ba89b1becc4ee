"""Journeys (issue 15, the centre's own settings): the administrator changes the centre's contact details and time
zone (a bad website refused on its field first) and uploads its logo, then removes it; a manager, on a phone,
switches a reminder off and changes another's lead time (an impossible one refused on the field). No accessibility
violation on either screen."""

from __future__ import annotations

import io

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def _png(tmp_path):
    from PIL import Image

    path = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (11, 79, 138)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_the_administrator_changes_the_centres_settings_and_logo(new_page, artifacts, tmp_path):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "admin@cus.example")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Centre settings").click()
    expect(page.get_by_role("heading", level=1, name="Centre settings")).to_be_visible()
    form = page.get_by_role("form", name="The centre")
    before = api_get(page, "/api/v1/centre/settings/")

    form.get_by_label("Website").fill("not a web address")
    form.get_by_label("Phone").fill("+48 58 111 22 33")
    form.get_by_role("button", name="Save the settings").click()
    expect(form.get_by_label("Website")).to_have_attribute("aria-invalid", "true")
    assert api_get(page, "/api/v1/centre/settings/")["phone"] == before["phone"]  # nothing half-written

    form.get_by_label("Website").fill("https://cus.example.org")
    form.get_by_label("Time zone").select_option("Europe/Prague")
    form.get_by_label("Reason for the change (kept in the history)").fill("new office")
    form.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status").filter(has_text="The centre's settings are saved.")).to_be_visible()
    saved = api_get(page, "/api/v1/centre/settings/")
    assert (saved["phone"], saved["website"], saved["timezone"]) == (
        "+48 58 111 22 33", "https://cus.example.org", "Europe/Prague")
    assert_accessible(page)

    page.get_by_label("Upload a new logo").set_input_files(str(_png(tmp_path)))
    expect(page.get_by_role("status").filter(has_text="The logo is uploaded.")).to_be_visible()
    expect(page.get_by_role("img", name=f"Logo of {saved['name']}")).to_be_visible()
    shot(page, artifacts, "centre-settings")
    page.get_by_role("button", name="Remove the logo").click()
    expect(page.get_by_role("status").filter(has_text="The logo is removed.")).to_be_visible()
    assert api_get(page, "/api/v1/centre/settings/")["has_logo"] is False

    # Put the time zone back for the other journeys of this run.
    page.get_by_role("form", name="The centre").get_by_label("Time zone").select_option(before["timezone"])
    page.get_by_role("form", name="The centre").get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status").filter(has_text="The centre's settings are saved.")).to_be_visible()


def test_a_manager_sets_the_reminders_on_a_phone(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "manager@cus.example")
    page.goto("/settings/reminders")
    expect(page.get_by_role("heading", level=1, name="Reminders")).to_be_visible()

    ending = page.get_by_role("form", name="Contract ending")
    ending.get_by_label("Send this reminder").uncheck()
    ending.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="\"Contract ending\" is switched off.")).to_be_visible()

    review = page.get_by_role("form", name="Plan review due")
    review.get_by_label("Days ahead").fill("400")
    review.get_by_role("button", name="Save").click()
    expect(review.get_by_label("Days ahead")).to_have_attribute("aria-invalid", "true")
    review.get_by_label("Days ahead").fill("21")
    review.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="\"Plan review due\" is saved and will be sent.")).to_be_visible()

    rows = {row["kind"]: row for row in api_get(page, "/api/v1/reminder-settings/")}
    assert rows["contract_ending"]["enabled"] is False
    assert (rows["review_due"]["lead_days"], rows["review_due"]["customised"]) == (21, True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
    shot(page, artifacts, "reminder-settings-phone")
