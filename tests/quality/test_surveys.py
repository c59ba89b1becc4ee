"""satisfaction-surveys/: a client's answers about a planned service, taken down by the plan's coordinator."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.core.models import Role
from cus.quality.models import SatisfactionSurvey

from ..factories import PlannedServiceFactory
from ..plans.factories import active_plan
from .factories import SurveyFactory, assigned_service

URL = "/api/v1/satisfaction-surveys/"


@pytest.fixture
def service(centre, coordinator):
    return assigned_service(centre, coordinator)


def answers(service, **extra) -> dict:
    return {
        "planned_service": str(service.pk),
        "date": "2026-03-02",
        "overall": 4,
        "punctuality": 5,
        "respect": 5,
        "needs_met": 3,
        "would_recommend": None,
        "comment": "The carer is kind but sometimes late",
        **extra,
    }


def test_the_plans_coordinator_records_a_survey_about_the_provider_and_type(api, coordinator, service):
    response = api(coordinator).post(URL, answers(service))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["provider"], data["service_type"]) == (str(service.provider_id), str(service.service_type_id))
    assert (data["source"], data["recorded_by"]) == ("staff", str(coordinator.pk))
    assert (data["overall"], data["needs_met"], data["would_recommend"]) == (4, 3, None)
    survey = SatisfactionSurvey.objects.get()
    record = survey.history.get()
    assert (record.history_user, record.history_change_reason) == (coordinator, "survey recorded by staff")


def test_a_manager_may_record_a_survey_for_any_plan(api, manager, service):
    assert api(manager).post(URL, answers(service)).status_code == 201


def test_another_coordinator_may_not_record_a_survey_on_someone_elses_plan(api, coordinator2, service):
    response = api(coordinator2).post(URL, answers(service))
    assert response.status_code == 403
    assert not SatisfactionSurvey.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"overall": None}, "overall"),
        ({"overall": 6}, "overall"),
        ({"punctuality": 0}, "punctuality"),
        ({"respect": "very"}, "respect"),
        ({"date": "2999-01-01"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"planned_service": "5d5e4f0e-1111-4222-8333-444455556666"}, "planned_service"),
    ],
)
def test_bad_survey_input_is_refused_and_nothing_is_written(api, coordinator, service, change, field):
    response = api(coordinator).post(URL, answers(service, **change))
    assert response.status_code == 400
    assert field in response.json()
    assert not SatisfactionSurvey.objects.exists()


def test_a_survey_needs_a_service_with_a_provider(api, coordinator, centre):
    waiting = PlannedServiceFactory(plan=active_plan(centre, coordinator))
    response = api(coordinator).post(URL, answers(waiting))
    assert response.status_code == 400
    assert "planned_service" in response.json()
    assert not SatisfactionSurvey.objects.exists()


def test_another_centres_planned_service_is_unknown(api, member, other_centre, service):
    foreign_coordinator = member(Role.COORDINATOR, other_centre)
    response = api(foreign_coordinator).post(URL, answers(service))
    assert response.status_code == 400
    assert not SatisfactionSurvey.objects.exists()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.ADMIN, 200, 403),
        (Role.MANAGER, 200, 201),
        (Role.COORDINATOR, 200, 403),  # not the plan's coordinator
        (Role.PROVIDER, 404, 404),
        (Role.VOLUNTEER, 404, 404),
    ],
)
def test_role_matrix_on_surveys(api, member, centre, service, role, read, write):
    survey = SurveyFactory(planned_service=service)
    user = member(role, centre, **({"provider": service.provider} if role == Role.PROVIDER else {}))
    assert api(user).get(f"{URL}{survey.pk}/").status_code == read
    assert api(user).post(URL, answers(service)).status_code == write
    assert SatisfactionSurvey.objects.count() == (2 if write == 201 else 1)


def test_answers_are_not_edited(api, coordinator, service):
    survey = SurveyFactory(planned_service=service)
    assert api(coordinator).patch(f"{URL}{survey.pk}/", {"overall": 1}).status_code == 405


def test_another_centres_survey_is_not_found(api, member, other_centre, service):
    survey = SurveyFactory(planned_service=service)
    manager_elsewhere = member(Role.MANAGER, other_centre)
    assert api(manager_elsewhere).get(f"{URL}{survey.pk}/").status_code == 404


def test_surveys_filter_by_provider_and_date(api, manager, centre, coordinator, service):
    other = assigned_service(centre, coordinator)
    SurveyFactory(planned_service=service, date=dt.date(2026, 2, 1))
    SurveyFactory(planned_service=service, date=dt.date(2026, 4, 1))
    SurveyFactory(planned_service=other, date=dt.date(2026, 4, 1))
    response = api(manager).get(URL, {"provider": str(service.provider_id), "date_from": "2026-03-01"})
    assert response.json()["count"] == 1


def test_the_survey_list_takes_a_fixed_number_of_queries(api, manager, centre, coordinator, django_assert_max_num_queries):
    for _ in range(5):
        SurveyFactory(planned_service=assigned_service(centre, coordinator))
    client = api(manager)
    with django_assert_max_num_queries(4):  # + the access log: one insert for the page
        response = client.get(URL)
    assert response.json()["count"] == 5
