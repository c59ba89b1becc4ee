"""The case journey across roles: a coordinator registers a client, writes and activates a plan and assigns
a provider; that provider's staff then find the client on a phone and log a visit."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, api_get, login_via_api, login_with_form, shot

pytestmark = pytest.mark.e2e


def _provider_with_contract_line(new_page, provider_logins: list[str]) -> tuple[str, str, dict]:
    """A demo provider login whose organisation has an active contract line today: (email, name, line)."""
    today = dt.date.today().isoformat()
    for email in provider_logins:
        page = new_page()
        login_via_api(page, email)
        membership = api_get(page, "/api/v1/me/")["memberships"][0]
        contracts = api_get(page, f"/api/v1/contracts/?status=active&active_on={today}&page_size=50")["results"]
        for contract in contracts:
            if contract["end_date"] >= (dt.date.today() + dt.timedelta(days=7)).isoformat() and contract["lines"]:
                return email, membership["provider_name"], contract["lines"][0]
    pytest.fail(f"none of {provider_logins} has an active contract line today in the demo data")


def test_coordinator_plans_and_assigns_then_the_provider_logs_a_visit(
    new_page, artifacts: Path, provider_logins: list[str]
) -> None:
    provider_email, provider_name, line = _provider_with_contract_line(new_page, provider_logins)
    last_name = f"Testowa-{uuid.uuid4().hex[:6]}"

    page = new_page()
    login_with_form(page, "coordinator@cus.example")
    expect(page).to_have_url(re.compile(r"/today$"))
    shot(page, artifacts, "coordinator-today")

    # register the client
    page.goto("/clients/new")
    page.get_by_label("First name").fill("Ewa")
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Date of birth").fill("1948-03-04")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Municipality").fill("Gdynia")
    page.get_by_role("button", name="Register client").click()
    expect(page).to_have_url(re.compile(r"/clients/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(last_name)
    client_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    shot(page, artifacts, "coordinator-client")

    # write the plan: a goal and a service
    page.get_by_role("tab", name="Plans").click()
    page.get_by_role("button", name="New plan").click()
    expect(page).to_have_url(re.compile(r"/plans/[0-9a-f-]{36}$"))
    page.get_by_role("button", name="Add a goal").click()
    goal_form = page.get_by_role("form", name="Add a goal")
    goal_form.get_by_label("Goal").fill("Ewa eats a warm meal every day")
    goal_form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Ewa eats a warm meal every day")).to_be_visible()

    page.get_by_role("button", name="Add a service").click()
    service_form = page.get_by_role("form", name="Add a service")
    service_form.get_by_label("Service").select_option(line["service_type"])
    service_form.get_by_label("Amount").fill("3")
    service_form.get_by_label("Per").select_option("week")
    service_form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("button", name="Assign a provider")).to_be_visible()

    # assign the provider through its contract line
    page.get_by_role("button", name="Assign a provider").click()
    expect(page.get_by_role("table").filter(has_text=provider_name).or_(page.get_by_role("alert")).first).to_be_visible()
    shot(page, artifacts, "coordinator-assign-provider")
    page.get_by_role("row").filter(has_text=provider_name).get_by_role("button", name="Assign").first.click()
    expect(page.get_by_text(provider_name).first).to_be_visible()

    # activate with the client's agreement (recorded yesterday, so never "in the future")
    page.get_by_role("button", name="Activate").click()
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    page.get_by_label("Agreed with the client on").fill(yesterday)
    page.get_by_role("form", name="Activate").get_by_role("button", name="Activate").click()
    expect(page.get_by_role("button", name="Suspend")).to_be_visible()
    shot(page, artifacts, "coordinator-plan-active")

    # the provider's staff see the new client among their visits and log one on a phone
    phone = new_page(viewport=PHONE)
    login_via_api(phone, provider_email)
    phone.goto("/provider")
    phone.get_by_role("searchbox").fill(last_name)
    phone.get_by_role("button", name="Search").click()
    card = phone.locator("li.visit").filter(has_text=last_name)
    expect(card).to_have_count(1)
    card.get_by_role("button", name="Log a visit").click()
    card.get_by_role("button", name="Save visit").click()
    expect(card.get_by_text("Visit logged.")).to_be_visible()
    shot(phone, artifacts, "provider-new-client-logged-phone")

    # and the coordinator sees the log on the client's deliveries
    logs = api_get(page, f"/api/v1/deliveries/?client={client_id}&page_size=5")
    assert logs["count"] == 1
    assert logs["results"][0]["provider_name"] == provider_name
