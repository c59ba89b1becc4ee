"""Journeys of provider staff, volunteers, managers and the public through the real UI in Chromium."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE, LiveCus, api_get, api_patch, login_via_api, login_with_form, shot

pytestmark = pytest.mark.e2e


def deliveries_count(page: Page, planned_service: str) -> int:
    return int(api_get(page, f"/api/v1/deliveries/?planned_service={planned_service}&page_size=1")["count"])


def test_provider_staff_log_visits_on_a_phone_online_and_offline(new_page, artifacts: Path, provider_logins) -> None:
    page = new_page(viewport=PHONE)
    login_with_form(page, provider_logins[0])
    expect(page).to_have_url(re.compile(r"/provider/visits$"))
    expect(page.get_by_role("heading", level=1, name="My visits")).to_be_visible()
    first = page.locator("li.visit").first
    expect(first).to_be_visible()
    shot(page, artifacts, "provider-visits-phone")

    planned = api_get(page, "/api/v1/planned-services/?status=assigned&page_size=20")["results"][0]["id"]
    before = deliveries_count(page, planned)

    # online: three taps (log, 45 min, save)
    first.get_by_role("button", name="Log a visit").click()
    first.get_by_text("45 min").click()
    shot(page, artifacts, "provider-log-form-phone")
    first.get_by_role("button", name="Save visit").click()
    expect(first.get_by_text("Visit logged.")).to_be_visible()
    assert deliveries_count(page, planned) == before + 1

    # offline: the log stays on the phone, counted as waiting, and is sent once the network is back
    page.context.set_offline(True)
    first.get_by_role("button", name="Log a visit").click()
    first.get_by_text("client absent", exact=False).click()
    first.get_by_role("button", name="Save visit").click()
    expect(first.get_by_text("Saved on this device")).to_be_visible()
    expect(page.get_by_test_id("outbox-status")).to_contain_text("Waiting to be sent: 1.")
    shot(page, artifacts, "provider-offline-queue-phone")
    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox-status")).to_have_text(
        "All visits logged on this device have been sent.", timeout=20_000
    )
    assert deliveries_count(page, planned) == before + 2

    # a log the server refuses (400) stays with its error next to the field until fixed or discarded
    first.get_by_role("button", name="Log a visit").click()
    first.get_by_label("Duration (minutes)").fill("5000")
    first.get_by_role("button", name="Save visit").click()
    expect(first.locator(".field-error").first).to_be_visible()
    expect(page.get_by_test_id("outbox-status")).to_contain_text("Need your attention: 1.")
    shot(page, artifacts, "provider-refused-log-phone")
    first.get_by_label("Duration (minutes)").fill("50")
    # (a second visit delivered that day could pass the service's daily limit, e.g. one meal a day: refused too)
    first.get_by_text("client absent", exact=False).click()
    first.get_by_role("button", name="Save visit").click()
    expect(first.get_by_text("Visit logged.")).to_be_visible()
    expect(page.get_by_test_id("outbox-status")).to_have_text("All visits logged on this device have been sent.")
    assert deliveries_count(page, planned) == before + 3

    page.get_by_role("link", name="My logs").first.click()
    expect(page.get_by_role("heading", level=1, name="My logs")).to_be_visible()
    expect(page.get_by_test_id("delivery-row").first).to_be_visible()
    shot(page, artifacts, "provider-logs-phone")
    page.goto("/provider/statements")
    expect(page.get_by_test_id("statement").first).to_be_visible()
    shot(page, artifacts, "provider-statements-phone")


def test_provider_staff_do_not_see_a_client_they_do_not_serve(new_page, artifacts: Path, provider_logins) -> None:
    coordinator = new_page()
    login_via_api(coordinator, "coordinator@cus.example")
    provider = new_page()
    login_via_api(provider, provider_logins[0])
    served = {row["client"]["id"] for row in api_get(provider, "/api/v1/planned-services/?page_size=200")["results"]}
    clients = api_get(coordinator, "/api/v1/clients/?page_size=200")["results"]
    other = next(c for c in clients if c["id"] not in served)

    assert provider.context.request.get(f"/api/v1/clients/{other['id']}/").status == 404
    provider.goto(f"/clients/{other['id']}")
    provider.wait_for_load_state("networkidle")
    expect(provider.locator("main")).to_be_visible()
    assert other["last_name"] not in provider.locator("main").inner_text()
    shot(provider, artifacts, "provider-foreign-client-hidden")


def test_switching_the_language_to_polish(new_page, artifacts: Path, provider_logins) -> None:
    page = new_page(viewport=PHONE)
    login_via_api(page, provider_logins[-1])
    api_patch(page, "/api/v1/me/", {"language": "en"})
    page.goto("/provider")
    expect(page.get_by_role("heading", level=1, name="My visits")).to_be_visible()
    page.get_by_role("button", name="Menu").click()  # on a phone the language switch is in the folded menu
    with page.expect_response(lambda r: r.url.endswith("/api/v1/me/") and r.request.method == "PATCH") as saved:
        page.get_by_label("Language").select_option("pl")
    assert saved.value.ok
    expect(page.get_by_role("heading", level=1, name="Moje wizyty")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("link", name="Zestawienia miesięczne").first).to_be_visible()
    shot(page, artifacts, "provider-visits-polish")
    # the choice is the user's: it is saved on their profile and the API answers in Polish too
    assert api_get(page, "/api/v1/me/")["language"] == "pl"
    page.get_by_label("Język").select_option("en")
    expect(page.get_by_role("heading", level=1, name="My visits")).to_be_visible()


def test_manager_runs_the_monthly_report_and_downloads_the_pdf(new_page, artifacts: Path, live_cus: LiveCus) -> None:
    page = new_page()
    login_with_form(page, "manager@cus.example")
    expect(page).to_have_url(re.compile(r"/manager/overview$"))  # the manager's home
    page.goto("/manager/contracts")
    expect(page.get_by_test_id("contract-row").first).to_be_visible()
    expect(page.get_by_role("meter").first).to_be_visible()
    shot(page, artifacts, "manager-contracts")
    page.get_by_test_id("contract-row").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=2, name="Budget use")).to_be_visible()
    expect(page.locator(".recharts-surface").first).to_be_visible()
    shot(page, artifacts, "manager-contract-usage")

    page.goto("/manager/reports")
    runs = page.get_by_test_id("report-run")
    expect(page.locator("ul.cards")).to_be_attached()  # the list has loaded (it may be empty)
    before = runs.count()  # the demo seeds last month's report: the new run is a new version above it
    page.get_by_role("button", name="Run the monthly report").click()
    expect(runs).to_have_count(before + 1)
    run = runs.first
    expect(run).to_have_attribute("data-status", re.compile("queued|running|done"))
    expect(run).to_have_attribute("data-status", "done", timeout=90_000)
    shot(page, artifacts, "manager-report-done")
    with page.expect_download() as info:
        run.get_by_role("link", name="Download PDF").click()
    download = info.value
    target = artifacts / "downloads" / "monthly-report.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"
    # the file is the one the run lists, checksum and all; the spreadsheet and CSV are offered beside it
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    newest = api_get(page, "/api/v1/reports/?ordering=-created_at&page_size=1")["results"][0]
    assert {f["format"]: f["sha256"] for f in newest["files"]}["pdf"] == digest
    run.locator("summary").click()
    expect(run.locator("details")).to_contain_text(digest)
    expect(run.get_by_role("link", name="Download XLSX")).to_be_visible()
    expect(run.get_by_role("link", name="Download CSV")).to_be_visible()

    page.goto("/manager/volumes")
    expect(page.locator(".recharts-surface").first).to_be_visible()
    shot(page, artifacts, "manager-volumes")


def test_volunteer_logs_hours_and_sees_the_totals(new_page, artifacts: Path) -> None:
    page = new_page(viewport=PHONE)
    login_via_api(page, "volunteer@cus.example")
    page.goto("/volunteer")
    expect(page.get_by_role("heading", level=1, name="My volunteering")).to_be_visible()
    total_before = page.get_by_test_id("total-hours").inner_text()
    page.get_by_label("Minutes").fill("90")
    page.get_by_role("button", name="Save hours").click()
    # the API's field error is shown next to the field it names
    activity = page.get_by_label("Activity")
    expect(activity).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-invalid .field-error")).to_be_visible()
    activity.select_option(index=1)
    page.get_by_role("button", name="Save hours").click()
    expect(page.get_by_text("Hours saved")).to_be_visible()
    expect(page.get_by_test_id("total-hours")).not_to_have_text(total_before)
    shot(page, artifacts, "volunteer-hours-phone")


def test_volunteer_centre_staff_verify_hours(new_page, artifacts: Path) -> None:
    page = new_page()
    login_via_api(page, "coordinator@cus.example")
    page.goto("/volunteers")
    expect(page.get_by_role("tab", name="Hours to verify")).to_have_attribute("aria-selected", "true")
    rows = page.get_by_test_id("hours-row")
    expect(rows.first).to_be_visible()
    count = api_get(page, "/api/v1/volunteer-hours/?status=logged&page_size=1")["count"]
    with page.expect_response(lambda r: "/verify/" in r.url) as verified:
        rows.first.get_by_role("button", name="Verify").click()
    assert verified.value.ok
    assert api_get(page, "/api/v1/volunteer-hours/?status=logged&page_size=1")["count"] == count - 1
    shot(page, artifacts, "volunteer-centre-hours")
    page.get_by_role("tab", name="Agreements").click()
    expect(page.get_by_role("button", name="New agreement")).to_be_visible()
    shot(page, artifacts, "volunteer-centre-agreements")


def test_public_catalogue_needs_no_login(new_page, artifacts: Path) -> None:
    page = new_page()
    page.goto("/public")
    expect(page.get_by_role("heading", level=1, name="Catalogue of local services")).to_be_visible()
    expect(page.get_by_test_id("public-service").first).to_be_visible()
    shot(page, artifacts, "public-catalogue")
