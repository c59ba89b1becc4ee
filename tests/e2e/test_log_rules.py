"""Journey: the centre's manager, on a phone, opens the rules for service logs, sets the daily limit of the first
service type, sees it saved, and goes back to the type's default."""

from __future__ import annotations

import pytest

from .conftest import PHONE, login_with_form, shot

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_manager_sets_a_daily_limit_on_a_phone_and_uses_the_default_again(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "manager@cus.example")  # with the demo authenticator's code (the role requires it)
    page.goto("/manager/log-rules")
    expect(page.get_by_role("heading", level=1, name="Rules for service logs")).to_be_visible()
    expect(page.get_by_label("Tolerance (%)")).to_be_visible()
    first = page.get_by_test_id("daily-limit").first
    name = first.get_by_role("rowheader").inner_text().strip()
    limit = first.get_by_role("textbox", name=f"Daily limit of {name} at this centre")
    no_sideways_scroll(page)

    limit.fill("20")
    first.get_by_role("button", name="Save").click()
    status = page.get_by_role("status").filter(has_text=f"Saved: {name}, at most 20")
    expect(status).to_be_visible()
    expect(limit).to_have_value("20.00")
    expect(limit).to_have_accessible_description("Set by this centre.")
    no_sideways_scroll(page)
    shot(page, artifacts, "log-rules-limit-set-phone")

    first.get_by_role("button", name="Use the default").click()
    expect(page.get_by_role("status").filter(has_text=f"{name} uses the default daily limit again.")).to_be_visible()
    expect(first.get_by_role("button", name="Use the default")).to_have_count(0)
    expect(limit).to_have_accessible_description("The default applies.")
    no_sideways_scroll(page)
    shot(page, artifacts, "log-rules-default-phone")
