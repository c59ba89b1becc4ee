"""volunteer-agreements/: staff record agreements (Polish legal form rules apply); a volunteer sees their own."""

import datetime as dt

import pytest

from cus.core.models import Role
from cus.volunteers.models import VolunteerAgreement

from ..factories import CentreFactory, MembershipFactory, UserFactory, VolunteerFactory
from .factories import AgreementFactory, HoursFactory

URL = "/api/v1/volunteer-agreements/"


def body(someone, **fields):
    return {"volunteer": str(someone.pk), "number": "POR/1/2026", "start_date": "2026-01-01",
            "end_date": "2026-06-30", "scope": "Befriending", "signed_on": "2025-12-15", **fields}


def test_staff_record_an_agreement_with_history(api, coordinator, centre):
    someone = VolunteerFactory(centre=centre)
    response = api(coordinator).post(URL, body(someone))
    assert response.status_code == 201, response.json()
    assert response.json()["duration_days"] == 181
    agreement = VolunteerAgreement.objects.get(pk=response.json()["id"])
    entry = agreement.history.get()
    assert (entry.history_user, entry.history_change_reason) == (coordinator, "agreement recorded")


# --- Polish centres: written form over 30 days, accident insurance for 30 days or less -------------


def test_polish_agreement_over_30_days_must_be_written(api, manager, centre):
    someone = VolunteerFactory(centre=centre)
    response = api(manager).post(URL, body(someone, start_date="2026-01-01", end_date="2026-01-31", signed_on=None,
                                           insured=True))
    assert response.status_code == 400
    assert list(response.json()) == ["signed_on"]
    assert not VolunteerAgreement.objects.exists()


def test_polish_open_ended_agreement_must_be_written(api, manager, centre):
    someone = VolunteerFactory(centre=centre)
    response = api(manager).post(URL, body(someone, end_date=None, signed_on=None))
    assert response.status_code == 400
    assert "signed_on" in response.json()


def test_polish_written_agreement_over_30_days_needs_no_insurance_by_the_centre(api, manager, centre):
    someone = VolunteerFactory(centre=centre)
    response = api(manager).post(URL, body(someone, end_date="2026-01-31", insured=False))
    assert response.status_code == 201, response.json()
    assert response.json()["duration_days"] == 31


def test_polish_agreement_of_30_days_needs_accident_insurance(api, manager, centre):
    someone = VolunteerFactory(centre=centre)
    response = api(manager).post(URL, body(someone, start_date="2026-01-01", end_date="2026-01-30", insured=False,
                                           signed_on=None))
    assert response.status_code == 400
    assert list(response.json()) == ["insured"]
    assert not VolunteerAgreement.objects.exists()


def test_polish_insured_agreement_of_30_days_may_be_oral(api, manager, centre):
    someone = VolunteerFactory(centre=centre)
    response = api(manager).post(URL, body(someone, start_date="2026-01-01", end_date="2026-01-30", insured=True,
                                           signed_on=None))
    assert response.status_code == 201, response.json()
    assert response.json()["duration_days"] == 30


def test_a_short_agreement_extended_past_30_days_must_then_be_written(api, manager, centre):
    short = AgreementFactory(volunteer=VolunteerFactory(centre=centre), start_date=dt.date(2026, 1, 1),
                             end_date=dt.date(2026, 1, 10), signed_on=None, insured=True)
    response = api(manager).patch(f"{URL}{short.pk}/", {"end_date": "2026-03-31"})
    assert response.status_code == 400
    assert "signed_on" in response.json()
    short.refresh_from_db()
    assert short.end_date == dt.date(2026, 1, 10)


def test_czech_centres_have_no_30_day_rule(api, db):
    czech = CentreFactory(country="CZ", language="cs", currency="CZK", timezone="Europe/Prague")
    staff = UserFactory()
    MembershipFactory(user=staff, centre=czech, role=Role.COORDINATOR)
    someone = VolunteerFactory(centre=czech)
    response = api(staff).post(URL, body(someone, end_date=None, signed_on=None, insured=False))
    assert response.status_code == 201, response.json()
    response = api(staff).post(URL, body(someone, number="2", end_date="2026-01-05", signed_on=None, insured=False))
    assert response.status_code == 201, response.json()


# --- other rules and bad input -------------------------------------------------------------------


def test_an_agreement_number_is_unique_in_the_centre(api, coordinator, centre, other_centre):
    AgreementFactory(volunteer=VolunteerFactory(centre=centre), number="POR/1/2026")
    AgreementFactory(volunteer=VolunteerFactory(centre=other_centre), number="POR/2/2026")
    someone = VolunteerFactory(centre=centre)
    response = api(coordinator).post(URL, body(someone))
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_number"
    assert api(coordinator).post(URL, body(someone, number="POR/2/2026")).status_code == 201
    assert VolunteerAgreement.objects.filter(volunteer=someone).count() == 1


