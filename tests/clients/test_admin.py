"""The Django admin lists and opens every client-registry record, and every record opened there is in the client's
access log (the platform operator, when, what, from where); the lists show no special-category data; the access log
is read-only."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from cus.clients.models import CaseReferenceCounter, ClientAccessLog
from cus.core.admin_access import OPERATOR_ROLE

from ..factories import UserFactory
from .factories import (
    AssessmentAreaFactory,
    ConsentFactory,
    ContactPersonFactory,
    IdentifiedNeedFactory,
    ReferralFactory,
)


@pytest.fixture
def browser(db) -> Browser:
    browser = Browser()
    browser.operator = UserFactory(is_staff=True, is_superuser=True)
    browser.force_login(browser.operator)
    return browser


@pytest.mark.parametrize(
    "model", ["client", "consent", "contactperson", "referral", "assessment", "assessmentarea", "identifiedneed"]
)
def test_admin_lists_opens_and_shows_history_of_every_model(browser, caseload, model):
    area = AssessmentAreaFactory(assessment__client=caseload.own)
    need = IdentifiedNeedFactory(assessment=area.assessment)
    objects = {
        "client": caseload.own,
        "consent": ConsentFactory(client=caseload.own),
        "contactperson": ContactPersonFactory(client=caseload.own),
        "referral": ReferralFactory(client=caseload.own),
        "assessment": area.assessment,
        "assessmentarea": area,
        "identifiedneed": need,
    }
    base = f"/admin/clients/{model}/"
    assert browser.get(base).status_code == 200
    assert not ClientAccessLog.objects.exists()  # a list is for finding a record: not a read of one
    pk = objects[model].pk
    assert browser.get(f"{base}{pk}/change/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Firefox").status_code == 200
    assert browser.get(f"{base}{pk}/history/").status_code == 200
    view, history = ClientAccessLog.objects.order_by("at", "id")
    operator = browser.operator
    assert (view.client, view.centre, view.user, view.role, view.action) == (
        caseload.own, caseload.own.centre, operator, OPERATOR_ROLE, "view"
    )
    assert (view.path, view.ip_address, view.user_agent) == (f"{base}{pk}/change/", "192.0.2.7", "Firefox")
    assert (history.client, history.user, history.action, history.path) == (
        caseload.own, operator, "history", f"{base}{pk}/history/"
    )


def test_opening_a_clients_change_page_writes_one_access_log_row(browser, caseload):
    response = browser.get(f"/admin/clients/client/{caseload.foreign.pk}/change/")
    assert response.status_code == 200
    entry = ClientAccessLog.objects.get()
    assert (entry.client, entry.centre, entry.user, entry.role, entry.action) == (
        caseload.foreign, caseload.foreign.centre, browser.operator, OPERATOR_ROLE, "view"
    )


def test_an_unknown_or_missing_record_logs_nothing(browser, caseload):
    browser.get("/admin/clients/client/not-an-id/change/")
    browser.get(f"/admin/clients/consent/{caseload.own.pk}/change/")  # a client's id is no consent's
    assert not ClientAccessLog.objects.exists()


def test_the_client_list_shows_no_special_category_data(browser, caseload):
    caseload.own.health_summary = "Depresja, leczenie psychiatryczne"
    caseload.own.national_id = "41020312345"
    caseload.own.save()
    page = browser.get("/admin/clients/client/").content.decode()
    assert caseload.own.reference in page
    assert "Depresja" not in page
    assert "41020312345" not in page
    assert "1941" not in page  # not even the birth date
    assert caseload.own.reference not in browser.get("/admin/clients/client/", {"q": "41020312345"}).content.decode()
    assert not ClientAccessLog.objects.exists()


def test_lists_of_records_under_a_client_name_them_only_by_the_case_reference(browser, caseload):
    ReferralFactory(client=caseload.own, source="police")
    AssessmentAreaFactory(assessment__client=caseload.own, area="health", score=4)
    for model in ("referral", "assessmentarea", "consent", "assessment"):
        page = browser.get(f"/admin/clients/{model}/").content.decode()
        assert caseload.own.last_name not in page, model
    assert "Police" not in browser.get("/admin/clients/referral/").content.decode()


def test_admin_shows_counters_and_the_access_log_but_cannot_change_the_log(browser, caseload, coordinator):
    CaseReferenceCounter.objects.create(centre=caseload.own.centre, year=2026, last_number=3)
    entry = ClientAccessLog.objects.create(
        centre=caseload.own.centre, client=caseload.own, user=coordinator, role="coordinator", action="view"
    )
    assert browser.get("/admin/clients/casereferencecounter/").status_code == 200
    assert browser.get("/admin/clients/clientaccesslog/").status_code == 200
    assert browser.get(f"/admin/clients/clientaccesslog/{entry.pk}/change/").status_code == 200  # view only
    assert browser.get("/admin/clients/clientaccesslog/add/").status_code == 403
    assert browser.post(f"/admin/clients/clientaccesslog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ClientAccessLog.objects.filter(pk=entry.pk).exists()
