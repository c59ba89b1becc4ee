"""volunteer-hours/totals/ and hours_totals(): minutes, hours and in-kind value per volunteer, month and activity."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.core.context import actor_for
from cus.volunteers.models import HoursStatus
from cus.volunteers.selectors import HoursSum, hours_totals

from ..factories import ActivityTypeFactory, VolunteerFactory
from .factories import HoursFactory

URL = "/api/v1/volunteer-hours/totals/"
VERIFIED, LOGGED, REJECTED = HoursStatus.VERIFIED, HoursStatus.LOGGED, HoursStatus.REJECTED


@pytest.fixture
def ledger(centre, other_centre, profile, other_profile, activity):
    """Hours of two volunteers in March and April 2025 in two activities (35.00 and 22.50 an hour).

    By hand, leaving rejected hours out and valuing verified hours only:
      March, Własna, Befriending: 90 + 45 verified, 30 logged -> 165 min, 2.75 h; value 135/60 x 35.00 = 78.75
      March, Własna, Shopping:    50 verified                 ->  50 min, 0.83 h; value  50/60 x 22.50 = 18.75
      March, Inny,   Befriending: 20 verified                 ->  20 min, 0.33 h; value  20/60 x 35.00 = 11.67
      April, Własna, Befriending: 120 verified                -> 120 min, 2.00 h; value 120/60 x 35.00 = 70.00
      total 355 min (5.92 h), verified 325 min, logged 30 min, value 179.17
    """
    shopping = ActivityTypeFactory(centre=centre, name="Shopping", hourly_rate=Decimal("22.50"))
    for volunteer, activity_type, day, minutes, status in [
        (profile, activity, dt.date(2025, 3, 3), 90, VERIFIED),
        (profile, activity, dt.date(2025, 3, 17), 45, VERIFIED),
        (profile, activity, dt.date(2025, 3, 31), 30, LOGGED),
        (profile, activity, dt.date(2025, 3, 20), 60, REJECTED),
        (profile, shopping, dt.date(2025, 3, 5), 50, VERIFIED),
        (other_profile, activity, dt.date(2025, 3, 12), 20, VERIFIED),
        (profile, activity, dt.date(2025, 4, 1), 120, VERIFIED),
    ]:
        HoursFactory(volunteer=volunteer, activity_type=activity_type, date=day, minutes=minutes, status=status)
    HoursFactory(volunteer=VolunteerFactory(centre=other_centre), date=dt.date(2025, 3, 3), minutes=999,
                 status=VERIFIED)
    return shopping


def summary(response):
    return [
        (row["month"], row["volunteer_name"].split()[-1], row["activity_type_name"], row["minutes"], row["hours"],
         row["verified_minutes"], row["logged_minutes"], row["value"])
        for row in response.json()["results"]
    ]


def test_totals_and_value_match_the_hand_computation(api, manager, ledger):
    response = api(manager).get(URL)
    assert response.status_code == 200, response.json()
    assert summary(response) == [
        ("2025-03", "Inny", "Befriending", 20, "0.33", 20, 0, "11.67"),
        ("2025-03", "Własna", "Befriending", 165, "2.75", 135, 30, "78.75"),
        ("2025-03", "Własna", "Shopping", 50, "0.83", 50, 0, "18.75"),
        ("2025-04", "Własna", "Befriending", 120, "2.00", 120, 0, "70.00"),
    ]
    assert response.json()["total"] == {
        "minutes": 355, "hours": "5.92", "verified_minutes": 325, "verified_hours": "5.42",
        "logged_minutes": 30, "logged_hours": "0.50", "value": "179.17",
    }
    assert response.json()["currency"] == "PLN"
    row = response.json()["results"][1]
    assert (row["hourly_rate"], row["entries"], row["verified_hours"], row["logged_hours"]) == (
        "35.00", 3, "2.25", "0.50"
    )


def test_totals_filter_by_month(api, coordinator, ledger):
    response = api(coordinator).get(URL, {"month": "2025-04"})
    assert summary(response) == [("2025-04", "Własna", "Befriending", 120, "2.00", 120, 0, "70.00")]


def test_totals_filter_by_period_and_volunteer(api, coordinator, ledger, other_profile, profile):
    response = api(coordinator).get(URL, {"date_from": "2025-03-10", "date_to": "2025-03-31"})
    assert [(row["volunteer_name"].split()[-1], row["minutes"]) for row in response.json()["results"]] == [
        ("Inny", 20), ("Własna", 75)
    ]
    response = api(coordinator).get(URL, {"volunteer": str(other_profile.pk)})
    assert response.json()["total"]["value"] == "11.67"


def test_a_volunteer_gets_only_their_own_totals(api, volunteer, ledger, other_profile):
    response = api(volunteer).get(URL)
    assert {row["volunteer_name"] for row in response.json()["results"]} == {"Olga Własna"}
    assert response.json()["total"]["value"] == "167.50"
    assert api(volunteer).get(URL, {"volunteer": str(other_profile.pk)}).json()["results"] == []


def test_provider_staff_get_no_totals(api, provider_staff, ledger):
    response = api(provider_staff).get(URL)
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["total"]["minutes"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"month": "2025-3"}, "month"),
        ({"month": "March"}, "month"),
        ({"date_from": "2025-04-01", "date_to": "2025-03-01"}, "date_to"),
        ({"volunteer": "someone"}, "volunteer"),
    ],
)
def test_bad_totals_parameters_are_400_naming_them(api, manager, params, field):
    response = api(manager).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_new_rate_revalues_verified_hours(api, manager, ledger, activity):
    assert api(manager).patch(f"/api/v1/volunteer-activity-types/{activity.pk}/", {"hourly_rate": "60"}).status_code == 200
    response = api(manager).get(URL, {"month": "2025-04"})
    assert response.json()["total"]["value"] == "120.00"


def test_hours_totals_is_one_group_by_query(manager, ledger, django_assert_num_queries):
    actor = actor_for(manager)
    with django_assert_num_queries(1) as captured:
        rows = hours_totals(actor, month=dt.date(2025, 3, 1))
    assert "GROUP BY" in captured.captured_queries[0]["sql"]
    assert len(rows) == 3
    total = HoursSum.of(rows)
    assert (total.minutes, total.value, total.hours) == (235, Decimal("109.17"), Decimal("3.92"))


@pytest.mark.parametrize("extra", [0, 20])
def test_totals_take_a_constant_number_of_queries(api, manager, ledger, profile, activity, extra,
                                                  django_assert_max_num_queries):
    for day in range(extra):
        HoursFactory(volunteer=profile, activity_type=activity, date=dt.date(2025, 5, 1) + dt.timedelta(days=day))
    client = api(manager)
    with django_assert_max_num_queries(2):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("url", [URL, "/api/v1/volunteer-hours/"])
@pytest.mark.parametrize("month", ["1899-12", "3000-01"])
def test_a_month_outside_1900_to_2999_is_a_400_with_the_one_month_text(api, manager, url, month):
    response = api(manager).get(url, {"month": month})
    assert response.status_code == 400
    assert response.json()["month"] == ["Enter a month as YYYY-MM, with a year from 1900 to 2999."]
