"""survey-invitations/ and /api/public/surveys/{token}/: a one-time link for the client to answer themselves."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from cus.core.models import Role
from cus.quality.models import SatisfactionSurvey, SurveyInvitation

from .factories import assigned_service

URL = "/api/v1/survey-invitations/"
PUBLIC = "/api/public/surveys/{}/"


@pytest.fixture
def service(centre, coordinator):
    return assigned_service(centre, coordinator)


@pytest.fixture
def link(api, coordinator, service) -> str:
    response = api(coordinator).post(URL, {"planned_service": str(service.pk)})
    assert response.status_code == 201, response.json()
    return response.json()["token"]


ANSWERS = {"overall": 5, "punctuality": 4, "respect": 5, "needs_met": 4, "would_recommend": 5, "comment": "Thank you"}


def test_a_link_is_made_with_a_token_shown_once_and_only_its_hash_stored(api, coordinator, service):
    response = api(coordinator).post(URL, {"planned_service": str(service.pk), "expires_in_days": 14})
    assert response.status_code == 201
    data = response.json()
    token = data["token"]
    assert len(token) >= 40
    assert data["url"].endswith(f"/survey/{token}")
    invitation = SurveyInvitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in SurveyInvitation.objects.values_list(flat=False).get()]
    assert token not in stored
    assert not hasattr(invitation.history.model, "token_hash")
    assert timezone.now() + dt.timedelta(days=13) < invitation.expires_at <= timezone.now() + dt.timedelta(days=14)
    listed = api(coordinator).get(f"{URL}{invitation.pk}/").json()
    assert "token" not in listed
    assert "url" not in listed


def test_the_public_page_shows_the_service_and_provider_but_nothing_of_the_client(api, link, service):
    response = api().get(PUBLIC.format(link), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data = response.json()
    assert data["service_type_name"] == service.service_type.name_en
    assert data["provider_name"] == service.provider.name
    assert [q["key"] for q in data["questions"]] == ["overall", "punctuality", "respect", "needs_met", "would_recommend"]
    client = service.plan.client
    text = response.content.decode()
    for private in (client.first_name, client.last_name, client.reference, str(client.pk), str(service.pk)):
        assert private not in text


def test_the_public_page_speaks_the_browsers_language(api, link, service):
    # The questions go through gettext in the same language as the service type's name (translated data).
    polish = api().get(PUBLIC.format(link), HTTP_ACCEPT_LANGUAGE="pl").json()
    assert polish["service_type_name"] == service.service_type.name_pl
    english = api().get(PUBLIC.format(link), {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="pl").json()
    assert english["service_type_name"] == service.service_type.name_en
    assert polish["questions"][0]["text"] != english["questions"][0]["text"]


def test_without_a_browser_language_the_page_speaks_the_centres(api, link, centre, service):
    assert centre.language == "pl"
    assert api().get(PUBLIC.format(link)).json()["service_type_name"] == service.service_type.name_pl


def test_the_client_answers_once_and_the_link_is_spent(api, link, service):
    response = api().post(PUBLIC.format(link), ANSWERS, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201, response.json()
    survey = SatisfactionSurvey.objects.get()
    assert (survey.source, survey.recorded_by, survey.overall, survey.provider_id) == (
        "client_link", None, 5, service.provider_id
    )
    assert survey.history.get().history_change_reason == "survey filled in by the client through a link"
    invitation = SurveyInvitation.objects.get()
    assert invitation.used_at is not None
    assert invitation.survey == survey
    again = api().post(PUBLIC.format(link), ANSWERS)
    assert again.status_code == 410
    assert again.json()["code"] == "survey_link_used"
    assert api().get(PUBLIC.format(link)).status_code == 410
    assert SatisfactionSurvey.objects.count() == 1


def test_an_expired_link_is_gone(api, link):
    SurveyInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = api().get(PUBLIC.format(link))
    assert response.status_code == 410
    assert response.json()["code"] == "survey_link_expired"
    assert api().post(PUBLIC.format(link), ANSWERS).status_code == 410
    assert not SatisfactionSurvey.objects.exists()


def test_the_expired_message_is_translated(api, link):
    SurveyInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    english = api().get(PUBLIC.format(link), HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english == "This survey link has expired."
    assert api().get(PUBLIC.format(link), {"lang": "pl"}).json()["code"] == "survey_link_expired"


def test_an_unknown_token_is_not_found(api, link):
    response = api().get(PUBLIC.format(link[:-2] + "xx"))
    assert response.status_code == 404
    assert response.json()["code"] == "survey_link_unknown"
    assert api().post(PUBLIC.format("nonsense"), ANSWERS).status_code == 404


def test_a_revoked_link_is_gone(api, coordinator, link):
    invitation = SurveyInvitation.objects.get()
    assert api(coordinator).post(f"{URL}{invitation.pk}/revoke/").status_code == 200
    assert api().get(PUBLIC.format(link)).status_code == 410


def test_a_used_link_cannot_be_revoked(api, coordinator, link):
    api().post(PUBLIC.format(link), ANSWERS)
    invitation = SurveyInvitation.objects.get()
    assert api(coordinator).post(f"{URL}{invitation.pk}/revoke/").status_code == 409


@pytest.mark.parametrize(
    "bad",
    [{}, {"overall": 0}, {"overall": 6}, {"overall": 3, "respect": 9}, {"overall": "good"}, {"overall": 3, "comment": "x" * 5000}],
)
def test_bad_answers_are_refused_and_the_link_still_works(api, link, bad):
    response = api().post(PUBLIC.format(link), bad)
    assert response.status_code == 400
    assert not SatisfactionSurvey.objects.exists()
    assert SurveyInvitation.objects.get().used_at is None
    assert api().post(PUBLIC.format(link), ANSWERS).status_code == 201


@pytest.mark.parametrize(("change", "field"), [({"expires_in_days": 0}, "expires_in_days"),
                                               ({"expires_in_days": 91}, "expires_in_days"),
                                               ({"planned_service": "nope"}, "planned_service")])
def test_bad_link_input_is_refused(api, coordinator, service, change, field):
    response = api(coordinator).post(URL, {"planned_service": str(service.pk), **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not SurveyInvitation.objects.exists()


def test_only_the_plans_coordinator_or_a_manager_makes_links(api, coordinator2, manager, service):
    assert api(coordinator2).post(URL, {"planned_service": str(service.pk)}).status_code == 403
    assert api(manager).post(URL, {"planned_service": str(service.pk)}).status_code == 201
    assert SurveyInvitation.objects.count() == 1


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_providers_and_volunteers_see_no_links(api, member, centre, link, role):
    user = member(role, centre)
    assert api(user).get(URL).status_code == 404
    assert api(user).post(URL, {}).status_code == 404


def test_another_centres_link_is_not_found(api, member, other_centre, link):
    invitation = SurveyInvitation.objects.get()
    elsewhere = member(Role.MANAGER, other_centre)
    assert api(elsewhere).get(f"{URL}{invitation.pk}/").status_code == 404
    assert api(elsewhere).post(f"{URL}{invitation.pk}/revoke/").status_code == 404


def test_the_public_page_takes_few_queries(api, link, django_assert_max_num_queries):
    client = api()
    with django_assert_max_num_queries(2):
        assert client.get(PUBLIC.format(link)).status_code == 200


def test_the_public_page_needs_no_csrf_token_and_no_session(link):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    assert browser.post(PUBLIC.format(link), ANSWERS, format="json").status_code == 201


def test_the_public_page_is_rate_limited_per_address(api, link, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CUS_PUBLIC_API_RATE = "3/min"
    client = api()
    statuses = [client.get(PUBLIC.format("guess-" + str(n))).status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]
    cache.clear()


def test_no_link_for_a_service_of_a_draft_plan(api, coordinator, centre):
    from ..factories import ContractLineFactory, PlannedServiceFactory
    from ..plans.factories import draft_plan

    line = ContractLineFactory(contract__provider__centre=centre)
    draft = PlannedServiceFactory(plan=draft_plan(centre, coordinator), contract_line=line)
    response = api(coordinator).post(URL, {"planned_service": str(draft.pk)})
    assert response.status_code == 400
    assert "planned_service" in response.json()


def test_the_link_list_takes_a_fixed_number_of_queries(api, manager, centre, coordinator,
                                                        django_assert_max_num_queries):
    for _ in range(4):
        service = assigned_service(centre, coordinator)
        assert api(manager).post(URL, {"planned_service": str(service.pk)}).status_code == 201
    client = api(manager)
    with django_assert_max_num_queries(4):  # + the access log: one insert for the page
        response = client.get(URL)
    assert response.json()["count"] == 4
