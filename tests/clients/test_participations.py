"""ESF+ participations: the situation at entry frozen from the client record, exit results, the six-month
follow-up; who may see and change them; bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.clients import services
from cus.clients.models import Client, Participation
from cus.clients.services import age_on, followup_due
from cus.core.errors import Conflict, NotAllowed, NotFound, ValidationError

from ..factories import ClientFactory, FundingSourceFactory
from .conftest import today

URL = "/api/v1/participations/"


@pytest.fixture
def project(centre):
    return FundingSourceFactory(
        centre=centre, start_date=today() - dt.timedelta(days=730), end_date=today() + dt.timedelta(days=365)
    )


@pytest.fixture
def esf_client(centre, coordinator):
    return ClientFactory(
        centre=centre,
        coordinator=coordinator,
        birth_date=dt.date(1980, 6, 15),
        sex="male",
        labour_market_status="long_term_unemployed",
        education_level="isced_0_2",
        has_disability=True,
        third_country_national=False,
        foreign_background=None,
        minority=None,
        homeless_or_housing_exclusion=True,
        rural_area=False,
    )


@pytest.fixture(autouse=True)
def _caseload_ready_for_projects(request):
    """The shared caseload's clients with what a participation needs at entry (sex, labour-market status and
    education level, REQUIRED_AT_ENTRY); the rest of the ESF+ attributes stay unknown."""
    if "caseload" in request.fixturenames:
        caseload = request.getfixturevalue("caseload")
        for client in (caseload.own, caseload.others, caseload.unassigned, caseload.foreign):
            client.labour_market_status, client.education_level = "inactive", "isced_0_2"
            client.save()


def start(as_actor, user, client, project, entry_date=None, **kwargs):
    return services.start_participation(
        actor=as_actor(user), client=client, funding_source=project, entry_date=entry_date or today(), **kwargs
    )


def ended(as_actor, user, participation, exit_date, **results):
    return services.end_participation(
        actor=as_actor(user), participation=participation, exit_date=exit_date, exit_reason="goals_achieved", **results
    )


# --- Services: the entry snapshot ---------------------------------------------------------------------


def test_start_copies_the_clients_esf_attributes_and_age_at_entry(as_actor, coordinator, esf_client, project):
    entry = today() - dt.timedelta(days=30)
    participation = start(as_actor, coordinator, esf_client, project, entry)
    assert participation.entry_age == age_on(dt.date(1980, 6, 15), entry)
    assert participation.entry_sex == "male"
    assert participation.entry_labour_market_status == "long_term_unemployed"
    assert participation.entry_education_level == "isced_0_2"
    assert participation.entry_has_disability is True
    assert participation.entry_third_country_national is False
    assert participation.entry_foreign_background is None  # not recorded: unknown, not "no"
    assert participation.entry_homeless_or_housing_exclusion is True
    assert participation.exit_date is None


def test_changing_the_client_later_does_not_change_the_participation(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=10))
    services.update_client(
        actor=as_actor(coordinator),
        client=esf_client,
        labour_market_status="employed",
        education_level="isced_5_8",
        has_disability=False,
        birth_date=dt.date(1990, 1, 1),
        change_reason="found a job, corrected data",
    )
    participation.refresh_from_db()
    assert participation.entry_labour_market_status == "long_term_unemployed"
    assert participation.entry_education_level == "isced_0_2"
    assert participation.entry_has_disability is True
    assert participation.entry_age == age_on(dt.date(1980, 6, 15), participation.entry_date)


def test_attributes_not_recorded_enter_as_unknown(as_actor, coordinator, caseload, project):
    """Only sex, labour-market status and education are required at entry; the special-category attributes a
    person may decline to give stay unknown."""
    participation = start(as_actor, coordinator, caseload.own, project)
    assert participation.entry_labour_market_status == "inactive"
    assert participation.entry_education_level == "isced_0_2"
    assert participation.entry_has_disability is None
    assert participation.entry_minority is None
    assert participation.entry_sex == caseload.own.sex


def test_age_counts_completed_years():
    assert age_on(dt.date(2000, 3, 15), dt.date(2026, 3, 14)) == 25
    assert age_on(dt.date(2000, 3, 15), dt.date(2026, 3, 15)) == 26
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 25


def test_history_records_who_started_and_why(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, change_reason="recruited at the job fair")
    record = participation.history.latest()
    assert record.history_user == coordinator
    assert record.history_change_reason == "participation started: recruited at the job fair"


def test_a_second_open_participation_in_the_same_project_is_refused(as_actor, coordinator, esf_client, project):
    start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=5))
    with pytest.raises(Conflict) as error:
        start(as_actor, coordinator, esf_client, project)
    assert error.value.code == "participation_open"
    assert Participation.objects.count() == 1


def test_a_client_may_take_part_in_two_projects_at_once(as_actor, coordinator, esf_client, project, centre):
    other = FundingSourceFactory(centre=centre)
    start(as_actor, coordinator, esf_client, project)
    start(as_actor, coordinator, esf_client, other)
    assert Participation.objects.filter(client=esf_client).count() == 2


def test_a_client_may_enter_again_after_leaving_but_not_within_the_earlier_stay(
    as_actor, coordinator, esf_client, project
):
    first = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=100))
    ended(as_actor, coordinator, first, today() - dt.timedelta(days=50))
    with pytest.raises(Conflict) as error:
        start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=60))
    assert error.value.code == "participation_overlap"
    again = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=10))
    assert again.exit_date is None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (lambda p: p.start_date - dt.timedelta(days=1), "before the project starts"),
        (lambda p: today() + dt.timedelta(days=1), "future"),
    ],
)
def test_entry_outside_the_project_or_in_the_future_is_refused(as_actor, coordinator, esf_client, project, entry, message):
    with pytest.raises(ValidationError) as error:
        start(as_actor, coordinator, esf_client, project, entry(project))
    assert message in str(error.value.message_dict["entry_date"])
    assert not Participation.objects.exists()


def test_entry_after_the_project_ended_is_refused(as_actor, coordinator, esf_client, centre):
    finished = FundingSourceFactory(centre=centre, start_date=dt.date(2020, 1, 1), end_date=dt.date(2023, 12, 31))
    with pytest.raises(ValidationError) as error:
        start(as_actor, coordinator, esf_client, finished, dt.date(2024, 1, 2))
    assert "after the project ends" in str(error.value.message_dict["entry_date"])


def test_another_centres_project_is_refused(as_actor, coordinator, esf_client, other_centre):
    foreign = FundingSourceFactory(centre=other_centre)
    with pytest.raises(ValidationError) as error:
        start(as_actor, coordinator, esf_client, foreign)
    assert "funding_source" in error.value.message_dict


# --- Services: who may ------------------------------------------------------------------------------


def test_coordinator_cannot_start_a_participation_of_another_coordinators_client(
    as_actor, coordinator, caseload, project
):
    with pytest.raises(NotAllowed):
        start(as_actor, coordinator, caseload.others, project)


def test_coordinator_may_start_a_participation_of_an_unassigned_client(as_actor, coordinator, caseload, project):
    assert start(as_actor, coordinator, caseload.unassigned, project).client == caseload.unassigned


def test_another_centres_client_is_not_found(as_actor, coordinator, caseload, project):
    with pytest.raises(NotFound):
        start(as_actor, coordinator, caseload.foreign, project)


@pytest.mark.parametrize("role", ["manager", "admin_user", "provider_staff", "volunteer"])
def test_only_coordinators_manage_participations(request, as_actor, caseload, project, role):
    with pytest.raises(NotAllowed):
        start(as_actor, request.getfixturevalue(role), caseload.unassigned, project)


# --- Services: exit and follow-up -------------------------------------------------------------------


def test_end_records_exit_date_reason_and_results(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=90))
    participation = services.end_participation(
        actor=as_actor(coordinator),
        participation=participation,
        exit_date=today() - dt.timedelta(days=1),
        exit_reason="goals_achieved",
        exit_in_employment=True,
        exit_job_searching=False,
        change_reason="found a job",
    )
    participation.refresh_from_db()
    assert participation.exit_date == today() - dt.timedelta(days=1)
    assert participation.exit_reason == "goals_achieved"
    assert participation.exit_in_employment is True
    assert participation.exit_job_searching is False
    assert participation.exit_gained_qualification is None
    assert participation.history.latest().history_change_reason == "participation ended: found a job"
    assert participation.entry_labour_market_status == "long_term_unemployed"  # the entry stays as it was


def test_an_ended_participation_cannot_end_again(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=9))
    ended(as_actor, coordinator, participation, today())
    with pytest.raises(Conflict):
        ended(as_actor, coordinator, participation, today())


def test_exit_before_entry_is_refused(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=9))
    with pytest.raises(ValidationError) as error:
        ended(as_actor, coordinator, participation, today() - dt.timedelta(days=10))
    assert "exit_date" in error.value.message_dict
    participation.refresh_from_db()
    assert participation.exit_date is None


def test_followup_is_due_six_months_after_leaving():
    assert followup_due(dt.date(2026, 1, 15)) == dt.date(2026, 7, 15)
    assert followup_due(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
    assert followup_due(dt.date(2026, 12, 31)) == dt.date(2027, 6, 30)


def test_followup_records_the_longer_term_results_after_six_months(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=400))
    ended(as_actor, coordinator, participation, today() - dt.timedelta(days=200))
    participation = services.record_followup(
        actor=as_actor(coordinator), participation=participation, followup_in_employment=True
    )
    assert participation.followup_in_employment is True
    assert participation.followup_improved_situation is None


def test_followup_before_six_months_is_refused(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=100))
    ended(as_actor, coordinator, participation, today() - dt.timedelta(days=30))
    with pytest.raises(Conflict) as error:
        services.record_followup(actor=as_actor(coordinator), participation=participation, followup_in_employment=True)
    assert error.value.code == "followup_not_due"


def test_followup_of_an_open_participation_is_refused(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project)
    with pytest.raises(Conflict):
        services.record_followup(actor=as_actor(coordinator), participation=participation, followup_in_employment=True)


# --- API ----------------------------------------------------------------------------------------------


def test_coordinator_starts_a_participation_through_the_api(api, coordinator, esf_client, project):
    response = api(coordinator).post(
        URL,
        {"client": str(esf_client.pk), "funding_source": str(project.pk), "entry_date": today().isoformat()},
    )
    assert response.status_code == 201, response.data
    assert response.data["entry_labour_market_status"] == "long_term_unemployed"
    assert response.data["entry_sex"] == "male"
    assert response.data["is_open"] is True
    assert response.data["project_code"] == project.project_code


def test_entry_fields_in_the_request_are_not_taken(api, coordinator, esf_client, project):
    response = api(coordinator).post(
        URL,
        {
            "client": str(esf_client.pk),
            "funding_source": str(project.pk),
            "entry_date": today().isoformat(),
            "entry_labour_market_status": "employed",
            "entry_age": 3,
        },
    )
    assert response.status_code == 201
    assert response.data["entry_labour_market_status"] == "long_term_unemployed"
    assert response.data["entry_age"] == age_on(esf_client.birth_date, today())


def test_participations_cannot_be_edited_or_deleted(api, as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project)
    client = api(coordinator)
    assert client.patch(f"{URL}{participation.pk}/", {"entry_age": 3}).status_code == 405
    assert client.delete(f"{URL}{participation.pk}/").status_code == 405


def test_second_open_participation_answers_409(api, as_actor, coordinator, esf_client, project):
    start(as_actor, coordinator, esf_client, project)
    response = api(coordinator).post(
        URL, {"client": str(esf_client.pk), "funding_source": str(project.pk), "entry_date": today().isoformat()}
    )
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"entry_date": "2026-13-01"}, "entry_date"),
        ({"entry_date": None}, "entry_date"),
        ({"client": "not-a-uuid"}, "client"),
        ({"client": "00000000-0000-0000-0000-000000000000"}, "client"),
        ({"funding_source": "00000000-0000-0000-0000-000000000000"}, "funding_source"),
        ({"entry_date": "2999-01-01"}, "entry_date"),
    ],
)
def test_bad_start_input_answers_400_naming_the_field_and_writes_nothing(
    api, coordinator, esf_client, project, payload, field
):
    body = {"client": str(esf_client.pk), "funding_source": str(project.pk), "entry_date": today().isoformat()}
    body.update(payload)
    response = api(coordinator).post(URL, body)
    assert response.status_code == 400
    assert field in response.data
    assert not Participation.objects.exists()


def test_end_and_followup_actions(api, as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=300))
    client = api(coordinator)
    response = client.post(
        f"{URL}{participation.pk}/end/",
        {
            "exit_date": (today() - dt.timedelta(days=200)).isoformat(),
            "exit_reason": "project_ended",
            "exit_in_employment": True,
            "reason": "the project's stage ended",
        },
    )
    assert response.status_code == 200, response.data
    assert response.data["is_open"] is False
    assert response.data["exit_in_employment"] is True
    assert response.data["exit_job_searching"] is None
    assert response.data["followup_due"] == followup_due(today() - dt.timedelta(days=200)).isoformat()
    response = client.post(f"{URL}{participation.pk}/followup/", {"followup_improved_situation": True})
    assert response.status_code == 200, response.data
    assert response.data["followup_improved_situation"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"exit_reason": "bored"}, "exit_reason"),
        ({"exit_reason": ""}, "exit_reason"),
        ({"exit_date": "yesterday"}, "exit_date"),
        ({"exit_in_employment": "perhaps"}, "exit_in_employment"),
    ],
)
def test_bad_end_input_answers_400_and_the_participation_stays_open(
    api, as_actor, coordinator, esf_client, project, payload, field
):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=3))
    body = {"exit_date": today().isoformat(), "exit_reason": "goals_achieved"}
    body.update(payload)
    response = api(coordinator).post(f"{URL}{participation.pk}/end/", body)
    assert response.status_code == 400
    assert field in response.data
    participation.refresh_from_db()
    assert participation.exit_date is None


def test_followup_without_any_result_answers_400(api, as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=400))
    ended(as_actor, coordinator, participation, today() - dt.timedelta(days=200))
    response = api(coordinator).post(f"{URL}{participation.pk}/followup/", {})
    assert response.status_code == 400


def test_list_filters_by_client_project_and_open(api, as_actor, coordinator, esf_client, caseload, project, centre):
    other = FundingSourceFactory(centre=centre)
    first = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=20))
    ended(as_actor, coordinator, first, today() - dt.timedelta(days=10))
    second = start(as_actor, coordinator, esf_client, other)
    third = start(as_actor, coordinator, caseload.own, project)
    client = api(coordinator)

    def ids(query: str) -> set[str]:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200
        return {row["id"] for row in response.data["results"]}

    assert ids(f"client={esf_client.pk}") == {str(first.pk), str(second.pk)}
    assert ids(f"funding_source={project.pk}") == {str(first.pk), str(third.pk)}
    assert ids("open=true") == {str(second.pk), str(third.pk)}
    assert ids("open=false") == {str(first.pk)}


def test_list_query_count_does_not_grow_with_rows(
    api, as_actor, coordinator, project, centre, django_assert_max_num_queries
):
    for n in range(12):
        client = ClientFactory(centre=centre, coordinator=coordinator, birth_date=dt.date(1960, 1, 1 + n),
                               labour_market_status="inactive", education_level="isced_3_4")
        start(as_actor, coordinator, client, project)
    http = api(coordinator)
    with django_assert_max_num_queries(6):
        response = http.get(URL)
    assert response.data["count"] == 12


# --- API: the role matrix -----------------------------------------------------------------------------


@pytest.fixture
def participations(as_actor, coordinator, coordinator2, caseload, project):
    return {
        "own": start(as_actor, coordinator, caseload.own, project),
        "others": start(as_actor, coordinator2, caseload.others, project),
    }


@pytest.mark.parametrize(
    ("role", "list_status", "visible"),
    [
        ("admin_user", 200, 2),
        ("manager", 200, 2),
        ("coordinator", 200, 2),
        ("provider_staff", 200, 0),
        ("volunteer", 200, 0),
    ],
)
def test_who_sees_participations(request, api, participations, role, list_status, visible):
    client = api(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == list_status
    assert response.data["count"] == visible
    detail = client.get(f"{URL}{participations['own'].pk}/")
    assert detail.status_code == (200 if visible else 404)


@pytest.mark.parametrize("role", ["admin_user", "manager", "provider_staff", "volunteer"])
def test_roles_other_than_coordinator_cannot_start_participations(request, api, caseload, project, role):
    response = api(request.getfixturevalue(role)).post(
        URL, {"client": str(caseload.unassigned.pk), "funding_source": str(project.pk), "entry_date": today().isoformat()}
    )
    assert response.status_code == 403
    assert not Participation.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("admin_user", 403), ("provider_staff", 403)])
def test_roles_other_than_coordinator_cannot_end_participations(request, api, participations, role, status):
    response = api(request.getfixturevalue(role)).post(
        f"{URL}{participations['own'].pk}/end/", {"exit_date": today().isoformat(), "exit_reason": "other"}
    )
    assert response.status_code == status


def test_coordinator_cannot_end_another_coordinators_participation(api, coordinator, participations):
    response = api(coordinator).post(
        f"{URL}{participations['others'].pk}/end/", {"exit_date": today().isoformat(), "exit_reason": "other"}
    )
    assert response.status_code == 403
    participations["others"].refresh_from_db()
    assert participations["others"].exit_date is None


def test_coordinator_cannot_start_for_another_coordinators_client_through_the_api(
    api, coordinator, caseload, project
):
    response = api(coordinator).post(
        URL, {"client": str(caseload.others.pk), "funding_source": str(project.pk), "entry_date": today().isoformat()}
    )
    assert response.status_code == 403


def test_another_centres_participation_is_not_found(api, as_actor, member, other_centre, participations):
    outsider = member("coordinator", other_centre)
    assert api(outsider).get(f"{URL}{participations['own'].pk}/").status_code == 404
    assert api(outsider).get(URL).data["count"] == 0


# --- Corrections -----------------------------------------------------------------------------------------


def test_correction_changes_the_snapshot_with_a_reason_in_the_history(api, as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project, today() - dt.timedelta(days=20))
    response = api(coordinator).post(
        f"{URL}{participation.pk}/correct/",
        {"entry_labour_market_status": "unemployed", "entry_minority": True, "reason": "status certificate shown"},
    )
    assert response.status_code == 200, response.data
    participation.refresh_from_db()
    assert participation.entry_labour_market_status == "unemployed"
    assert participation.entry_minority is True
    assert participation.entry_education_level == "isced_0_2"  # not given: unchanged
    record = participation.history.latest()
    assert record.history_change_reason == "participation corrected: status certificate shown"
    assert record.prev_record.entry_labour_market_status == "long_term_unemployed"


def test_correcting_the_entry_date_recomputes_the_age_at_entry(as_actor, coordinator, esf_client, project):
    participation = start(as_actor, coordinator, esf_client, project)
    entry = dt.date(today().year - 1, 6, 14)  # the day before the client's birthday
    participation = services.correct_participation(
        actor=as_actor(coordinator), participation=participation, entry_date=entry, reason="entered last year"
    )
    assert participation.entry_age == age_on(esf_client.birth_date, entry)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"entry_sex": "female"}, "reason"),
        ({"entry_sex": "female", "reason": "  "}, "reason"),
        ({"entry_date": "2999-01-01", "reason": "typo"}, "entry_date"),
        ({"exit_reason": "other", "reason": "typo"}, "exit_reason"),
        ({"entry_age": -3, "reason": "typo"}, "entry_age"),
    ],
)
def test_bad_corrections_answer_400_and_change_nothing(
    api, as_actor, coordinator, esf_client, project, payload, field
):
    participation = start(as_actor, coordinator, esf_client, project)
    response = api(coordinator).post(f"{URL}{participation.pk}/correct/", payload)
    assert response.status_code == 400
    assert field in response.data
    participation.refresh_from_db()
    assert participation.entry_sex == "male"
    assert participation.history.count() == 1


def test_manager_cannot_correct_a_participation(api, manager, participations):
    response = api(manager).post(f"{URL}{participations['own'].pk}/correct/", {"entry_age": 50, "reason": "x"})
    assert response.status_code == 403


# --- Admin ----------------------------------------------------------------------------------------------


def test_admin_lists_and_opens_participations_read_only(as_actor, coordinator, esf_client, project):
    from django.test import Client as Browser

    from ..factories import UserFactory

    participation = start(as_actor, coordinator, esf_client, project)
    browser = Browser()
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    base = "/admin/clients/participation/"
    assert browser.get(base).status_code == 200
    page = browser.get(f"{base}{participation.pk}/change/")
    assert page.status_code == 200
    assert b'name="entry_labour_market_status"' not in page.content  # shown, not editable
    assert browser.get(f"{base}{participation.pk}/history/").status_code == 200
    assert browser.get(f"{base}add/").status_code == 403


# --- Demo data ------------------------------------------------------------------------------------------


def test_demo_seeds_participations_from_the_clients_in_the_esf_project(db):
    from cus.contracts.models import FundingKind
    from cus.demo.builder import build
    from cus.demo.centres import GDYNIA_CENTRE

    day = dt.date(2026, 10, 15)
    build(centres=[GDYNIA_CENTRE], clients=80, today=day)
    participations = list(Participation.objects.select_related("client", "funding_source"))
    clients = {p.client_id for p in participations}
    past_referral = Client.objects.exclude(status="referred")
    assert len(clients) > 0.4 * past_referral.count()  # a good share of the clients
    assert len(clients) == len(participations)  # one participation each
    assert {p.funding_source.kind for p in participations} == {FundingKind.ESF_PLUS}
    entry_months = {p.entry_date.strftime("%Y-%m") for p in participations if p.entry_date.year == day.year}
    assert len(entry_months) >= 6  # entries through the year
    for p in participations:
        project = p.funding_source
        assert project.start_date <= p.entry_date <= day
        assert p.entry_age == age_on(p.client.birth_date, p.entry_date)
        assert p.entry_sex == p.client.sex
        assert p.exit_date is None or p.entry_date <= p.exit_date <= day
        assert (p.exit_date is None) == (p.exit_reason == "")
        if p.followup_in_employment is not None:
            assert followup_due(p.exit_date) <= day
    left = [p for p in participations if p.exit_date]
    assert any(p.exit_in_employment for p in left)
    assert any(p.followup_improved_situation for p in left)
    # idempotent: a second run adds nothing
    build(centres=[GDYNIA_CENTRE], clients=80, today=day)
    assert Participation.objects.count() == len(participations)


@pytest.mark.parametrize("missing", ["labour_market_status", "education_level"])
def test_a_participation_cannot_start_without_the_attributes_the_funder_counts(
    api, coordinator, esf_client, project, missing
):
    setattr(esf_client, missing, "")
    esf_client.save()

    response = api(coordinator).post(
        URL, {"client": str(esf_client.pk), "funding_source": str(project.pk), "entry_date": today().isoformat()}
    )

    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "esf_attributes_missing"
    assert body["missing"] == [missing]
    assert not Participation.objects.filter(client=esf_client).exists()


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (dt.date(2026, 2, 28), dt.date(2025, 8, 31)),  # the month's last day: the rest of August is due too
        (dt.date(2026, 2, 27), dt.date(2025, 8, 27)),
        (dt.date(2026, 12, 7), dt.date(2026, 6, 7)),
        (dt.date(2026, 3, 31), dt.date(2025, 9, 30)),
    ],
)
def test_the_followup_cutoff_is_the_inverse_of_the_due_date(today, cutoff):
    from cus.clients.selectors import followup_cutoff

    assert followup_cutoff(today) == cutoff
    assert followup_due(cutoff) <= today
    assert followup_due(cutoff + dt.timedelta(days=1)) > today


def test_the_list_of_those_due_for_a_followup(api, as_actor, coordinator, esf_client, project):
    entry = today() - dt.timedelta(days=400)
    project.start_date = entry - dt.timedelta(days=1)
    project.save()
    due = start(as_actor, coordinator, esf_client, project, entry_date=entry)
    services.end_participation(actor=as_actor(coordinator), participation=due,
                               exit_date=today() - dt.timedelta(days=200), exit_reason="goals_achieved")
    http = api(coordinator)

    listed = http.get(URL, {"due_for_followup": "true"}).json()["results"]

    assert [row["id"] for row in listed] == [str(due.pk)]
    http.post(f"{URL}{due.pk}/followup/", {"followup_in_employment": True})
    assert http.get(URL, {"due_for_followup": "true"}).json()["count"] == 0
