"""Journeys (issue 15, providers and funding sources): the centre's manager registers a provider (a wrong tax ID is
refused on its field, nothing written; the right one accepted), adds an offering, publishes it and sees the card the
public catalogue shows; the provider list fits a phone; and, separately, the manager adds a funding source."""

from __future__ import annotations

import re

import pytest

from .axe import assert_accessible
from .conftest import PHONE, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
# No sideways scrolling, and no element reaching past the screen's right edge (a wide select would, even where an
# ancestor clips it).
NOTHING_SIDEWAYS = """() => document.documentElement.scrollWidth <= window.innerWidth + 1
    && [...document.querySelectorAll("body *")].every((el) => el.getBoundingClientRect().right <= window.innerWidth + 1)"""


def nip(body: str) -> str:
    """A valid Polish NIP from its first nine digits (the demo centre is Polish)."""
    check = sum(int(d) * w for d, w in zip(body, NIP_WEIGHTS, strict=True)) % 11
    assert check != 10, "no NIP starts with these digits"
    return body + str(check)


def test_a_manager_registers_a_provider_publishes_an_offering_and_sees_the_public_card(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")
    page.goto("/manager/providers")
    expect(page.get_by_role("heading", level=1, name="Providers")).to_be_visible()
    expect(page.get_by_test_id("provider-row").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="New provider").click()
    form = page.get_by_role("form", name="New provider")
    expect(form).to_be_visible()
    assert_accessible(page)
    form.get_by_role("textbox", name="Name", exact=True).fill("E2E Opieka Domowa")
    form.get_by_label("Legal form").select_option("social_cooperative")
    valid = nip("952004313")
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    form.get_by_label("Tax ID", exact=True).fill(wrong)
    form.get_by_label("Municipality").fill("Gdańsk")
    form.get_by_label("Areas served").fill("Oliwa, Wrzeszcz")
    form.get_by_label("Seniors").check()
    form.get_by_label("List this provider in the public catalogue").check()
    form.get_by_role("button", name="Register the provider").click()
    tax_id = form.get_by_label("Tax ID", exact=True)
    expect(tax_id).to_have_attribute("aria-invalid", "true")  # the check digit is wrong: refused on the field
    expect(form.locator(".field-invalid")).to_contain_text("NIP")
    assert api_get(page, "/api/v1/providers/?search=E2E Opieka")["count"] == 0  # nothing written
    shot(page, artifacts, "provider-tax-id-refused")

    tax_id.fill(f"PL {valid[:3]}-{valid[3:6]}-{valid[6:8]}-{valid[8:]}")  # as people type it
    form.get_by_role("button", name="Register the provider").click()
    expect(page).to_have_url(re.compile(r"/manager/providers/[0-9a-f-]{36}$"))
    expect(page.get_by_role("status").filter(has_text="The provider is registered.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("E2E Opieka Domowa")
    expect(page.get_by_text(valid, exact=False).first).to_be_visible()  # stored without separators or prefix
    provider_id = page.url.rsplit("/", 1)[-1]
    assert_accessible(page)

    page.get_by_role("button", name="Add an offering").click()
    offering = page.get_by_role("form", name="Add an offering")
    offering.get_by_role("button", name="Save").click()
    expect(offering.get_by_label("Service")).to_have_attribute("aria-invalid", "true")  # required
    offering.get_by_label("Service").select_option(index=1)
    service_name = offering.get_by_label("Service").evaluate("el => el.options[el.selectedIndex].text")
    offering.get_by_label("Capacity").fill("12")
    offering.get_by_label("Schedule").fill("Mon–Fri 8:00–16:00")
    offering.get_by_label("In English").fill("Help at home for older people.")
    offering.get_by_role("button", name="Save").click()
    card = page.get_by_test_id("offering").filter(has_text=service_name)
    expect(page.get_by_role("status").filter(has_text="The offering is added.")).to_be_visible()
    expect(card).to_contain_text("Not public")
    assert api_get(page, f"/api/public/services/?provider={provider_id}")["count"] == 0

    card.get_by_role("button", name="Publish").click()
    card.get_by_role("form", name="Publish").get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="The offering is public.")).to_be_visible()
    expect(card).to_contain_text("Public")
    shot(page, artifacts, "provider-offering-published")

    page.get_by_role("tab", name="What the public sees").click()
    preview = page.get_by_role("list", name="Public catalogue cards").get_by_test_id("public-service")
    expect(preview).to_have_count(1)
    expect(preview).to_contain_text("Mon–Fri 8:00–16:00")
    expect(preview).to_contain_text("Help at home for older people.")
    expect(preview).to_contain_text("E2E Opieka Domowa")
    assert_accessible(page)
    shot(page, artifacts, "provider-public-preview")
    published = api_get(page, f"/api/public/services/?provider={provider_id}&lang=en")
    assert published["count"] == 1  # the preview shows what the public catalogue really publishes
    assert published["results"][0]["schedule"] == "Mon–Fri 8:00–16:00"

    page.get_by_role("tab", name="Locations").click()
    page.get_by_role("button", name="Add a location").click()
    place = page.get_by_role("form", name="Add a location")
    place.get_by_label("Name of the place").fill("Klub Seniora Oliwa")
    place.get_by_label("Street").fill("ul. Pomorska 5")
    place.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The location is added.")).to_be_visible()
    expect(page.get_by_test_id("location").filter(has_text="Klub Seniora Oliwa")).to_contain_text("ul. Pomorska 5")

    page.get_by_role("link", name="Edit", exact=True).click()
    edit = page.get_by_role("form", name="Change E2E Opieka Domowa")
    expect(edit.get_by_label("Tax ID", exact=True)).to_have_value(valid)
    edit.get_by_label("Phone").fill("+48 58 555 01 02")
    edit.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The provider is saved.")).to_be_visible()
    expect(page.get_by_text("+48 58 555 01 02")).to_be_visible()


def test_the_provider_list_fits_a_phone(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, "manager@cus.example")
    page.goto("/manager/providers")
    expect(page.get_by_test_id("provider-row").first).to_be_visible()
    assert page.evaluate(NOTHING_SIDEWAYS), "the list scrolls sideways"
    shot(page, artifacts, "providers-phone")
    page.get_by_test_id("provider-row").first.get_by_role("link").click()
    expect(page.get_by_role("tab", name="Offerings")).to_be_visible()
    expect(page.get_by_test_id("offering").first).to_be_visible()
    assert page.evaluate(NOTHING_SIDEWAYS), "the provider scrolls sideways"
    assert_accessible(page)
    shot(page, artifacts, "provider-phone")


def test_a_manager_adds_a_funding_source(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")
    page.goto("/manager/funding-sources")
    expect(page.get_by_role("heading", level=1, name="Funding sources")).to_be_visible()
    page.get_by_role("button", name="Add a funding source").click()
    form = page.get_by_role("form", name="Add a funding source")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("textbox", name="Name")).to_have_attribute("aria-invalid", "true")  # required
    assert_accessible(page)

    form.get_by_role("textbox", name="Name").fill("E2E ESF+ Wsparcie seniorów")
    form.get_by_label("Kind").select_option("esf_plus")
    form.get_by_label("Project or programme code").fill("FEPM.05.12-IZ.00-0042/26")
    form.get_by_label("Starts on").fill("2026-01-01")
    form.get_by_label("Ends on").fill("2025-12-31")  # before it starts: refused on a date field
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("Ends on")).to_have_attribute("aria-invalid", "true")
    assert api_get(page, "/api/v1/funding-sources/?search=E2E ESF")["count"] == 0

    form.get_by_label("Ends on").fill("2028-12-31")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The funding source is added.")).to_be_visible()
    expect(page.get_by_test_id("funding-source").filter(has_text="E2E ESF+ Wsparcie seniorów")).to_contain_text("ESF+ project")
    assert_accessible(page)
    shot(page, artifacts, "funding-source-added")
    found = api_get(page, "/api/v1/funding-sources/?search=E2E ESF")["results"][0]
    assert found["kind"] == "esf_plus"
    assert found["end_date"] == "2028-12-31"
