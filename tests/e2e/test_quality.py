"""Journey (issue 15, quality): a manager creates a standard with two weighted criteria (a zero weight is refused on
its field first, the weights' total is shown); a coordinator drafts an evaluation of a provider against it, saves the
draft, makes it final (read-only after), and the summary per provider and service type shows its weighted score, also
on a phone without sideways scrolling. Each new screen passes axe-core."""

from __future__ import annotations

import re
import time

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def test_a_standard_is_made_a_provider_evaluated_against_it_and_the_summary_shows_the_score(new_page, artifacts):
    from playwright.sync_api import expect

    name = f"Home care quality {int(time.time())}"
    manager = new_page()
    login_with_form(manager, "manager@cus.example")
    # a service type no standard covers yet, so the summary row is this journey's alone
    covered = {s["service_type"] for s in api_get(manager, "/api/v1/standards/?page_size=200")["results"]}
    types = api_get(manager, "/api/v1/service-types/?active=true&page_size=200")["results"]
    service_type = next(st for st in types if st["id"] not in covered)

    manager.goto("/quality")
    expect(manager.get_by_role("heading", name="Provider evaluations")).to_be_visible()
    # The page's lists load one by one and push the standards' section down: click once they have settled.
    manager.wait_for_load_state("networkidle")
    manager.get_by_role("link", name="New standard").click()
    expect(manager.get_by_role("heading", name="New quality standard")).to_be_visible()
    assert_accessible(manager)

    manager.get_by_label("Service type").select_option(service_type["id"])
    manager.get_by_role("textbox", name="Name", exact=True).fill(name)
    first = manager.get_by_test_id("criterion").nth(0)
    first.get_by_role("textbox", name="Criterion", exact=True).fill("Visits start at the agreed time")
    first.get_by_role("textbox", name="Weight").fill("0")
    manager.get_by_role("button", name="Create the standard").click()
    expect(first.get_by_role("textbox", name="Weight")).to_have_attribute("aria-invalid", "true")
    expect(first).to_contain_text("Enter a weight above zero")
    assert not api_get(manager, f"/api/v1/standards/?search={name}")["results"]  # nothing was sent

    first.get_by_role("textbox", name="Weight").fill("3")
    manager.get_by_role("button", name="Add a criterion").click()
    second = manager.get_by_test_id("criterion").nth(1)
    second.get_by_role("textbox", name="Criterion", exact=True).fill("Staff treat the client with respect")
    second.get_by_role("textbox", name="Weight").fill("1")
    expect(manager.get_by_test_id("weight-total")).to_contain_text("add up to 4")
    expect(first).to_contain_text("75 % of the score")
    manager.get_by_role("button", name="Create the standard").click()
    expect(manager.get_by_role("status").filter(has_text="The standard is created.")).to_be_visible()
    expect(manager).to_have_url(re.compile(r"/quality/standards/[0-9a-f-]{36}$"))
    assert_accessible(manager)
    standard = api_get(manager, f"/api/v1/standards/?search={name}")["results"][0]
    assert [(c["text"], c["weight"]) for c in standard["criteria"]] == [
        ("Visits start at the agreed time", "3.00"), ("Staff treat the client with respect", "1.00")
    ]

    coordinator = new_page()
    login_with_form(coordinator, "coordinator@cus.example")
    provider = api_get(coordinator, "/api/v1/providers/?is_active=true&ordering=name&page_size=1")["results"][0]
    coordinator.goto("/quality")
    coordinator.wait_for_load_state("networkidle")
    coordinator.get_by_role("link", name="Start an evaluation").click()
    expect(coordinator.get_by_role("heading", name="New provider evaluation")).to_be_visible()
    coordinator.get_by_role("combobox", name="Provider", exact=True).select_option(provider["id"])
    coordinator.get_by_role("combobox", name="Standard", exact=True).select_option(standard["id"])
    coordinator.get_by_role("combobox", name="Score of criterion 1 (1 to 5)").select_option("5")
    coordinator.get_by_role("textbox", name="Note on criterion 1").fill("Always on time in the visits checked.")
    expect(coordinator.get_by_test_id("running-score")).to_contain_text("100 / 100")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Start the draft").click()
    expect(coordinator.get_by_role("status").filter(has_text="The draft evaluation is started.")).to_be_visible()
    expect(coordinator).to_have_url(re.compile(r"/quality/evaluations/[0-9a-f-]{36}$"))
    evaluation_id = coordinator.url.rsplit("/", 1)[1]

    # finalising with a criterion unscored is refused, and says which
    coordinator.get_by_role("button", name="Make the evaluation final").click()
    coordinator.get_by_role("form", name="Make the evaluation final").get_by_role(
        "button", name="Make the evaluation final"
    ).click()
    refusal = coordinator.get_by_role("alert").filter(has_text="Score every criterion")
    expect(refusal).to_contain_text("Staff treat the client with respect")
    coordinator.get_by_role("form", name="Make the evaluation final").get_by_role("button", name="Cancel").click()

    coordinator.get_by_role("combobox", name="Score of criterion 2 (1 to 5)").select_option("1")
    coordinator.get_by_role("textbox", name="Note on criterion 2").fill("Two complaints about rudeness.")
    expect(coordinator.get_by_test_id("running-score")).to_contain_text("75 / 100")
    coordinator.get_by_role("button", name="Save the draft").click()
    expect(coordinator.get_by_role("status").filter(has_text="The draft is saved.")).to_be_visible()
    assert_accessible(coordinator)

    coordinator.get_by_role("button", name="Make the evaluation final").click()
    confirm = coordinator.get_by_role("form", name="Make the evaluation final")
    confirm.get_by_role("textbox", name="Reason").fill("Yearly review")
    confirm.get_by_role("button", name="Make the evaluation final").click()
    expect(coordinator.get_by_role("status").filter(has_text="The evaluation is final.")).to_be_visible()
    expect(coordinator.get_by_test_id("weighted-score")).to_have_text("75 / 100")
    expect(coordinator.get_by_role("button", name="Save the draft")).to_have_count(0)  # read-only now
    expect(coordinator.get_by_role("row").filter(has_text="Two complaints about rudeness.")).to_be_visible()
    assert_accessible(coordinator)
    saved = api_get(coordinator, f"/api/v1/evaluations/{evaluation_id}/")
    assert (saved["status"], saved["weighted_score"]) == ("final", "75.00")

    coordinator.goto("/quality")
    row = coordinator.get_by_test_id("quality-summary-row").filter(has_text=provider["name"]).filter(
        has_text=service_type["name"]
    )
    expect(row).to_contain_text("75 / 100")
    coordinator.get_by_role("searchbox", name="Search provider, standard or notes").fill(name)
    coordinator.get_by_role("search").get_by_role("button", name="Search").click()
    expect(coordinator.get_by_test_id("evaluation-row")).to_have_count(1)
    expect(coordinator.get_by_test_id("evaluation-row")).to_contain_text("Final")
    assert_accessible(coordinator)

    phone = new_page(viewport=PHONE)
    login_with_form(phone, "coordinator@cus.example")
    phone.goto("/quality")
    expect(phone.get_by_test_id("quality-summary-row").filter(has_text=service_type["name"])).to_contain_text("75 / 100")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(phone, artifacts, "quality-summary-phone")
