"""volunteer-hours/: volunteers log their own hours, staff anyone's; staff verify or reject; verified hours lock."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cus.core.models import Role
from cus.volunteers.models import HoursStatus, VolunteerHours

from ..factories import ActivityTypeFactory, ClientFactory, VolunteerFactory
from .factories import AgreementFactory, AssignmentFactory, HoursFactory

URL = "/api/v1/volunteer-hours/"


def hours_body(activity, **fields):
    return {"date": "2025-03-10", "minutes": 90, "activity_type": str(activity.pk), **fields}


# --- logging -------------------------------------------------------------------------------------


def test_a_volunteer_logs_their_own_hours(api, volunteer, profile, activity):
    response = api(volunteer).post(URL, hours_body(activity, note="Walk in the park"))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["volunteer"], data["status"], data["minutes"]) == (str(profile.pk), "logged", 90)
    hours = VolunteerHours.objects.get()
    assert (hours.logged_by, hours.centre_id) == (volunteer, profile.centre_id)
    entry = hours.history.get()
    assert (entry.history_user, entry.history_change_reason) == (volunteer, "logged")


def test_the_activity_and_client_come_from_the_assignment(api, volunteer, centre, profile, activity):
    client = ClientFactory(centre=centre, first_name="Halina", last_name="Zielińska")
    assignment = AssignmentFactory(volunteer=profile, activity_type=activity, client=client)
    response = api(volunteer).post(URL, {"date": "2025-03-10", "minutes": 60, "assignment": str(assignment.pk)})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["activity_type"], data["client"], data["client_name"]) == (
        str(activity.pk), str(client.pk), "Halina Zielińska"
    )


def test_staff_log_hours_for_any_volunteer_of_the_centre(api, coordinator, other_profile, activity):
    response = api(coordinator).post(URL, hours_body(activity, volunteer=str(other_profile.pk)))
    assert response.status_code == 201, response.json()
    assert VolunteerHours.objects.get().logged_by == coordinator


def test_staff_must_name_the_volunteer(api, coordinator, activity):
    response = api(coordinator).post(URL, hours_body(activity))
    assert response.status_code == 400
    assert "volunteer" in response.json()


def test_a_volunteer_cannot_log_another_volunteers_hours(api, volunteer, profile, other_profile, activity):
    response = api(volunteer).post(URL, hours_body(activity, volunteer=str(other_profile.pk)))
    assert response.status_code == 403
    assert not VolunteerHours.objects.exists()


def test_a_volunteer_without_a_profile_cannot_log_hours(api, volunteer, activity):
    assert api(volunteer).post(URL, hours_body(activity)).status_code == 403


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROVIDER])
def test_admins_and_provider_staff_do_not_log_volunteer_hours(api, member, centre, profile, activity, role):
    response = api(member(role, centre)).post(URL, hours_body(activity, volunteer=str(profile.pk)))
    assert response.status_code == 403
    assert not VolunteerHours.objects.exists()


def test_hours_cannot_be_logged_for_a_future_date(api, volunteer, profile, activity):
    tomorrow = timezone.localdate(timezone=ZoneInfo("Europe/Warsaw")) + dt.timedelta(days=1)
    response = api(volunteer).post(URL, hours_body(activity, date=tomorrow.isoformat()))
    assert response.status_code == 400
    assert list(response.json()) == ["date"]
    assert not VolunteerHours.objects.exists()


def test_hours_need_an_agreement_in_force_on_their_date(api, volunteer, profile, activity):
    response = api(volunteer).post(URL, hours_body(activity, date="2024-12-31"))
    assert response.status_code == 400
    assert list(response.json()) == ["date"]
    assert not VolunteerHours.objects.exists()


def test_hours_after_the_agreement_ended_are_refused(api, coordinator, centre, activity):
    someone = VolunteerFactory(centre=centre)
    AgreementFactory(volunteer=someone, end_date=dt.date(2025, 3, 31))
    response = api(coordinator).post(URL, hours_body(activity, volunteer=str(someone.pk), date="2025-04-01"))
    assert response.status_code == 400
    assert "date" in response.json()
    response = api(coordinator).post(URL, hours_body(activity, volunteer=str(someone.pk), date="2025-03-31"))
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 1441}, "minutes"),
        ({"minutes": "ninety"}, "minutes"),
        ({"minutes": None}, "minutes"),
        ({"date": "10.03.2025"}, "date"),
        ({"activity_type": None}, "activity_type"),
        ({"activity_type": "00000000-0000-0000-0000-000000000000"}, "activity_type"),
        ({"assignment": "00000000-0000-0000-0000-000000000000"}, "assignment"),
        ({"client": "not-a-uuid"}, "client"),
        ({"client_uuid": "not-a-uuid"}, "client_uuid"),
    ],
)
def test_bad_hours_input_is_400_naming_the_field_and_writes_nothing(api, volunteer, profile, activity, fields,
                                                                    field):
    response = api(volunteer).post(URL, hours_body(activity, **fields))
    assert response.status_code == 400
    assert field in response.json()
    assert not VolunteerHours.objects.exists()


def test_full_day_of_1440_minutes_is_accepted(api, volunteer, profile, activity):
    assert api(volunteer).post(URL, hours_body(activity, minutes=1440)).status_code == 201


def test_hours_cannot_name_another_volunteers_assignment(api, volunteer, profile, other_profile, activity):
    theirs = AssignmentFactory(volunteer=other_profile, activity_type=activity)
    response = api(volunteer).post(URL, hours_body(activity, assignment=str(theirs.pk)))
    assert response.status_code == 400
    assert "assignment" in response.json()
    assert not VolunteerHours.objects.exists()


@pytest.mark.parametrize(
    "assignment_fields",
    [
        {"start_date": dt.date(2025, 3, 11)},
        {"end_date": dt.date(2025, 3, 9)},
        {"is_active": False},
    ],
)
def test_the_assignment_must_be_active_on_the_date(api, volunteer, profile, activity, assignment_fields):
    assignment = AssignmentFactory(volunteer=profile, activity_type=activity, **assignment_fields)
    response = api(volunteer).post(URL, hours_body(activity, assignment=str(assignment.pk)))
    assert response.status_code == 400
    assert "assignment" in response.json()
    assert not VolunteerHours.objects.exists()


def test_the_client_must_match_the_assignments_client(api, coordinator, centre, profile, activity):
    assignment = AssignmentFactory(volunteer=profile, activity_type=activity, client=ClientFactory(centre=centre))
    response = api(coordinator).post(URL, hours_body(activity, volunteer=str(profile.pk),
                                                     assignment=str(assignment.pk),
                                                     client=str(ClientFactory(centre=centre).pk)))
    assert response.status_code == 400
    assert "client" in response.json()
    assert not VolunteerHours.objects.exists()


def test_a_volunteer_names_only_clients_of_their_own_assignments(api, volunteer, centre, profile, activity):
    mine = ClientFactory(centre=centre)
    AssignmentFactory(volunteer=profile, activity_type=activity, client=mine)
    response = api(volunteer).post(URL, hours_body(activity, client=str(ClientFactory(centre=centre).pk)))
    assert response.status_code == 400
    assert "client" in response.json()
    assert api(volunteer).post(URL, hours_body(activity, client=str(mine.pk))).status_code == 201


def test_a_retired_activity_type_takes_no_new_hours(api, volunteer, profile, activity):
    activity.is_active = False
    activity.save()
    response = api(volunteer).post(URL, hours_body(activity))
    assert response.status_code == 400
    assert "activity_type" in response.json()


def test_another_centres_volunteer_or_activity_type_is_unknown(api, coordinator, other_centre, profile, activity):
    stranger = VolunteerFactory(centre=other_centre)
    response = api(coordinator).post(URL, hours_body(activity, volunteer=str(stranger.pk)))
    assert response.status_code == 400
    assert "volunteer" in response.json()
    elsewhere = ActivityTypeFactory(centre=other_centre)
    response = api(coordinator).post(URL, hours_body(elsewhere, volunteer=str(profile.pk)))
    assert response.status_code == 400
    assert "activity_type" in response.json()
    assert not VolunteerHours.objects.exists()


# --- idempotency ---------------------------------------------------------------------------------


def test_a_retry_with_the_same_idempotency_key_returns_the_first_result(api, volunteer, profile, activity):
    client = api(volunteer)
    key = str(uuid.uuid4())
    first = client.post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201
    again = client.post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert first.json()["client_uuid"] == key
    assert VolunteerHours.objects.count() == 1


def test_a_retry_with_the_same_client_uuid_creates_nothing(api, volunteer, profile, activity):
    client = api(volunteer)
    body = hours_body(activity, client_uuid=str(uuid.uuid4()))
    assert client.post(URL, body).status_code == 201
    assert client.post(URL, body).status_code == 200
    assert VolunteerHours.objects.count() == 1


def test_any_text_serves_as_an_idempotency_key(api, volunteer, profile, activity):
    client = api(volunteer)
    assert client.post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY="phone-42-entry-7").status_code == 201
    assert client.post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY="phone-42-entry-7").status_code == 200
    assert client.post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY="phone-42-entry-8").status_code == 201
    assert VolunteerHours.objects.count() == 2


def test_a_key_differing_from_the_client_uuid_is_400(api, volunteer, profile, activity):
    response = api(volunteer).post(URL, hours_body(activity, client_uuid=str(uuid.uuid4())),
                                   HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert response.status_code == 400
    assert "client_uuid" in response.json()
    assert not VolunteerHours.objects.exists()


def test_a_key_used_by_someone_else_is_409_and_reveals_nothing(api, volunteer, coordinator, profile, activity):
    key = str(uuid.uuid4())
    assert api(coordinator).post(URL, hours_body(activity, volunteer=str(profile.pk)),
                                 HTTP_IDEMPOTENCY_KEY=key).status_code == 201
    response = api(volunteer).post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 409
    assert "id" not in response.json()
    assert VolunteerHours.objects.count() == 1


def test_the_same_key_for_other_hours_is_409_naming_the_header(api, volunteer, profile, activity):
    client = api(volunteer)
    assert client.post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY="phone-42-entry-7").status_code == 201
    response = client.post(URL, hours_body(activity, minutes=30), HTTP_IDEMPOTENCY_KEY="phone-42-entry-7")
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("idempotency_key_reused", "Idempotency-Key")
    assert VolunteerHours.objects.count() == 1


def test_a_key_that_is_no_uuid_is_the_users_own(api, volunteer, coordinator, profile, activity):
    assert api(coordinator).post(URL, hours_body(activity, volunteer=str(profile.pk)),
                                 HTTP_IDEMPOTENCY_KEY="entry-1").status_code == 201
    assert api(volunteer).post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY="entry-1").status_code == 201
    assert VolunteerHours.objects.count() == 2


def test_an_overlong_key_is_400_naming_the_header(api, volunteer, profile, activity):
    response = api(volunteer).post(URL, hours_body(activity), HTTP_IDEMPOTENCY_KEY="k" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not VolunteerHours.objects.exists()


# --- verification and locking --------------------------------------------------------------------


@pytest.fixture
def logged(profile, activity, volunteer) -> VolunteerHours:
    return HoursFactory(volunteer=profile, activity_type=activity, logged_by=volunteer)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER])
def test_staff_verify_logged_hours(api, member, centre, logged, role):
    staff = member(role, centre)
    response = api(staff).post(f"{URL}{logged.pk}/verify/", {"reason": "Confirmed by the client"})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["verified_by"]) == ("verified", str(staff.pk))
    logged.refresh_from_db()
    assert logged.verified_at is not None
    entry = logged.history.first()
    assert (entry.history_user, entry.history_change_reason) == (staff, "Confirmed by the client")


def test_verifying_twice_is_409_naming_the_status(api, coordinator, logged):
    client = api(coordinator)
    assert client.post(f"{URL}{logged.pk}/verify/").status_code == 200
    response = client.post(f"{URL}{logged.pk}/verify/")
    assert response.status_code == 409
    assert response.json()["status"] == "verified"
    assert response.json()["code"] == "illegal_transition"


def test_rejecting_needs_a_reason(api, coordinator, logged):
    response = api(coordinator).post(f"{URL}{logged.pk}/reject/", {"reason": "  "})
    assert response.status_code == 400
    assert "reason" in response.json()
    assert api(coordinator).post(f"{URL}{logged.pk}/reject/").status_code == 400
    logged.refresh_from_db()
    assert logged.status == HoursStatus.LOGGED


def test_staff_reject_hours_with_a_reason_and_they_stay_rejected(api, coordinator, logged):
    client = api(coordinator)
    response = client.post(f"{URL}{logged.pk}/reject/", {"reason": "Logged twice"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == ("rejected", "Logged twice")
    assert logged.history.first().history_change_reason == "Logged twice"
    response = client.post(f"{URL}{logged.pk}/verify/")
    assert response.status_code == 409
    assert response.json()["status"] == "rejected"


def test_a_volunteer_cannot_verify_hours(api, volunteer, logged, other_profile, activity):
    client = api(volunteer)
    assert client.post(f"{URL}{logged.pk}/verify/").status_code == 403
    theirs = HoursFactory(volunteer=other_profile, activity_type=activity)
    # Refused for the role before the hours are looked up: the same answer for hours they may not see.
    assert client.post(f"{URL}{theirs.pk}/verify/").status_code == 403
    assert client.post(f"{URL}{theirs.pk}/reject/", {"reason": "x"}).status_code == 403
    logged.refresh_from_db()
    assert logged.status == HoursStatus.LOGGED


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER])
def test_hours_cannot_be_verified_by_who_logged_them(api, member, centre, profile, activity, role):
    staff, colleague = member(role, centre), member(Role.COORDINATOR, centre)
    response = api(staff).post(URL, {"volunteer": str(profile.pk), "activity_type": str(activity.pk),
                                     "date": "2025-03-10", "minutes": 60})
    assert response.status_code == 201, response.json()
    hours_id = response.json()["id"]
    response = api(staff).post(f"{URL}{hours_id}/verify/")
    assert response.status_code == 403
    assert response.json()["code"] == "own_hours"
    assert "person who logged them" in response.json()["detail"]
    assert VolunteerHours.objects.get(pk=hours_id).status == HoursStatus.LOGGED
    response = api(colleague).post(f"{URL}{hours_id}/verify/")
    assert response.status_code == 200
    assert response.json()["verified_by"] == str(colleague.pk)


def test_the_refusal_of_verifying_own_logging_is_translated(api, coordinator, profile, activity):
    hours = HoursFactory(volunteer=profile, activity_type=activity, logged_by=coordinator)
    response = api(coordinator).post(f"{URL}{hours.pk}/verify/", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 403
    assert "person who logged them" not in response.json()["detail"]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROVIDER])
def test_admins_and_provider_staff_do_not_verify(api, member, centre, logged, role):
    # Refused for the role before the hours are looked up (provider staff, who see no hours, learn nothing).
    assert api(member(role, centre)).post(f"{URL}{logged.pk}/verify/").status_code == 403


def test_a_volunteer_corrects_their_logged_hours(api, volunteer, logged):
    response = api(volunteer).patch(f"{URL}{logged.pk}/", {"minutes": 120, "note": "It took longer"})
    assert response.status_code == 200, response.json()
    logged.refresh_from_db()
    assert (logged.minutes, logged.note) == (120, "It took longer")
    assert logged.history.first().history_change_reason == "hours changed"


def test_corrections_follow_the_same_rules(api, volunteer, logged):
    client = api(volunteer)
    for body, field in [({"minutes": 0}, "minutes"), ({"date": "2024-12-01"}, "date"),
                        ({"activity_type": None}, "activity_type")]:
        response = client.patch(f"{URL}{logged.pk}/", body)
        assert response.status_code == 400
        assert field in response.json()
    logged.refresh_from_db()
    assert (logged.minutes, logged.date) == (90, dt.date(2025, 3, 10))


def test_changing_the_assignment_takes_its_activity_and_client(api, coordinator, centre, logged, profile):
    client = ClientFactory(centre=centre)
    shopping = ActivityTypeFactory(centre=centre, name="Shopping")
    assignment = AssignmentFactory(volunteer=profile, activity_type=shopping, client=client)
    response = api(coordinator).patch(f"{URL}{logged.pk}/", {"assignment": str(assignment.pk)})
    assert response.status_code == 200, response.json()
    assert (response.json()["activity_type"], response.json()["client"]) == (str(shopping.pk), str(client.pk))


@pytest.mark.parametrize("action", ["verify", "reject"])
def test_decided_hours_are_locked(api, volunteer, coordinator, logged, action):
    assert api(coordinator).post(f"{URL}{logged.pk}/{action}/", {"reason": "checked"}).status_code == 200
    for user in (volunteer, coordinator):
        response = api(user).patch(f"{URL}{logged.pk}/", {"minutes": 10})
        assert response.status_code == 409
        assert response.json()["code"] == "locked"
    logged.refresh_from_db()
    assert logged.minutes == 90


def test_a_volunteer_cannot_touch_another_volunteers_hours(api, volunteer, profile, other_profile, activity):
    theirs = HoursFactory(volunteer=other_profile, activity_type=activity)
    client = api(volunteer)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.patch(f"{URL}{theirs.pk}/", {"minutes": 1}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.minutes == 90


def test_admin_reads_hours_but_does_not_change_them(api, admin_user, logged):
    client = api(admin_user)
    assert client.get(f"{URL}{logged.pk}/").status_code == 200
    assert client.patch(f"{URL}{logged.pk}/", {"minutes": 1}).status_code == 403


# --- reading -------------------------------------------------------------------------------------


def test_a_volunteer_lists_only_their_own_hours(api, volunteer, profile, other_profile, activity):
    mine = HoursFactory(volunteer=profile, activity_type=activity)
    HoursFactory(volunteer=other_profile, activity_type=activity)
    response = api(volunteer).get(URL)
    assert [row["id"] for row in response.json()["results"]] == [str(mine.pk)]
    response = api(volunteer).get(URL, {"volunteer": str(other_profile.pk)})
    assert response.json()["count"] == 0


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR])
def test_centre_staff_see_all_hours_of_their_centre_only(api, member, centre, other_centre, profile, other_profile,
                                                         activity, role):
    HoursFactory(volunteer=profile, activity_type=activity)
    HoursFactory(volunteer=other_profile, activity_type=activity)
    HoursFactory(volunteer=VolunteerFactory(centre=other_centre))
    assert api(member(role, centre)).get(URL).json()["count"] == 2


def test_provider_staff_and_other_centres_see_no_hours(api, provider_staff, member, other_centre, profile, activity):
    hours = HoursFactory(volunteer=profile, activity_type=activity)
    for user in (provider_staff, member(Role.MANAGER, other_centre)):
        client = api(user)
        assert client.get(URL).json()["count"] == 0
        assert client.get(f"{URL}{hours.pk}/").status_code == 404


def test_hours_filter_by_month_status_and_period(api, coordinator, profile, activity):
    HoursFactory(volunteer=profile, activity_type=activity, date=dt.date(2025, 3, 31))
    HoursFactory(volunteer=profile, activity_type=activity, date=dt.date(2025, 4, 1), status=HoursStatus.VERIFIED)
    client = api(coordinator)
    assert client.get(URL, {"month": "2025-03"}).json()["count"] == 1
    assert client.get(URL, {"status": "verified"}).json()["results"][0]["date"] == "2025-04-01"
    assert client.get(URL, {"date_from": "2025-04-01", "date_to": "2025-04-30"}).json()["count"] == 1
    response = client.get(URL, {"month": "2025-13"})
    assert response.status_code == 400
    assert "month" in response.json()


@pytest.mark.parametrize("rows", [2, 12])
def test_hours_list_takes_a_constant_number_of_queries(api, manager, centre, rows, django_assert_max_num_queries):
    for _ in range(rows):
        assignment = AssignmentFactory(volunteer__centre=centre, client=ClientFactory(centre=centre))
        HoursFactory(volunteer=assignment.volunteer, activity_type=assignment.activity_type, assignment=assignment,
                     client=assignment.client, status=HoursStatus.VERIFIED, verified_by=manager)
    client = api(manager)
    with django_assert_max_num_queries(4):  # + the access log: one insert for the page
        assert client.get(URL).json()["count"] == rows
