"""Journey (issue 15, month close and corrections): a manager sees what keeps last month open and approves a submitted
statement (it leaves the list), is refused closing the month while others are pending (the refusal names them),
closes the month before it (all approved); a provider's worker, on a phone, corrects a log of that closed month with a
reason and sees the original marked corrected beside the correcting entry; the manager re-opens the month with a
reason. Each new screen passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest

from .axe import assert_accessible
from .conftest import PHONE, PROVIDER_LOGINS, api_get, login_with_form, shot

pytestmark = pytest.mark.e2e


def _months() -> tuple[dt.date, dt.date]:
    """Last month and the one before it (first days)."""
    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return last, (last - dt.timedelta(days=1)).replace(day=1)


def _label(month: dt.date) -> str:
    return f"{month:%B %Y}"  # en-GB, as formatMonth shows it


def _post(page, path: str, data: dict) -> dict:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.context.request.post(path, data=data, headers={"X-CSRFToken": token})
    assert response.ok, f"{path}: {response.status} {response.text()[:300]}"
    return response.json()


def test_a_manager_closes_a_month_a_provider_corrects_a_log_in_it_and_the_manager_reopens_it(new_page, artifacts):
    from playwright.sync_api import expect

    last, before = _months()
    manager = new_page()
    login_with_form(manager, "manager@cus.example")
    manager.goto("/manager/months")
    expect(manager.get_by_role("heading", name="Month close")).to_be_visible()
    expect(manager.get_by_role("row", name=_label(last))).to_contain_text("Open")
    assert_accessible(manager)

    # Last month: what keeps it open, each blocker linked to where it is dealt with.
    manager.get_by_role("button", name=f"Check and close {_label(last)}").click()
    blockers = manager.get_by_role("table", name=f"What keeps {_label(last)} open")
    expect(blockers).to_be_visible()
    listed = api_get(manager, f"/api/v1/month-closes/blockers/?month={last:%Y-%m}")
    assert listed, "the demo's last month has statements waiting"
    expect(blockers.get_by_test_id("blocker")).to_have_count(len(listed))
    submitted = next(b for b in listed if b["status"] == "submitted")
    row = blockers.get_by_test_id("blocker").filter(has_text=submitted["contract_number"])
    expect(row).to_contain_text("Submitted")
    expect(row.get_by_role("link", name=f"Statements of {submitted['provider_name']}")).to_have_attribute(
        "href", f"/statements?status=submitted&month={last:%Y-%m}"
    )
    assert_accessible(manager)
    shot(manager, artifacts, "month-close-blockers")

    # The statement is approved (as on the statements screen): it no longer keeps the month open.
    _post(manager, f"/api/v1/statements/{submitted['statement']}/approve/", {"reason": "checked by the month close journey"})
    manager.reload()
    blockers = manager.get_by_role("table", name=f"What keeps {_label(last)} open")
    expect(blockers.get_by_test_id("blocker")).to_have_count(len(listed) - 1)
    expect(blockers.get_by_test_id("blocker").filter(has_text=submitted["contract_number"])).to_have_count(0)

    # Closing while others are pending is refused by the centre, which names them.
    manager.get_by_role("button", name=f"Close {_label(last)}", exact=True).click()
    form = manager.get_by_role("form", name=f"Close {_label(last)}", exact=True)
    form.get_by_role("button", name=f"Close {_label(last)}", exact=True).click()
    pending = next(b for b in listed if b is not submitted)
    expect(form.get_by_role("alert")).to_contain_text("cannot be closed before its statements are approved")
    expect(form.get_by_role("alert")).to_contain_text(pending["contract_number"])
    form.get_by_role("button", name="Cancel").click()

    # The month before: every statement approved; closed with a confirmation, and feedback.
    manager.get_by_role("button", name="Back to the months").click()
    manager.get_by_role("button", name=f"Check and close {_label(before)}").click()
    expect(manager.get_by_text("Every statement of this month is approved: it can be closed.")).to_be_visible()
    manager.get_by_role("button", name=f"Close {_label(before)}", exact=True).click()
    form = manager.get_by_role("form", name=f"Close {_label(before)}", exact=True)
    form.get_by_role("button", name=f"Close {_label(before)}", exact=True).click()
    expect(manager.get_by_role("status").filter(has_text=f"{_label(before)} is closed")).to_be_visible()
    closed_row = manager.get_by_role("row", name=_label(before))
    expect(closed_row).to_contain_text("Closed")
    expect(closed_row).to_contain_text("manager@cus.example")

    # A provider's worker, on a phone, corrects a log of the closed month.
    phone = new_page(viewport=PHONE)
    for email in PROVIDER_LOGINS:
        login_with_form(phone, email)
        if api_get(phone, f"/api/v1/deliveries/?month={before:%Y-%m}&outcome=delivered&page_size=1")["count"]:
            break
        phone.context.clear_cookies()
    else:
        pytest.fail(f"no demo provider has logs in {before:%Y-%m}")
    phone.goto(f"/provider/logs?month={before:%Y-%m}")
    expect(phone.get_by_role("heading", name="My logs")).to_be_visible()
    assert_accessible(phone)
    correct = phone.get_by_role("button", name="Correct the log of").first
    target = correct.get_attribute("aria-label")
    assert target
    rows = phone.get_by_test_id("delivery-row")
    index = rows.evaluate_all(
        "(rows) => rows.findIndex((row) => row.querySelector('button[aria-label^=\"Correct the log of\"]'))"
    )
    original = rows.nth(index)  # the row stays where it is; its button goes once it is corrected
    correct.click()
    form = phone.get_by_role("form", name=target)
    expect(form).to_be_visible()
    form.get_by_label("Outcome").select_option("client_absent")
    form.get_by_role("button", name="Save the correction").click()
    expect(form.get_by_role("textbox", name="Why it is corrected")).to_have_attribute("aria-invalid", "true")
    assert_accessible(phone)
    form.get_by_role("textbox", name="Why it is corrected").fill("The client was in hospital that day.")
    form.get_by_role("button", name="Save the correction").click()
    expect(phone.get_by_role("status").filter(has_text="is corrected")).to_contain_text(
        "the correcting entry of"
    )
    expect(original.get_by_test_id("corrected")).to_contain_text("Corrected")
    expect(original.get_by_test_id("corrected")).to_contain_text("Client absent")
    expect(original).to_have_class("corrected")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(phone)
    shot(phone, artifacts, "month-close-correction-phone")

    # The manager re-opens the month, saying why.
    manager.reload()
    closed_row = manager.get_by_role("row", name=_label(before))
    closed_row.get_by_role("button", name="Re-open").click()
    closed_row.get_by_role("button", name="Re-open").click()
    expect(closed_row.get_by_role("textbox", name="Reason")).to_have_attribute("aria-invalid", "true")
    closed_row.get_by_role("textbox", name="Reason").fill("A provider's late correction to check.")
    closed_row.get_by_role("button", name="Re-open").click()
    expect(manager.get_by_role("status").filter(has_text=f"{_label(before)} is re-opened")).to_be_visible()
    expect(manager.get_by_role("row", name=_label(before))).to_contain_text("Re-opened")
    expect(manager.get_by_role("row", name=_label(before))).to_contain_text("A provider's late correction to check.")
    assert_accessible(manager)
    shot(manager, artifacts, "month-close-reopened")
