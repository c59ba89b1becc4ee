"""The app on a phone: it opens and works without network after a first visit (service worker), volunteer hours wait
offline like visits, and the navigation folds behind a menu button."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE, api_get, login_via_api, login_with_form, shot

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 360, "height": 740}

KEPT = """async (name) => {
  if (!(await caches.has(name))) return 0;
  return (await (await caches.open(name)).keys()).length;
}"""

NETWORK_REFUSED = """async (url) => {
  try { await fetch(url); return false; } catch { return true; }
}"""


def wait_for_service_worker(page: Page) -> None:
    """Until the service worker controls the page (it precached the app when it installed)."""
    page.wait_for_function("() => !!navigator.serviceWorker && !!navigator.serviceWorker.controller", timeout=30_000)


def test_provider_staff_reload_the_app_offline_see_their_visits_and_log_one_stored_once(
    new_page, artifacts: Path, provider_logins
) -> None:
    page = new_page(viewport=PHONE)
    login_with_form(page, provider_logins[0])
    expect(page).to_have_url(re.compile(r"/provider/visits$"))
    first = page.locator("li.visit").first
    expect(first).to_be_visible()
    client = first.get_by_role("heading", level=2).inner_text()
    # the first visit: the worker takes charge of the page, and the visit list, loaded again, is kept for offline use
    wait_for_service_worker(page)
    for cache in ("cus-data-session", "cus-data-visits"):
        page.wait_for_function(f"({KEPT})({cache!r}).then((n) => n > 0)", timeout=30_000)
    before = int(api_get(page, "/api/v1/deliveries/?page_size=1")["count"])

    page.context.set_offline(True)
    # the network is really gone, for the page and for its worker: a list not kept offline fails
    assert page.evaluate(NETWORK_REFUSED, "/api/v1/deliveries/?page_size=1")
    assert page.evaluate(NETWORK_REFUSED, "/api/v1/planned-services/?loggable=true&page_size=1&search=nobody")
    page.reload()
    expect(page.get_by_role("heading", level=1, name="My visits")).to_be_visible()
    first = page.locator("li.visit").first
    expect(first.get_by_role("heading", level=2)).to_have_text(client)
    shot(page, artifacts, "offline-reloaded-visits-phone")

    first.get_by_role("button", name="Log a visit").click()
    first.get_by_text("client absent", exact=False).click()
    first.get_by_role("button", name="Save visit").click()
    expect(first.get_by_text("Saved on this device")).to_be_visible()
    expect(page.get_by_test_id("outbox-status")).to_contain_text("Waiting to be sent: 1.")
    shot(page, artifacts, "offline-reloaded-queued-phone")

    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox-status")).to_have_text(
        "All visits logged on this device have been sent.", timeout=30_000
    )
    assert int(api_get(page, "/api/v1/deliveries/?page_size=1")["count"]) == before + 1
    # stored once: another page load online sends nothing again
    page.reload()
    expect(page.get_by_test_id("outbox-status")).to_have_text("All visits logged on this device have been sent.")
    assert int(api_get(page, "/api/v1/deliveries/?page_size=1")["count"]) == before + 1

    # logging out deletes the visit list kept on the phone (a shared phone keeps no one's clients)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    assert page.evaluate(KEPT, "cus-data-visits") == 0
    assert page.evaluate(KEPT, "cus-data-session") == 0


def test_a_volunteer_logs_hours_offline_and_they_are_stored_once_back_online(new_page, artifacts: Path) -> None:
    page = new_page(viewport=PHONE)
    login_via_api(page, "volunteer@cus.example")
    page.goto("/volunteer")
    expect(page.get_by_role("heading", level=1, name="My volunteering")).to_be_visible()
    expect(page.get_by_label("Activity").locator("option")).not_to_have_count(1)
    before = int(api_get(page, "/api/v1/volunteer-hours/?page_size=1")["count"])

    page.context.set_offline(True)
    page.get_by_label("Minutes").fill("75")
    page.get_by_label("Activity").select_option(index=1)
    page.get_by_role("button", name="Save hours").click()
    expect(page.get_by_text("Saved on this device; the hours will be sent")).to_be_visible()
    expect(page.get_by_test_id("hours-outbox-status")).to_contain_text("Waiting to be sent: 1.")
    shot(page, artifacts, "volunteer-hours-offline-phone")

    page.context.set_offline(False)
    expect(page.get_by_test_id("hours-outbox-item")).to_have_count(0, timeout=30_000)
    assert int(api_get(page, "/api/v1/volunteer-hours/?page_size=1")["count"]) == before + 1
    page.reload()
    expect(page.get_by_role("heading", level=1, name="My volunteering")).to_be_visible()
    expect(page.get_by_test_id("hours-outbox-item")).to_have_count(0)
    assert int(api_get(page, "/api/v1/volunteer-hours/?page_size=1")["count"]) == before + 1


def test_on_a_360px_phone_the_navigation_folds_behind_a_menu_button(new_page, artifacts: Path, provider_logins) -> None:
    page = new_page(viewport=SMALL_PHONE)
    login_via_api(page, provider_logins[0])
    page.goto("/provider/visits")
    heading = page.get_by_role("heading", level=1, name="My visits")
    expect(heading).to_be_visible()
    nav = page.get_by_role("navigation", name="Main navigation")
    menu = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")

    # the first screen is the page, not the header: the header takes well under a fifth of it
    header = page.locator("header.topbar").bounding_box()
    assert header is not None
    assert header["height"] / SMALL_PHONE["height"] < 0.15, header
    box = heading.bounding_box()
    assert box is not None
    assert box["y"] < SMALL_PHONE["height"] * 0.25, box
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    shot(page, artifacts, "menu-folded-360")

    # keyboard: the button opens the menu, whose links are reachable; Escape closes it and the focus is back on it
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="My logs")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    shot(page, artifacts, "menu-open-360")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()

    # choosing a page in the menu closes it
    menu.click()
    nav.get_by_role("link", name="My logs").click()
    expect(page.get_by_role("heading", level=1, name="My logs")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()


def test_on_a_desktop_the_navigation_stays_open_without_a_menu_button(new_page, provider_logins) -> None:
    page = new_page()
    login_via_api(page, provider_logins[0])
    page.goto("/provider/visits")
    expect(page.get_by_role("heading", level=1, name="My visits")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
