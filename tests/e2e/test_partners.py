"""Journey (issue 15, partners): a manager adds a partner organisation to the registry (a taken name is refused on
the name field), makes it take part in the upcoming planning meeting and gives it a follow-up, and gives the
Senior Citizens' Council one too; an administrator invites a person of the new partner with the partner role; the
Council's staff member signs in on a phone, lands on their home, sees the community plan and the meeting, marks
their follow-up done, raises a need, and is offered no client screen (the clients API answers 404). Each new
screen passes axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e

NEW_PARTNER = "Klub Sportowy Arka Junior"
COUNCIL = "Rada Seniorów Miasta Gdyni"
UPCOMING = "Przegląd realizacji Programu — podsumowanie roku"
FOR_THE_COUNCIL = "Zebrać opinie klubów seniora o realizacji Programu"


def test_partners_registry_meeting_follow_up_and_the_partners_own_home(new_page, artifacts):
    from playwright.sync_api import expect

    # --- the manager: the registry ------------------------------------------------------------------
    manager = new_page()
    login_with_form(manager, "manager@cus.example")
    manager.get_by_role("link", name="Partners", exact=True).click()
    expect(manager.get_by_role("heading", name="Partners", exact=True)).to_be_visible()
    expect(manager.get_by_test_id("partner-row").filter(has_text=COUNCIL)).to_be_visible()
    assert_accessible(manager)
    manager.get_by_role("button", name="New partner").click()
    form = manager.get_by_role("form", name="New partner")
    form.get_by_label("Name").fill(COUNCIL)
    form.get_by_label("Kind").select_option("employer")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_text("A partner with this name already exists.", exact=True)).to_be_visible()
    form.get_by_label("Name").fill(NEW_PARTNER)
    form.get_by_label("Kind").select_option("ngo")
    form.get_by_label("Contact person").fill("Tomasz Arendt")
    form.get_by_label("E-mail").fill("junior@arka.example")
    form.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("heading", name=NEW_PARTNER)).to_be_visible()
    expect(manager.get_by_role("status").filter(has_text=f"The partner {NEW_PARTNER} is added.")).to_be_visible()
    assert_accessible(manager)
    shot(manager, artifacts, "partner-page")
    manager.get_by_role("button", name="Deactivate").click()
    manager.get_by_role("form", name="Deactivate").get_by_role("textbox").fill("no longer takes part")
    manager.get_by_role("form", name="Deactivate").get_by_role("button", name="Deactivate").click()
    expect(manager.get_by_role("status").filter(has_text=f"{NEW_PARTNER} is deactivated.")).to_be_visible()
    manager.get_by_role("button", name="Re-activate").click()
    manager.get_by_role("form", name="Re-activate").get_by_role("button", name="Re-activate").click()
    expect(manager.get_by_role("status").filter(has_text=f"{NEW_PARTNER} is active again.")).to_be_visible()

    # The search and kind filter find it.
    manager.get_by_role("link", name="Back to partners").click()
    manager.get_by_label("Kind").select_option("ngo")
    manager.get_by_role("search").get_by_label("Search").fill("Arka")
    manager.get_by_role("search").get_by_role("button", name="Search").click()
    expect(manager.get_by_test_id("partner-row")).to_have_count(1)
    expect(manager.get_by_test_id("partner-row")).to_contain_text(NEW_PARTNER)

    # --- the manager: the meeting ----------------------------------------------------------------------
    meeting = next(m for m in api_get(manager, "/api/v1/meetings/?status=planned")["results"] if m["title"] == UPCOMING)
    manager.goto(f"/meetings/{meeting['id']}")
    manager.get_by_role("button", name="Choose the partners taking part").click()
    chooser = manager.get_by_role("form", name="Choose the partners taking part")
    chooser.get_by_label(NEW_PARTNER).check()
    chooser.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("status").filter(has_text="The partners taking part are saved.")).to_be_visible()
    expect(manager.get_by_text(NEW_PARTNER).first).to_be_visible()
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    for description, partner in (("Przygotować zajęcia sportowe dla seniorów", NEW_PARTNER), (FOR_THE_COUNCIL, COUNCIL)):
        follow_up = manager.get_by_role("form", name="Add a follow-up action")
        follow_up.get_by_label("What is to be done").fill(description)
        follow_up.get_by_label("Owner").fill("przedstawiciel partnera")
        follow_up.get_by_label("Given to partner").select_option(label=partner)
        follow_up.get_by_label("Due date").fill(due)
        follow_up.get_by_role("button", name="Add a follow-up action").click()
        expect(manager.get_by_test_id("follow-up-row").filter(has_text=description)).to_contain_text(partner)
    assert_accessible(manager)

    # The partner's page lists the meeting and its follow-up.
    partner = next(p for p in api_get(manager, "/api/v1/partners/?search=Arka")["results"])
    manager.goto(f"/partners/{partner['id']}")
    expect(manager.get_by_role("link", name=UPCOMING)).to_have_count(2)  # the meeting, and its follow-up's
    expect(manager.get_by_text("Przygotować zajęcia sportowe dla seniorów")).to_be_visible()

    # --- the administrator invites a person of the new partner ------------------------------------------
    admin = new_page()
    login_with_form(admin, "admin@cus.example")
    admin.goto("/users")
    invite = admin.get_by_role("form", name="Invite a person")
    invite.get_by_label(re.compile(r"^E-mail")).fill("trener@arka.example")
    invite.get_by_label(re.compile(r"^Role")).select_option("partner")
    invite.get_by_label(re.compile(r"^Partner organisation")).select_option(label=NEW_PARTNER)
    invite.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_text("An invitation was sent to trener@arka.example.")).to_be_visible()

    # --- the Council's staff member, on a phone ---------------------------------------------------------
    phone = new_page(viewport=PHONE)
    login_with_form(phone, "partner@cus.example")
    expect(phone).to_have_url(re.compile(r"/partner$"))
    expect(phone.get_by_role("heading", name=COUNCIL)).to_be_visible()
    # The demo's plan (other journeys may have adopted plans of their own in the same database).
    plan = phone.get_by_test_id("partner-plan").filter(has_text="Program usług społecznych Gdyni").first
    expect(plan).to_be_visible()
    plan.locator("summary").click()
    expect(plan.get_by_role("list").first).to_be_visible()
    upcoming = phone.get_by_test_id("partner-meeting").filter(has_text=UPCOMING)
    expect(upcoming).to_be_visible()
    upcoming.locator("summary").click()
    expect(upcoming).to_contain_text(FOR_THE_COUNCIL)
    held = phone.get_by_test_id("partner-meeting").filter(has_text="Grupa robocza ds. opieki wytchnieniowej")
    held.locator("summary").click()
    expect(held).to_contain_text("Przygotować ulotkę o opiece wytchnieniowej")  # a decision of a past meeting
    assert_accessible(phone)
    shot(phone, artifacts, "partner-home-phone")

    mine = phone.get_by_test_id("partner-follow-up").filter(has_text=FOR_THE_COUNCIL)
    mine.get_by_role("button", name="Mark as done").click()
    mine.get_by_label("Outcome").fill("Opinie zebrane od 9 klubów seniora")
    mine.get_by_role("button", name="Mark as done").click()
    expect(phone.get_by_role("status").filter(has_text="The follow-up action is marked as done.")).to_be_visible()
    expect(phone.get_by_test_id("partner-follow-up").filter(has_text=FOR_THE_COUNCIL)).to_have_count(0)

    raise_form = phone.get_by_role("form", name="Raise a need")
    raise_form.get_by_label("Description").fill("Brak zajęć ruchowych dla seniorów na Pogórzu")
    raise_form.get_by_label("Area").fill("Pogórze")
    raise_form.get_by_label("Service type").select_option(index=1)
    raise_form.get_by_role("button", name="Send the need").click()
    expect(phone.get_by_role("status").filter(has_text="The need has been recorded.")).to_be_visible()
    expect(phone.get_by_test_id("partner-need").filter(has_text="Brak zajęć ruchowych dla seniorów")).to_be_visible()

    # No client screen is offered, none opens, and the API has no clients for them.
    expect(phone.get_by_role("link", name="Clients")).to_have_count(0)
    phone.goto("/clients")
    expect(phone.get_by_role("heading", name="Not allowed")).to_be_visible()
    assert phone.context.request.get("/api/v1/clients/").status == 404
    assert phone.context.request.get("/api/v1/deliveries/").status == 404

    # The manager sees it done, by the partner's person.
    done = api_get(manager, f"/api/v1/follow-ups/?meeting={meeting['id']}&status=done")["results"]
    assert [f["outcome"] for f in done if f["description"] == FOR_THE_COUNCIL] == ["Opinie zebrane od 9 klubów seniora"]