def test_renumbering_onto_an_existing_number_is_409(api, coordinator, centre):
    AgreementFactory(volunteer=VolunteerFactory(centre=centre), number="A")
    other = AgreementFactory(volunteer=VolunteerFactory(centre=centre), number="B")
    assert api(coordinator).patch(f"{URL}{other.pk}/", {"number": "A"}).status_code == 409
    other.refresh_from_db()
    assert other.number == "B"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"scope": ""}, "scope"),
        ({"scope": None}, "scope"),
        ({"number": ""}, "number"),
        ({"start_date": "01.01.2026"}, "start_date"),
        ({"signed_on": "2099-01-01"}, "signed_on"),
        ({"volunteer": "00000000-0000-0000-0000-000000000000"}, "volunteer"),
    ],
)
def test_bad_agreement_input_is_400_naming_the_field_and_writes_nothing(api, coordinator, centre, fields, field):
    someone = VolunteerFactory(centre=centre)
    response = api(coordinator).post(URL, body(someone, **fields))
    assert response.status_code == 400
    assert field in response.json()
    assert not VolunteerAgreement.objects.exists()


def test_another_centres_volunteer_cannot_get_an_agreement_here(api, coordinator, other_centre):
    stranger = VolunteerFactory(centre=other_centre)
    response = api(coordinator).post(URL, body(stranger))
    assert response.status_code == 400
    assert "volunteer" in response.json()


def test_an_agreement_cannot_shrink_away_from_hours_given_under_it(api, coordinator, profile, agreement, activity):
    HoursFactory(volunteer=profile, activity_type=activity, date=dt.date(2025, 6, 1))
    response = api(coordinator).patch(f"{URL}{agreement.pk}/", {"end_date": "2025-05-31"})
    assert response.status_code == 400
    assert "end_date" in response.json()
    response = api(coordinator).patch(f"{URL}{agreement.pk}/", {"start_date": "2025-06-02"})
    assert response.status_code == 400
    assert "start_date" in response.json()
    assert api(coordinator).patch(f"{URL}{agreement.pk}/", {"end_date": "2025-06-01"}).status_code == 200


def test_hours_covered_by_another_agreement_do_not_hold_an_agreement_back(api, coordinator, profile, agreement,
                                                                          activity):
    AgreementFactory(volunteer=profile, start_date=dt.date(2025, 6, 1))
    HoursFactory(volunteer=profile, activity_type=activity, date=dt.date(2025, 6, 1))
    assert api(coordinator).patch(f"{URL}{agreement.pk}/", {"end_date": "2025-05-31"}).status_code == 200


# --- who sees and writes what -------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROVIDER, Role.VOLUNTEER])
def test_only_volunteer_centre_staff_record_agreements(api, member, centre, role):
    someone = VolunteerFactory(centre=centre)
    assert api(member(role, centre)).post(URL, body(someone)).status_code == 403
    assert not VolunteerAgreement.objects.exists()


def test_a_volunteer_sees_only_their_own_agreements_and_cannot_change_them(api, volunteer, agreement,
                                                                            other_profile):
    client = api(volunteer)
    assert [row["id"] for row in client.get(URL).json()["results"]] == [str(agreement.pk)]
    theirs = other_profile.agreements.get()
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    # Refused for the role before the agreement is looked up: the same answer for one they may not see.
    assert client.patch(f"{URL}{theirs.pk}/", {"scope": "x"}).status_code == 403
    assert client.patch(f"{URL}{agreement.pk}/", {"scope": "x"}).status_code == 403


def test_provider_staff_and_other_centres_see_no_agreements(api, provider_staff, member, other_centre, agreement):
    for user in (provider_staff, member(Role.MANAGER, other_centre)):
        client = api(user)
        assert client.get(URL).json()["count"] == 0
        assert client.get(f"{URL}{agreement.pk}/").status_code == 404


def test_agreements_filter_by_volunteer(api, coordinator, agreement, other_profile):
    response = api(coordinator).get(URL, {"volunteer": str(other_profile.pk)})
    assert [row["volunteer"] for row in response.json()["results"]] == [str(other_profile.pk)]


@pytest.mark.parametrize("rows", [2, 12])
def test_agreement_list_takes_a_constant_number_of_queries(api, manager, centre, rows,
                                                           django_assert_max_num_queries):
    AgreementFactory.create_batch(rows, volunteer__centre=centre)
    client = api(manager)
    with django_assert_max_num_queries(3):
        assert client.get(URL).json()["count"] == rows
