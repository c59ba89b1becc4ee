"""The API answers as its OpenAPI schema says: a schema-driven fuzzer (schemathesis) finds no server error and no
response that violates the schema, as a coordinator and as provider staff.

Schemathesis loads the schema the app serves (``/api/v1/schema/``) and sends what it generates from it through the
app's WSGI handler (no server), in a small demo centre (``cus.demo``: clients, plans, providers with assigned
services, deliveries, volunteers, the community plan, quality records). Path ids are real records the role can
read (the first of the collection's list), so detail routes answer their record, not a 404. Each operation gets a
bounded number of examples with a fixed seed (derandomized), so the run is the same every time.

By default GET operations, positive data, a few examples each (part of ``make test``). By hand, wider::

    CUS_FUZZ_EXAMPLES=50 CUS_FUZZ_METHODS=GET,POST,PATCH CUS_FUZZ_NEGATIVE=1 CUS_FUZZ_IDS=3 \\
        .venv/bin/python -m pytest tests/api/test_fuzz.py -s

prints every distinct failure (operation, check, message) before failing.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import traceback
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.db.models import Count
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from cus.core.models import Centre, Membership, Role, User
from cus.demo.builder import build
from cus.demo.centres import CENTRES

EXAMPLES = int(os.environ.get("CUS_FUZZ_EXAMPLES", "4"))
METHODS = {m.strip().upper() for m in os.environ.get("CUS_FUZZ_METHODS", "GET").split(",") if m.strip()}
NEGATIVE = os.environ.get("CUS_FUZZ_NEGATIVE", "") not in ("", "0")
IDS_PER_ROUTE = int(os.environ.get("CUS_FUZZ_IDS", "1"))
PREFIX = "/api/v1/"
# Writes that end the session the fuzzer acts with, or are not the API's resources.
SKIPPED = {("POST", "/api/v1/auth/logout/"), ("POST", "/api/v1/auth/login/"), ("POST", "/api/v1/auth/token/")}
CHECKS = [not_a_server_error, response_schema_conformance]
TODAY = dt.date(2026, 3, 16)


class _Handler(WSGIHandler):
    """The app as a WSGI callable, as Django's test client runs it: no CSRF check (the test client's default)."""

    def get_response(self, request: Any) -> Any:
        request._dont_enforce_csrf_checks = True
        return super().get_response(request)


@pytest.fixture
def app(db) -> Iterator[WSGIHandler]:
    """The WSGI app inside the test's transaction: the per-request connection clean-up is off (as in Django's test
    client), which would otherwise close the connection holding the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield _Handler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def demo_centre(db) -> Centre:
    build(centres=[CENTRES[0]], clients=6, today=TODAY)
    return Centre.objects.get(code=CENTRES[0].code)


def _session(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {name: morsel.value for name, morsel in client.cookies.items()}


def _busiest_user(centre: Centre, role: str) -> User:
    """The role's user with the most to see: the coordinator with the largest caseload, the provider staff whose
    provider has the most planned services assigned."""
    memberships = Membership.objects.filter(centre=centre, role=role, is_active=True).select_related("user")
    if role == Role.PROVIDER:
        busiest = memberships.annotate(load=Count("provider__planned_services"))
    else:
        busiest = memberships.annotate(load=Count("user__caseload"))
    membership = busiest.order_by("-load", "user__email").first()
    assert membership is not None, role
    return membership.user


class Run:
    """One role's fuzzing run: the calls it made and the distinct failures it found."""

    def __init__(self, schema: Any, centre: Centre, user: User) -> None:
        self.schema = schema
        self.headers = {"X-Centre": str(centre.pk)}
        self.cookies = _session(user)
        self.calls = 0
        self.statuses: Counter[int] = Counter()
        self.failures: dict[tuple[str, str, str], int] = {}
        self.tracebacks: list[str] = []

    def call(self, case: Any) -> None:
        self.calls += 1
        errors: list[str] = []

        def record(sender: Any, request: Any = None, **kwargs: Any) -> None:
            errors.append(traceback.format_exc())

        got_request_exception.connect(record)
        try:
            response = case.call(headers=self.headers, cookies=self.cookies)
        finally:
            got_request_exception.disconnect(record)
        self.statuses[response.status_code] += 1
        self.tracebacks.extend(errors[:1])
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                self._count(case, failure)
        except Failure as failure:
            self._count(case, failure)

    def _count(self, case: Any, failure: Failure) -> None:
        key = (case.operation.label, failure.title, failure.message.strip())
        self.failures[key] = self.failures.get(key, 0) + 1

    def ids(self, collection: str) -> list[str]:
        """Ids of records the role may read in ``collection`` (a list route), first ones first."""
        operation = self.schema.find_operation_by_label(f"GET {collection}")
        if operation is None:
            return []
        case = operation.Case(query={})
        response = case.call(headers=self.headers, cookies=self.cookies)
        if response.status_code != 200:
            return []
        data = response.json()
        rows = data.get("results", []) if isinstance(data, dict) else data
        return [str(row["id"]) for row in rows if isinstance(row, dict) and "id" in row][:IDS_PER_ROUTE]

    def fuzz(self, operation: Any, path_parameters: dict[str, str] | None = None) -> None:
        modes = [schemathesis.GenerationMode.POSITIVE]
        if NEGATIVE:
            modes.append(schemathesis.GenerationMode.NEGATIVE)
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
            )
            def examples(case: Any) -> None:
                self.call(case)

            try:
                examples()
            except Unsatisfiable:  # nothing left to vary (negative data with the path fixed and no other input)
                continue

    def report(self, role: str) -> str:
        lines = [f"{role}: {self.calls} calls, statuses {dict(sorted(self.statuses.items()))}, "
                 f"{len(self.failures)} distinct failures"]
        for (label, title, message), count in sorted(self.failures.items()):
            lines.append(f"  [{count}x] {label} :: {title} :: {message[:600]}")
        lines.extend(f"  traceback:\n{text}" for text in dict.fromkeys(self.tracebacks))
        return "\n".join(lines)


def _operations(schema: Any) -> Iterator[Any]:
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(PREFIX) or operation.method.upper() not in METHODS:
            continue
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        yield operation


_SCHEMA: dict[str, Any] = {}


def _schema(app: WSGIHandler) -> Any:
    """The schema the app serves, generated once for both roles (it is the same for every caller), bound to
    ``app``."""
    if not _SCHEMA:
        loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", app)
        _SCHEMA.update(copy.deepcopy(loaded.raw_schema))
        return loaded
    schema = schemathesis.openapi.from_dict(copy.deepcopy(_SCHEMA))
    schema.app = app
    schema.location = "/api/v1/schema/"
    return schema


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROVIDER])
def test_the_api_answers_as_its_schema_says(app, demo_centre, role):
    schema = _schema(app)
    run = Run(schema, demo_centre, _busiest_user(demo_centre, role))
    ids: dict[str, list[str]] = {}
    for operation in _operations(schema):
        if "{id}" not in operation.path:
            run.fuzz(operation)
            continue
        collection = operation.path.split("{id}")[0]
        if collection not in ids:
            ids[collection] = run.ids(collection) or ["00000000-0000-0000-0000-000000000000"]
        for record in ids[collection]:
            run.fuzz(operation, {"id": record})
    report = run.report(role)
    if os.environ.get("CUS_FUZZ_REPORT"):  # a file to append the run's report to
        with open(os.environ["CUS_FUZZ_REPORT"], "a", encoding="utf-8") as out:
            out.write(report + "\n")
    assert not run.failures, report
