"""Consent enforcement: where the centre rests a purpose on consent, the processing is refused (409
``consent_missing``, naming the consent) without a valid consent, allowed with one, and allowed without one where
the basis is a law or a public task. Purposes: ESF+ participation, sharing with an external provider, surveys."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.catalogue.models import LegalForm
from cus.clients import services as clients
from cus.clients.models import Participation
from cus.core.errors import Conflict
from cus.plans import services as plans
from cus.plans.models import PlannedService
from cus.privacy.models import Purpose
from cus.quality import services as quality
from cus.quality.models import SurveyInvitation

from ..factories import ProviderFactory
from ..plans.factories import contract_line
from ..quality.factories import assigned_service
from .consents_setup import as_actor, give_consent, line, person, project, set_basis, today, waiting_service

__all__ = ["as_actor", "line", "person", "project", "waiting_service"]  # fixtures used below

PARTICIPATIONS = "/api/v1/participations/"
SERVICES = "/api/v1/planned-services/"
LINKS = "/api/v1/survey-invitations/"
SURVEYS = "/api/v1/satisfaction-surveys/"


def enter(as_actor, coordinator, person, project):
    return clients.start_participation(
        actor=as_actor(coordinator), client=person, funding_source=project, entry_date=today(person.centre)
    )


# --- ESF+ participation -----------------------------------------------------------------------------------------


def test_esf_participation_is_refused_without_consent_naming_the_missing_consent(api, centre, coordinator, person, project):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    response = api(coordinator).post(
        PARTICIPATIONS, {"client": str(person.pk), "funding_source": str(project.pk), "entry_date": str(today(centre))}
    )
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["code"] == "consent_missing"
    assert body["consent_kind"] == "eu_project"
    assert body["purpose"] == "eu_project"
    assert body["client"] == str(person.pk)
    assert "Taking part in an EU-funded project" in body["detail"]
    assert not Participation.objects.exists()


def test_esf_participation_is_allowed_with_a_valid_consent(as_actor, centre, coordinator, person, project):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    give_consent(person, Purpose.EU_PROJECT, by=coordinator)
    assert enter(as_actor, coordinator, person, project).exit_date is None


def test_esf_participation_is_allowed_without_consent_where_the_basis_is_law(as_actor, coordinator, person, project):
    # The Polish default for ESF+ 2021-2027: the implementing act and the EU regulations (no consent needed).
    assert enter(as_actor, coordinator, person, project).pk is not None


@pytest.mark.parametrize(
    "state",
    [
        {"valid_until": "yesterday"},
        {"withdrawn_on": "yesterday"},
        {"given_on": "tomorrow"},
    ],
    ids=["expired", "withdrawn", "not_yet_given"],
)
def test_an_expired_withdrawn_or_future_consent_is_no_consent(as_actor, centre, coordinator, person, project, state):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    day = today(centre)
    days = {"yesterday": day - dt.timedelta(days=1), "tomorrow": day + dt.timedelta(days=1)}
    give_consent(person, Purpose.EU_PROJECT, by=coordinator, **{key: days[value] for key, value in state.items()})
    with pytest.raises(Conflict, match="Missing consent"):
        enter(as_actor, coordinator, person, project)


def test_another_kind_of_consent_does_not_cover_the_project(as_actor, centre, coordinator, person, project):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    give_consent(person, Purpose.DATA_PROCESSING, by=coordinator)
    give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator)
    with pytest.raises(Conflict, match="Missing consent"):
        enter(as_actor, coordinator, person, project)


# --- sharing with an external provider ----------------------------------------------------------------------------


def assign(api, coordinator, service, line):
    return api(coordinator).post(f"{SERVICES}{service.pk}/assign/", {"contract_line": str(line.pk)})


def test_assigning_an_external_provider_is_refused_without_consent_naming_it(
    api, centre, coordinator, person, waiting_service, line
):
    set_basis(centre, Purpose.SHARING_WITH_PROVIDERS, "consent")
    response = assign(api, coordinator, waiting_service, line)
    assert response.status_code == 409, response.json()
    body = response.json()
    assert (body["code"], body["consent_kind"]) == ("consent_missing", "sharing_with_providers")
    assert body["provider"] == str(line.contract.provider_id)
    assert line.contract.provider.name in body["detail"]
    waiting_service.refresh_from_db()
    assert (waiting_service.status, waiting_service.provider_id) == ("waiting", None)


def test_a_consent_naming_another_provider_does_not_cover_this_one(
    api, centre, coordinator, person, waiting_service, line
):
    set_basis(centre, Purpose.SHARING_WITH_PROVIDERS, "consent")
    give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(ProviderFactory(centre=centre),))
    give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator)  # names no provider at all
    assert assign(api, coordinator, waiting_service, line).status_code == 409


def test_assigning_an_external_provider_is_allowed_with_a_consent_naming_it(
    api, centre, coordinator, person, waiting_service, line
):
    set_basis(centre, Purpose.SHARING_WITH_PROVIDERS, "consent")
    give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(line.contract.provider,))
    response = assign(api, coordinator, waiting_service, line)
    assert response.status_code == 200, response.json()
    assert response.json()["provider"] == str(line.contract.provider_id)


def test_the_centres_own_unit_needs_no_consent_to_share(as_actor, centre, coordinator, waiting_service):
    set_basis(centre, Purpose.SHARING_WITH_PROVIDERS, "consent")
    own = contract_line(
        centre, service_type=waiting_service.service_type,
        contract__provider=ProviderFactory(centre=centre, legal_form=LegalForm.CENTRE),
    )
    service = plans.assign_provider(actor=as_actor(coordinator), planned_service=waiting_service, contract_line=own)
    assert service.status == "assigned"


def test_sharing_needs_no_consent_where_the_basis_is_a_public_task(as_actor, coordinator, waiting_service, line):
    # The Polish default: a CUS commissions the services of the plan as a public task.
    service = plans.assign_provider(actor=as_actor(coordinator), planned_service=waiting_service, contract_line=line)
    assert PlannedService.objects.get(pk=service.pk).provider_id == line.contract.provider_id


# --- satisfaction surveys ------------------------------------------------------------------------------------------


@pytest.fixture
def surveyed(centre, coordinator):
    """An assigned service whose client has no consent to surveys (the quality factory gives one: taken back)."""
    service = assigned_service(centre, coordinator)
    service.plan.client.consents.filter(kind="surveys").delete()
    return service


def test_a_survey_link_is_refused_without_consent(api, coordinator, surveyed):
    response = api(coordinator).post(LINKS, {"planned_service": str(surveyed.pk)})
    assert response.status_code == 409, response.json()
    assert response.json()["consent_kind"] == "surveys"
    assert "Satisfaction surveys" in response.json()["detail"]
    assert not SurveyInvitation.objects.exists()


def test_recording_a_survey_by_staff_is_refused_without_consent(api, coordinator, surveyed):
    response = api(coordinator).post(SURVEYS, {"planned_service": str(surveyed.pk), "overall": 4})
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "consent_missing"


def test_surveys_are_allowed_with_a_valid_consent(api, coordinator, surveyed):
    give_consent(surveyed.plan.client, Purpose.SURVEYS, by=coordinator)
    assert api(coordinator).post(LINKS, {"planned_service": str(surveyed.pk)}).status_code == 201
    assert api(coordinator).post(SURVEYS, {"planned_service": str(surveyed.pk), "overall": 4}).status_code == 201


def test_surveys_need_no_consent_where_the_basis_is_a_public_task(as_actor, centre, coordinator, surveyed):
    set_basis(centre, Purpose.SURVEYS, "public_task")
    invitation, token = quality.invite_to_survey(actor=as_actor(coordinator), planned_service=surveyed)
    assert token
    assert invitation.revoked_at is None


def test_a_link_whose_consent_ran_out_takes_no_answer(api, as_actor, centre, coordinator, surveyed):
    consent = give_consent(surveyed.plan.client, Purpose.SURVEYS, by=coordinator)
    _invitation, token = quality.invite_to_survey(actor=as_actor(coordinator), planned_service=surveyed)
    consent.valid_until = today(centre) - dt.timedelta(days=1)
    consent.save()
    response = api().post(f"/api/public/surveys/{token}/", {"overall": 5}, format="json")
    assert response.status_code == 410
    assert response.json()["code"] == "survey_link_revoked"
