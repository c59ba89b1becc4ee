"""Implausible dates are a 400 naming the field, on every input that takes a date, never a 500 or a job failing later.

Every date and date-time the API takes has a year from 1900 to 2999 (``cus.api.fields``: the model serializer base
maps model dates to it, declared fields use it by name); a birth date is also not after today. The walk over the
schema's request bodies makes sure no date input was left on DRF's plain field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.test import APIClient

from cus.api import fields
from cus.clients.models import Client
from cus.core.models import Membership, Role
from cus.demo.builder import build
from cus.demo.centres import CENTRES
from cus.volunteers.models import Volunteer

from ..clients.conftest import client_payload
from ..factories import ClientFactory

YEAR_ONE = {"date": "0001-01-01", "date-time": "0001-01-01T00:00:00+05:00"}
FAR = {"date": "9999-12-31", "date-time": "9999-12-31T23:59:59Z"}


# --- the fields ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2999_is_refused(value):
    with pytest.raises(serializers.ValidationError) as refused:
        fields.DateField().run_validation(value)
    assert refused.value.get_codes() == ["year"]


@pytest.mark.parametrize("value", ["1900-01-01", "2026-03-16", "2999-12-31"])
def test_a_date_inside_the_years_is_taken(value):
    assert fields.DateField().run_validation(value) == dt.date.fromisoformat(value)


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "0001-01-01T10:00:00Z", "1899-12-31T12:00:00Z",
                                   "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-05:00"])
def test_a_date_time_outside_the_years_is_refused_not_an_overflow(value):
    with pytest.raises(serializers.ValidationError):
        fields.DateTimeField().run_validation(value)


def test_a_birth_date_after_today_in_the_centre_is_refused(db):
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    with pytest.raises(serializers.ValidationError) as refused:
        fields.BirthDateField().run_validation(tomorrow.isoformat())
    assert refused.value.get_codes() == ["future"]
    assert fields.BirthDateField().run_validation("1950-03-15") == dt.date(1950, 3, 15)


@pytest.mark.parametrize("value", ["07:30", "07:30:00", "23:59:59.5"])
def test_times_are_taken_as_the_schema_describes_them(value):
    assert re.match(fields.TIME_SCHEMA["pattern"], value)
    assert fields.TimeField().run_validation(value) == dt.time.fromisoformat(value)


# --- the endpoints that feed calculations -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "3000-01-01"])
def test_a_client_born_in_an_implausible_year_is_a_400_naming_the_field(api, coordinator, value):
    before = Client.objects.count()
    response = api(coordinator).post("/api/v1/clients/", client_payload(birth_date=value, national_id=""))
    assert response.status_code == 400
    assert list(response.json()) == ["birth_date"]
    assert Client.objects.count() == before


def test_a_client_born_in_the_future_is_a_400(api, coordinator):
    later = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = api(coordinator).post("/api/v1/clients/", client_payload(birth_date=later, national_id=""))
    assert response.status_code == 400
    assert list(response.json()) == ["birth_date"]


def test_a_client_s_birth_date_cannot_be_changed_to_year_one(api, coordinator, centre):
    client = ClientFactory(centre=centre, coordinator=coordinator)
    response = api(coordinator).patch(f"/api/v1/clients/{client.pk}/", {"birth_date": "0001-01-01"})
    assert response.status_code == 400
    assert list(response.json()) == ["birth_date"]
    client.refresh_from_db()
    assert client.birth_date.year > 1900


@pytest.mark.parametrize("value", ["0001-01-01", "2999-12-31"])
def test_a_volunteer_born_in_year_one_or_in_the_future_is_a_400(api, coordinator, value):
    response = api(coordinator).post("/api/v1/volunteers/", {"first_name": "Anna", "last_name": "Nowak",
                                                             "birth_date": value})
    assert response.status_code == 400
    assert list(response.json()) == ["birth_date"]
    assert not Volunteer.objects.exists()


def test_a_plan_period_in_an_absurd_year_is_a_400(api, coordinator, centre):
    client = ClientFactory(centre=centre, coordinator=coordinator, status="active")
    response = api(coordinator).post("/api/v1/plans/", {"client": str(client.pk), "start_date": "2026-01-01",
                                                        "end_date": "9999-12-31"})
    assert response.status_code == 400
    assert "end_date" in response.json()


def test_a_meeting_in_year_one_is_a_400_not_an_overflow(api, member, centre):
    response = api(member(Role.COORDINATOR, centre)).post(
        "/api/v1/meetings/", {"title": "Forum", "starts_at": "0001-01-01T00:00:00+05:00"}
    )
    assert response.status_code == 400
    assert "starts_at" in response.json()


def test_a_new_user_with_a_phone_is_not_a_server_error(admin_user):
    """It was a 500 (the phone was passed on to a service that did not take it)."""
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(admin_user)
    response = client.post("/api/v1/users/", {"email": "new.person@example.org", "first_name": "Nowa",
                                              "last_name": "Osoba", "phone": "+48 600 100 200",
                                              "role": Role.COORDINATOR}, format="json")
    assert response.status_code < 500, response.status_code
    assert response.status_code in (200, 201, 202), response.json()


# --- every date input ------------------------------------------------------------------------------------


def _date_inputs(schema: dict[str, Any]) -> Iterator[tuple[str, str, str, str, bool]]:
    """(method, path, field, format, is a list of rows) of every date or date-time property of a JSON request body
    under /api/v1/."""
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            node = body["schema"]
            rows = node.get("type") == "array"
            if rows:
                node = node["items"]
            if "$ref" not in node:
                continue
            for name, prop in components[node["$ref"].rsplit("/", 1)[-1]].get("properties", {}).items():
                if prop.get("format") in ("date", "date-time") and not prop.get("readOnly"):
                    yield method, path, name, prop["format"], rows


SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
DATE_INPUTS = sorted(_date_inputs(SCHEMA))


def test_the_walk_finds_the_date_inputs():
    found = {(path, name) for _method, path, name, _format, _rows in DATE_INPUTS}
    assert {("/api/v1/clients/", "birth_date"), ("/api/v1/plans/", "start_date"),
            ("/api/v1/contracts/", "start_date"), ("/api/v1/meetings/", "starts_at"),
            ("/api/v1/volunteers/", "birth_date"), ("/api/v1/deliveries/", "date")} <= found
    assert len(DATE_INPUTS) >= 60


# Where a record to change is found when its own path has no list (the needs register lists needs by type).
LISTED_AT = {"/api/v1/needs/": "/api/v1/raised-needs/"}


def _names(answer: Any, name: str) -> bool:
    """Does a 400 name the field: at the top, or in a row of a list body's errors (``rows[].errors``)?"""
    if name in answer:
        return True
    rows = answer.get("rows") if isinstance(answer, dict) else None
    return any(isinstance(row, dict) and name in (row.get("errors") or {}) for row in rows or [])


