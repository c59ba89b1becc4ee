"""The public community plans: only adopted and closed plans, with their tree and progress, never a draft, never a
staff member's name or a raised need; one centre's by ?centre=; the PDF; no login, public caching."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from .factories import (
    ActivityFactory,
    CommunityPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PartnerFactory,
    RaisedNeedFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(centre, manager):
    plan = CommunityPlanFactory(centre=centre, status="adopted", title="Adopted programme")
    activity = ActivityFactory(measure__priority__plan=plan, code="2.1.1", title="Day centre for dementia",
                               responsible_partner=PartnerFactory(centre=centre, name="Fundacja Pamięć",
                                                                  contact_name="Secret Contact Person"))
    indicator = IndicatorFactory(activity=activity, name="Places in day centres", kind="manual", target=40)
    IndicatorValueFactory(indicator=indicator, value=10, recorded_by=manager)
    RaisedNeedFactory(centre=centre, answered_by=activity, description="A need of Oksywie residents")
    return plan


def test_the_public_list_shows_adopted_and_closed_plans_never_drafts(api, centre, other_centre, adopted):
    CommunityPlanFactory(centre=centre, status="draft", title="Draft programme")
    closed = CommunityPlanFactory(centre=centre, status="closed", title="Closed programme")
    CommunityPlanFactory(centre=other_centre, status="adopted", title="Sopot programme")

    answer = api().get("/api/public/community-plans/", {"centre": centre.code})

    assert answer.status_code == 200
    titles = {plan["title"] for plan in answer.json()["results"]}
    assert titles == {"Adopted programme", closed.title}
    everywhere = {plan["title"] for plan in api().get("/api/public/community-plans/").json()["results"]}
    assert "Sopot programme" in everywhere
    assert "Draft programme" not in everywhere
    assert "public" in answer["Cache-Control"]


def test_a_draft_is_not_found_publicly(api, centre):
    draft = CommunityPlanFactory(centre=centre, status="draft")
    assert api().get(f"/api/public/community-plans/{draft.pk}/").status_code == 404
    assert api().get(f"/api/public/community-plans/{draft.pk}/document/").status_code == 404
    assert api().get("/api/public/community-plans/not-an-id/").status_code == 404


def test_the_public_plan_shows_the_tree_and_progress_and_nothing_about_people(
    api, adopted, manager, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        answer = api().get(f"/api/public/community-plans/{adopted.pk}/", {"lang": "en"})

    assert answer.status_code == 200
    body = answer.json()
    activity = body["priorities"][0]["measures"][0]["activities"][0]
    assert activity["responsible_partner"] == "Fundacja Pamięć"
    indicator = activity["indicators"][0]
    assert indicator["target"] == "40.00"
    assert indicator["actual"] == "10.00"
    assert indicator["progress_percent"] == "25.0"
    text = answer.content.decode()
    for secret in ("Secret Contact Person", manager.first_name, manager.last_name, "Oksywie residents", manager.email):
        assert secret not in text


def test_the_public_list_takes_a_bounded_number_of_queries(api, centre, django_assert_max_num_queries):
    for _ in range(15):
        CommunityPlanFactory(centre=centre, status="adopted")
    with django_assert_max_num_queries(4):
        assert api().get("/api/public/community-plans/").status_code == 200


def test_an_unknown_centre_is_a_bad_query(api):
    answer = api().get("/api/public/community-plans/", {"centre": "nowhere"})
    assert answer.status_code == 400
    assert "centre" in answer.json()


def test_the_public_pdf_of_an_adopted_plan(api, adopted):
    answer = api().get(f"/api/public/community-plans/{adopted.pk}/document/", {"lang": "en"})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Adopted programme" in text
    assert "Day centre for dementia" in text
    assert "Places in day centres" in text


def test_the_public_plans_take_no_writes(api, adopted):
    assert api().post("/api/public/community-plans/", {"title": "x"}).status_code in (403, 405)
    assert api().delete(f"/api/public/community-plans/{adopted.pk}/").status_code in (403, 405)


def test_the_public_answers_carry_the_security_headers(api, adopted):
    answer = api().get(f"/api/public/community-plans/{adopted.pk}/")
    assert "frame-ancestors 'none'" in answer["Content-Security-Policy"]
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Language"] == "en"
