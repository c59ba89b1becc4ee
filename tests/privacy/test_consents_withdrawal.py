"""Withdrawing a consent the centre rests a purpose on stops that processing from then on, each consequence in the
history with the reason: the participation is closed ("withdrew consent"), the provider's access to the client ends
(its planned services go back to the waiting list), pending survey links are revoked. Nothing stops where the
purpose rests on a law or a public task, or while another valid consent still covers it."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.clients import services as clients
from cus.clients.models import Participation
from cus.plans import services as plans
from cus.plans.models import PlannedService
from cus.privacy.models import Purpose
from cus.quality import services as quality
from cus.quality.models import SurveyInvitation

from ..factories import PlannedServiceFactory, ProviderFactory
from ..plans.factories import contract_line
from ..quality.factories import assigned_service
from .consents_setup import as_actor, give_consent, line, person, project, set_basis, today, waiting_service

__all__ = ["as_actor", "line", "person", "project", "waiting_service"]  # fixtures used below

CONSENTS = "/api/v1/consents/"


def withdraw(api, user, consent, **body):
    response = api(user).post(f"{CONSENTS}{consent.pk}/withdraw/", {"reason": "Changed her mind", **body})
    assert response.status_code == 200, response.json()
    return response


# --- the ESF+ participation closes ---------------------------------------------------------------------------------


def test_withdrawing_the_project_consent_closes_the_participation_with_the_reason(
    api, as_actor, centre, coordinator, person, project
):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    consent = give_consent(person, Purpose.EU_PROJECT, by=coordinator)
    participation = clients.start_participation(
        actor=as_actor(coordinator), client=person, funding_source=project,
        entry_date=today(centre) - dt.timedelta(days=20),
    )
    withdrawn_on = today(centre) - dt.timedelta(days=2)
    withdraw(api, coordinator, consent, date=str(withdrawn_on))
    participation.refresh_from_db()
    assert participation.exit_date == withdrawn_on
    assert participation.exit_reason == "consent_withdrawn"
    assert participation.exit_in_employment is None  # results not known
    record = participation.history.first()
    assert record.history_user == coordinator
    assert "withdrawn on" in record.history_change_reason
    assert "Changed her mind" in record.history_change_reason


def test_a_participation_that_began_after_the_withdrawal_date_closes_on_its_entry_date(
    as_actor, centre, coordinator, person, project
):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    consent = give_consent(person, Purpose.EU_PROJECT, by=coordinator, given_on=today(centre) - dt.timedelta(days=60))
    entry = today(centre) - dt.timedelta(days=5)
    participation = clients.start_participation(
        actor=as_actor(coordinator), client=person, funding_source=project, entry_date=entry
    )
    clients.withdraw_consent(
        actor=as_actor(coordinator), consent=consent, date=today(centre) - dt.timedelta(days=30)
    )
    participation.refresh_from_db()
    assert (participation.exit_date, participation.exit_reason) == (entry, "consent_withdrawn")


def test_where_the_project_rests_on_law_withdrawing_closes_nothing(as_actor, centre, coordinator, person, project):
    consent = give_consent(person, Purpose.EU_PROJECT, by=coordinator)
    participation = clients.start_participation(
        actor=as_actor(coordinator), client=person, funding_source=project, entry_date=today(centre)
    )
    clients.withdraw_consent(actor=as_actor(coordinator), consent=consent)
    participation.refresh_from_db()
    assert participation.exit_date is None


def test_another_valid_project_consent_keeps_the_participation(as_actor, centre, coordinator, person, project):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    first = give_consent(person, Purpose.EU_PROJECT, by=coordinator)
    give_consent(person, Purpose.EU_PROJECT, by=coordinator, given_on=today(centre))
    clients.start_participation(
        actor=as_actor(coordinator), client=person, funding_source=project, entry_date=today(centre)
    )
    clients.withdraw_consent(actor=as_actor(coordinator), consent=first)
    assert Participation.objects.get().exit_date is None


# --- the provider's access ends ------------------------------------------------------------------------------------


def test_withdrawing_the_sharing_consent_ends_the_providers_access(
    api, as_actor, member, centre, coordinator, person, waiting_service, line
):
    set_basis(centre, Purpose.SHARING_WITH_PROVIDERS, "consent")
    provider = line.contract.provider
    consent = give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(provider,))
    plans.assign_provider(actor=as_actor(coordinator), planned_service=waiting_service, contract_line=line)
    staff = member("provider", centre, provider=provider)
    assert api(staff).get(f"/api/v1/planned-services/{waiting_service.pk}/").status_code == 200

    withdraw(api, coordinator, consent)
    service = PlannedService.objects.get(pk=waiting_service.pk)
    assert (service.status, service.provider_id, service.contract_line_id) == ("waiting", None, None)
    assert service.waiting_since == today(centre)
    record = service.history.first()
    assert provider.name in record.history_change_reason
    assert "Sharing data with named providers" in record.history_change_reason
    assert record.history_user == coordinator
    assert api(staff).get(f"/api/v1/planned-services/{waiting_service.pk}/").status_code == 404
    assert api(staff).get(f"/api/v1/clients/{person.pk}/").status_code == 404


def test_a_provider_still_named_by_another_valid_consent_keeps_its_access(
    as_actor, centre, coordinator, person, waiting_service, line
):
    set_basis(centre, Purpose.SHARING_WITH_PROVIDERS, "consent")
    provider = line.contract.provider
    other = ProviderFactory(centre=centre)
    withdrawn = give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(provider, other))
    give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(provider,))
    other_service = PlannedServiceFactory(
        plan=waiting_service.plan, contract_line=contract_line(centre, contract__provider=other)
    )
    plans.assign_provider(actor=as_actor(coordinator), planned_service=waiting_service, contract_line=line)
    clients.withdraw_consent(actor=as_actor(coordinator), consent=withdrawn)
    assert PlannedService.objects.get(pk=waiting_service.pk).provider_id == provider.pk
    assert PlannedService.objects.get(pk=other_service.pk).provider_id is None


def test_where_sharing_is_a_public_task_withdrawing_keeps_the_provider(as_actor, centre, coordinator):
    service = assigned_service(centre, coordinator)
    consent = give_consent(
        service.plan.client, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(service.provider,)
    )
    clients.withdraw_consent(actor=as_actor(coordinator), consent=consent)
    assert PlannedService.objects.get(pk=service.pk).status == "assigned"


# --- no more surveys ---------------------------------------------------------------------------------------------


def test_withdrawing_the_survey_consent_revokes_pending_links(api, as_actor, centre, coordinator):
    service = assigned_service(centre, coordinator)  # its client consented to surveys
    consent = service.plan.client.consents.get(kind="surveys")
    pending, token = quality.invite_to_survey(actor=as_actor(coordinator), planned_service=service)
    _answered, answered_token = quality.invite_to_survey(actor=as_actor(coordinator), planned_service=service)
    assert api().post(f"/api/public/surveys/{answered_token}/", {"overall": 4}, format="json").status_code == 201

    withdraw(api, coordinator, consent)
    pending.refresh_from_db()
    assert pending.revoked_at is not None
    assert "Satisfaction surveys" in pending.history.first().history_change_reason
    assert SurveyInvitation.objects.filter(revoked_at__isnull=True).count() == 1  # the answered one stays as it was
    assert api().get(f"/api/public/surveys/{token}/").status_code == 410
    assert api(coordinator).post(
        "/api/v1/survey-invitations/", {"planned_service": str(service.pk)}
    ).status_code == 409


def test_a_failing_consequence_leaves_the_consent_unwithdrawn(as_actor, centre, coordinator, person, monkeypatch):
    from cus.privacy import services as privacy

    set_basis(centre, Purpose.SURVEYS, "consent")
    consent = give_consent(person, Purpose.SURVEYS, by=coordinator)

    def broken(stop):
        raise RuntimeError("the consequence failed")

    monkeypatch.setitem(privacy._handlers, Purpose.SURVEYS, {"broken": broken})
    with pytest.raises(RuntimeError):
        clients.withdraw_consent(actor=as_actor(coordinator), consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
