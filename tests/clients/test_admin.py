"""The Django admin lists and opens every client-registry record; the access log is read-only."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from cus.clients.models import CaseReferenceCounter, ClientAccessLog

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
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
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
    pk = objects[model].pk
    assert browser.get(f"{base}{pk}/change/").status_code == 200
    assert browser.get(f"{base}{pk}/history/").status_code == 200


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
