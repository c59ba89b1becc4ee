"""Journey (issue 15, ESF+ participations): a coordinator records that a client of theirs left the funded project —
refused without a reason for leaving, then recorded with the situation on leaving — and finds them among those who
left on the participants screen, where the six-month follow-up's date shows. No accessibility violation."""

from __future__ import annotations

import pytest

from .axe import assert_accessible
from .conftest import api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_coordinator_records_a_clients_exit_from_the_project(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "coordinator@cus.example")
    me = api_get(page, "/api/v1/me/")
    own = {c["id"] for c in api_get(page, f"/api/v1/clients/?coordinator={me['id']}&page_size=200")["results"]}
    open_ones = api_get(page, "/api/v1/participations/?open=true&page_size=200")["results"]
    participation = next(p for p in open_ones if p["client"] in own)

    page.goto("/participants?show=open")
    expect(page.get_by_role("heading", level=1, name="ESF+ participants")).to_be_visible()
    expect(page.get_by_test_id("participant").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"/clients/{participation['client']}?tab=participations")
    card = page.get_by_test_id("participation").filter(has_text=participation["funding_source_name"]).filter(
        has=page.get_by_role("button", name="End the participation"))
    card.get_by_role("button", name="End the participation").click()
    form = page.get_by_role("form", name=f"Leaving {participation['funding_source_name']}")
    form.get_by_role("button", name="Record the exit").click()
    expect(form.get_by_label("Reason for leaving")).to_have_attribute("aria-invalid", "true")
    assert api_get(page, f"/api/v1/participations/{participation['id']}/")["exit_date"] is None

    form.get_by_label("Reason for leaving").select_option("goals_achieved")
    form.get_by_label("Looking for work").select_option("yes")
    form.get_by_label("In employment (incl. self-employment)").select_option("no")
    assert_accessible(page)
    form.get_by_role("button", name="Record the exit").click()
    expect(page.get_by_role("status").filter(has_text="The exit from the project is recorded.")).to_be_visible()
    ended = api_get(page, f"/api/v1/participations/{participation['id']}/")
    assert ended["exit_reason"] == "goals_achieved"
    assert (ended["exit_job_searching"], ended["exit_in_employment"], ended["exit_gained_qualification"]) == (
        True, False, None)

    page.goto(f"/participants?show=ended&search={participation['client_reference']}")
    row = page.get_by_test_id("participant").filter(has_text=participation["client_name"])
    expect(row).to_contain_text("Goals achieved")
    shot(page, artifacts, "participants-ended")
