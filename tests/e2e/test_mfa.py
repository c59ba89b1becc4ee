"""Journey: a coordinator sets up two-factor sign-in on a phone, signs in with a code and with a recovery code,
then turns it off; a manager (whose role requires it) signs in with the demo authenticator's code; a visitor
asks for a password-reset link."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, login_with_form, shot, totp_code

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator5@cus.example"  # used by no other journey: its two-factor set-up changes its sign-in


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_coordinator_sets_up_two_factor_sign_in_on_a_phone(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_with_form(page, COORDINATOR)
    page.goto("/profile")
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    key = page.locator("code.mfa-key").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", key), key
    no_sideways_scroll(page)
    shot(page, artifacts, "mfa-enrolment-phone")

    page.get_by_label("Code").fill(totp_code(key, account=COORDINATOR))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_focused()
    codes = [c.strip() for c in page.locator(".mfa-code-list code").all_inner_texts()]
    assert len(codes) == 10
    no_sideways_scroll(page)
    page.get_by_role("button", name="I have saved them").click()
    expect(page.get_by_role("status").filter(has_text="Two-factor sign-in is on.")).to_be_visible()
    expect(page.get_by_text("Recovery codes left: 10")).to_be_visible()

    # Signing in again asks for a code: the app's, then (another time) a recovery code.
    page.get_by_role("button", name="Menu").click()  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    login_with_form(page, COORDINATOR, code=totp_code(key, account=COORDINATOR))
    # The home's lists arrive and push the page down: a click while they land can hit a client's link instead.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))  # (going there while the log-out navigates would abort)
    page.get_by_label("E-mail").fill(COORDINATOR)
    page.get_by_label("Password").fill("cus-demo-harbour")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_focused()
    no_sideways_scroll(page)
    shot(page, artifacts, "mfa-login-second-step-phone")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    # A wrong code is the code field's error (marked invalid, its message read with it), not a page alert.
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error")).to_have_text("This code is not right.")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    expect(page).not_to_have_url(re.compile(r"/login"))

    # Turned off again, with the password (a coordinator's role does not require it).
    page.goto("/profile")
    expect(page.get_by_text("Recovery codes left: 9")).to_be_visible()
    page.get_by_role("button", name="Turn two-factor sign-in off").click()
    page.get_by_role("textbox", name="Your password", exact=True).fill("cus-demo-harbour")
    page.get_by_role("button", name="Turn two-factor sign-in off").click()
    expect(page.get_by_role("status").filter(has_text="Two-factor sign-in is off.")).to_be_visible()


def test_a_manager_signs_in_with_the_demo_authenticator_code(new_page):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "manager@cus.example")
    page.goto("/profile")
    expect(page.get_by_text("Your role requires it.")).to_be_visible()
    expect(page.get_by_role("button", name="Turn two-factor sign-in off")).to_have_count(0)


def test_a_visitor_asks_for_a_password_reset_link_on_a_phone(new_page, artifacts):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail").fill("nobody@cus.example")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("If an account uses this e-mail")
    no_sideways_scroll(page)
    shot(page, artifacts, "forgot-password-phone")