def test_every_date_input_refuses_year_one_and_9999_with_a_400_naming_it(db):
    """Each date property of each request body, sent alone with an implausible year by the roles that may write
    there (a list body as a one-row list): a 400 naming the property (a role refused, a record missing or a state
    forbidding the action are fine too, a 500 never)."""
    build(centres=[CENTRES[0]], clients=4, today=dt.date(2026, 3, 16))
    writers = [m for m in Membership.objects.select_related("user", "centre").order_by("user__email")
               if m.role in (Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER)]
    clients = {}
    for membership in writers:
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(membership.user)
        client.credentials(HTTP_X_CENTRE=str(membership.centre_id))
        clients.setdefault(membership.role, client)
    ids: dict[tuple[str, str], str | None] = {}

    def an_id(role: str, collection: str) -> str | None:
        if (role, collection) not in ids:
            answer = clients[role].get(collection)
            data = answer.json() if answer.status_code == 200 else []
            rows = data.get("results", []) if isinstance(data, dict) else data  # paginated or a plain list
            found = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
            ids[role, collection] = str(found[0]) if found else None
        return ids[role, collection]

    named = set()
    problems = []
    for method, path, name, kind, rows in DATE_INPUTS:
        for role, client in clients.items():
            url = path
            if "{id}" in path:
                collection = path.split("{id}")[0]
                record = an_id(role, LISTED_AT.get(collection, collection))
                if record is None:
                    continue
                url = path.replace("{id}", record)
            for value in (YEAR_ONE[kind], FAR[kind]):
                body = [{name: value}] if rows else {name: value}
                response = getattr(client, method)(url, body, format="json")
                if response.status_code >= 500:
                    problems.append((method, path, name, role, value, response.status_code))
                elif response.status_code == 400 and _names(response.json(), name):
                    named.add((method, path, name))
                elif response.status_code not in (400, 403, 404, 405, 409):
                    problems.append((method, path, name, role, value, response.status_code))
    assert not problems
    # Each input was refused naming its field by at least one role that may write there.
    missing = {(method, path, name) for method, path, name, _kind, _rows in DATE_INPUTS} - named
    assert not missing, sorted(missing)
