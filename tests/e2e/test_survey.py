"""Journeys of the community-planning and quality screens: a survey link answered once by a client without
logging in, the needs register, and a partnership meeting from plan to minutes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_client_answers_a_survey_link_once_without_logging_in(new_page, artifacts: Path) -> None:
    coordinator = new_page()
    login_with_form(coordinator, "coordinator@cus.example")
    coordinator.goto("/quality")
    expect(coordinator.get_by_role("heading", level=1, name="Quality of services")).to_be_visible()
    coordinator.get_by_role("button", name="Create a survey link").click()
    form = coordinator.get_by_role("form", name="Create a survey link")
    select = form.get_by_label("Planned service")
    expect(select.locator("option").nth(1)).to_be_attached()
    select.select_option(index=1)
    form.get_by_role("button", name="Create a survey link").click()
    link = coordinator.locator("#survey-link-url")
    expect(link).to_have_value(re.compile(r"/survey/[A-Za-z0-9_-]{20,}$"))
    url = link.input_value()
    shot(coordinator, artifacts, "quality-survey-link")

    client = new_page(viewport=PHONE)
    client.goto(url)
    expect(client.get_by_role("heading", level=1, name="How satisfied are you with the service?")).to_be_visible()
    expect(client.get_by_text("Provided by")).to_be_visible()
    client.get_by_role("button", name="Send my answers").click()
    expect(client.get_by_text("Please choose an answer.")).to_be_visible()
    client.get_by_role("group", name=re.compile("Overall")).get_by_label("4 – good").check()
    client.get_by_role("group", name=re.compile("respect")).get_by_label("5 – very good").check()
    client.get_by_label("Anything else you would like to tell us?").fill("Kind and on time.")
    shot(client, artifacts, "survey-client-phone")
    client.get_by_role("button", name="Send my answers").click()
    expect(client.get_by_role("status")).to_contain_text("Thank you!")

    client.reload()
    expect(client.get_by_test_id("survey-problem")).to_contain_text("already been filled in")
    client.goto("/survey/not-a-real-token-at-all?lang=pl")
    expect(client.get_by_test_id("survey-problem")).to_contain_text("Ten link do ankiety jest nieprawidłowy")

    coordinator.goto("/quality")
    row = coordinator.get_by_test_id("survey-row").filter(has_text="Kind and on time.")
    expect(row).to_contain_text("By the client through a link")
    expect(row).to_contain_text("4 / 5")
    expect(coordinator.get_by_test_id("invitation-row").first).to_contain_text("Answered")


def test_a_coordinator_raises_a_need_and_runs_a_meeting_to_its_minutes(new_page, artifacts: Path) -> None:
    page = new_page()
    login_with_form(page, "coordinator@cus.example")
    page.get_by_role("link", name="Needs register").first.click()
    expect(page.get_by_role("heading", level=1, name="Needs register")).to_be_visible()
    page.get_by_role("button", name="Raise a need").click()
    form = page.get_by_role("form", name="Raise a need")
    form.get_by_role("button", name="Save").click()
    # The error summary is announced (an alert) and links to each field to correct; the message stays on the field.
    # The focus is on the first field to correct (react-hook-form puts it there after the summary took it).
    summary = form.get_by_role("alert").filter(has_text="Please correct these fields:")
    expect(summary).to_be_visible()
    expect(form.get_by_label("Description")).to_be_focused()
    form.get_by_label("Area").focus()
    summary.get_by_role("link", name="Description: This field is required.").click()
    expect(form.get_by_label("Description")).to_be_focused()
    expect(form.get_by_text("This field is required.", exact=True)).to_be_visible()
    form.get_by_label("Area").fill("Obłuże")
    form.get_by_label("People affected (estimate)").fill("12")
    form.get_by_label("Description").fill("Evening care for seniors living alone")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The need has been recorded.")).to_be_visible()
    shot(page, artifacts, "planning-needs")

    page.get_by_role("link", name="Meetings").first.click()
    expect(page.get_by_role("heading", level=1, name="Meetings")).to_be_visible()
    page.get_by_role("button", name="New meeting").click()
    form = page.get_by_role("form", name="New meeting")
    form.get_by_label("Title").fill("Seniors' care partnership")
    form.get_by_label("Date and time").fill("2026-03-10T10:00")
    form.get_by_label("Agenda").fill("1. Evening care\n2. Transport")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name="Seniors' care partnership")).to_be_visible()

    page.get_by_role("form", name="Add the decision").get_by_label("Decision").fill("Pilot evening visits in Obłuże")
    page.get_by_role("button", name="Add the decision").click()
    expect(page.get_by_role("listitem").filter(has_text="Pilot evening visits in Obłuże")).to_be_visible()
    follow_up = page.get_by_role("form", name="Add a follow-up action")
    follow_up.get_by_label("What is to be done").fill("Ask two providers for an offer")
    follow_up.get_by_label("Owner").fill("Anna Nowak")
    follow_up.get_by_label("Due date").fill("2026-04-01")
    follow_up.get_by_role("button", name="Add a follow-up action").click()
    row = page.get_by_test_id("follow-up-row").filter(has_text="Ask two providers")
    expect(row).to_contain_text("Open")
    row.get_by_role("button", name=re.compile("Mark as done")).click()
    row.get_by_label("Outcome").fill("Two offers received")
    row.get_by_role("button", name="Mark as done").click()
    expect(row).to_contain_text("Done")

    page.get_by_role("button", name="Close with minutes").click()
    page.get_by_role("textbox", name="Minutes").fill("Agreed to pilot evening visits.")
    page.get_by_role("form", name="Close with minutes").get_by_role("button", name="Close with minutes").click()
    expect(page.get_by_text("Held", exact=True)).to_be_visible()
    shot(page, artifacts, "planning-meeting")


def test_a_manager_sees_the_community_plans_and_the_quality_summary(new_page, artifacts: Path) -> None:
    page = new_page()
    login_with_form(page, "manager@cus.example")
    page.get_by_role("link", name="Community plans").first.click()
    expect(page.get_by_role("heading", level=1, name="Community plans")).to_be_visible()
    page.get_by_role("button", name="New community plan").click()
    form = page.get_by_role("form", name="New community plan")
    form.get_by_label("Title").fill("Social services strategy 2026–2030")
    form.get_by_label("Start date").fill("2026-01-01")
    form.get_by_label("End date").fill("2025-12-31")
    form.get_by_role("button", name="Save").click()
    expect(form.locator(".field-error, .alert-error").first).to_be_visible()
    form.get_by_label("End date").fill("2030-12-31")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name="Social services strategy 2026–2030")).to_be_visible()
    page.get_by_role("button", name="Adopt the plan").click()
    page.get_by_role("form", name="Adopt the plan").get_by_role("button", name="Adopt the plan").click()
    expect(page.get_by_text("Adopted", exact=True)).to_be_visible()
    shot(page, artifacts, "planning-community-plan")

    page.get_by_role("link", name="Quality").first.click()
    expect(page.get_by_role("heading", level=2, name="Summary per provider")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Quality standards")).to_be_visible()
    expect(page.get_by_role("button", name="Create a survey link")).to_have_count(0)
    shot(page, artifacts, "quality-manager")


def test_the_seeded_community_plan_shows_each_indicator_with_its_progress_in_words(new_page, artifacts: Path) -> None:
    page = new_page()
    login_with_form(page, "coordinator@cus.example")
    page.goto("/community-plans?status=adopted")
    page.get_by_test_id("community-plan-row").first.get_by_role("link").click()
    indicator = page.get_by_test_id("indicator-row").first
    expect(indicator).to_be_visible()
    expect(indicator.get_by_role("meter")).to_have_attribute("aria-valuetext", re.compile(r"^\d+(\.\d)? %$"))
    expect(indicator.locator(".progress-text")).to_have_text(re.compile(r"^\d+(\.\d)? %$"))
    expect(page.get_by_role("button", name="Close the plan")).to_have_count(0)  # coordinators read only
    shot(page, artifacts, "planning-community-plan-tree")
