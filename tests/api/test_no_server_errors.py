"""Bad input never gives a 500 anywhere in /api/v1/.

Every route registered on the v1 router is walked as each role with hostile input: NUL bytes and garbage in
every query parameter the route declares (filters, search, ordering, pages), a bad X-Centre header, odd ids in
detail routes, and JSON bodies with NUL characters in every string field of the route's request schema. Each
answer must be a 4xx (a 200 is fine where a list ignores a parameter); writes refused this way leave nothing
behind.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model
from django.urls import URLPattern, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from cus.api.urls import router
from cus.api.views import ActorMixin
from cus.core.models import Centre, Role, User

NUL = "\x00"
# What each declared parameter gets: a NUL (refused before any view runs, so every role sends it), and
# values of the wrong kind for ids, dates, months and numbers.
GARBAGE = ["not-a-uuid", "2026-13-45", "9" * 40, "-1"]
# Query strings every list gets, whatever it declares.
ALWAYS = [
    {"search": NUL},
    {"page": "abc"},
    {"page": "-1"},
    {"page": "9" * 40},
    {"page_size": "100000"},
    {"ordering": "nonexistent"},
    {"ordering": NUL},
    {NUL: "x"},
]
ROLES = [Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER]
ODD_IDS = ["not-a-uuid", "a%00b"]


def _routes() -> Iterator[tuple[str, dict[str, str], bool]]:
    """(URL name, {method: action}, takes an id) for every route of the v1 router."""
    for pattern in router.urls:
        if not isinstance(pattern, URLPattern) or not pattern.name or pattern.name == "api-root":
            continue
        if "format" in str(pattern.pattern):
            continue
        yield pattern.name, dict(pattern.callback.actions), "(?P<pk>" in str(pattern.pattern)  # type: ignore[attr-defined]


ROUTES = list(_routes())
LIST_ROUTES = [name for name, actions, has_id in ROUTES if not has_id and "get" in actions]


def _viewset(name: str) -> Any:
    """The viewset behind a URL name (the longest basename it starts with: volunteer-hours, not volunteer)."""
    matches = [(len(basename), vs) for prefix, vs, basename in router.registry if name.startswith(f"{basename}-")]
    return max(matches, key=lambda match: match[0])[1]


# Each route taking an id, with the methods its view answers.
DETAIL_ROUTES = {name: [m for m in actions if m in ("get", "post", "patch") and m in _viewset(name).http_method_names]
                 for name, actions, has_id in ROUTES if has_id}
WRITE_ROUTES = [name for name, actions, has_id in ROUTES if not has_id and "post" in actions]
AUTH_ROUTES = ["auth-token", "auth-login"]


# --- fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The OpenAPI schema: what each route declares it reads (query parameters, request bodies)."""
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


@pytest.fixture
def people(member, centre, other_centre) -> dict[str, User]:
    users = {role: member(role, centre) for role in ROLES}
    # Someone of the other centre, so that centre has data a hostile header might reach for.
    member(Role.MANAGER, other_centre)
    return users


def _client(user: User | None, centre: Centre | None = None) -> APIClient:
    client = APIClient(raise_request_exception=False)
    if user is not None:
        client.force_authenticate(user)
    if centre is not None:
        client.credentials(HTTP_X_CENTRE=str(centre.pk))
    return client


@pytest.fixture
def clients(people, centre) -> dict[str, APIClient]:
    return {role: _client(user, centre) for role, user in people.items()}


def _row_counts() -> dict[str, int]:
    """How many rows every model of CUS has (history included): a refused write must change none."""
    counted: list[type[Model]] = [m for m in apps.get_models() if m.__module__.startswith("cus.")]
    return {m._meta.label: m._default_manager.count() for m in counted}


# --- schema helpers ---------------------------------------------------------------------------------------


def _operation(schema: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    template = re.sub(r"/[0-9a-f-]{36}/", "/{id}/", path)
    return schema["paths"].get(template, {}).get(method, {})  # type: ignore[no-any-return]


def _query_parameters(schema: dict[str, Any], path: str, view_filters: list[str]) -> list[str]:
    declared = [p["name"] for p in _operation(schema, path, "get").get("parameters", []) if p.get("in") == "query"]
    return sorted(set(declared) | set(view_filters))


def _view_filters(name: str) -> list[str]:
    """Filters the route's view declares (django-filter), also those the schema might not show."""
    viewset = _viewset(name)
    filterset = getattr(viewset, "filterset_class", None)
    if isinstance(filterset, property):  # chosen per request (by role): the fullest one, as for staff
        filterset = filterset.fget(viewset())
    if filterset is not None:
        return list(filterset.base_filters)
    return list(getattr(viewset, "filterset_fields", None) or [])


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(schema, node["allOf"][0])
    return node


def _hostile(schema: dict[str, Any], node: dict[str, Any], depth: int = 0) -> Any:
    """A value for ``node`` with a NUL in every string it holds (keys of free-form objects too)."""
    node = _resolve(schema, node)
    kind = node.get("type")
    if kind == "array":
        return [_hostile(schema, node.get("items", {"type": "string"}), depth + 1)]
    if kind == "object" or "properties" in node:
        if "properties" in node and depth < 3:
            return {key: _hostile(schema, sub, depth + 1) for key, sub in node["properties"].items()
                    if not sub.get("readOnly")}
        extra = node.get("additionalProperties")
        value = _hostile(schema, extra, depth + 1) if isinstance(extra, dict) and extra else f"v{NUL}"
        return {f"en{NUL}": value}
    if kind in ("integer", "number", "boolean"):
        return f"1{NUL}"
    return f"text{NUL}"


def _hostile_body(schema: dict[str, Any], path: str) -> Any:
    body = _operation(schema, path, "post").get("requestBody", {}).get("content", {}).get("application/json")
    if body is None:
        return {"name": f"x{NUL}", "reason": f"x{NUL}"}
    return _hostile(schema, body["schema"])


def _top_level_keys(body: Any) -> set[str]:
    rows = body if isinstance(body, list) else [body]
    return {key for row in rows if isinstance(row, dict) for key in row}


def _server_errors(responses: list[tuple[Any, Any]]) -> list[str]:
    return [f"{what!r} -> {response.status_code}" for what, response in responses if response.status_code >= 500]


# --- lists ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_ROUTES)
def test_hostile_query_strings_never_cause_a_server_error(clients, schema, name):
    path = reverse(name)
    parameters = _query_parameters(schema, path, _view_filters(name))
    garbage = [{parameter: value} for parameter in parameters for value in GARBAGE]
    responses = []
    readers = []
    for role, client in clients.items():
        plain = client.get(path)
        assert plain.status_code in (200, 403, 404), (role, plain.status_code)
        if plain.status_code == 200:
            readers.append(role)
        for query in ALWAYS:
            responses.append(((role, query), client.get(path, query)))
    # A NUL in a parameter is refused before any view runs, whoever sends it: the roles take turns.
    for index, parameter in enumerate(parameters):
        role = ROLES[index % len(ROLES)]
        response = clients[role].get(path, {parameter: NUL})
        assert response.status_code == 400, (role, parameter, response.status_code)
    # Each wrong-kind value goes to the readers in turn (a refused role never reaches the filters): every
    # reader meets every kind of garbage across the parameters, and the walk stays fast.
    for index, query in enumerate(garbage if readers else []):
        role = readers[index % len(readers)]
        responses.append(((role, query), clients[role].get(path, query)))
    assert not _server_errors(responses)


def test_a_nul_in_any_query_parameter_is_refused_with_400_naming_it(clients):
    for name in LIST_ROUTES:
        for parameter in ("search", "status"):
            response = clients[Role.COORDINATOR].get(reverse(name), {parameter: f"a{NUL}b"})
            assert response.status_code == 400, (name, parameter)
            assert f"“{parameter}”" in response.json()["detail"], (name, parameter)


@pytest.mark.parametrize("name", LIST_ROUTES)
def test_a_bad_x_centre_header_never_causes_a_server_error(people, other_centre, name):
    path = reverse(name)
    headers = [NUL, f"{uuid.uuid4()}{NUL}", "garbage", str(uuid.uuid4()), str(other_centre.pk), "9" * 40]
    # Views acting in a centre refuse a centre the user is not in; the others (the user's own centres) ignore it.
    acts_in_a_centre = issubclass(_viewset(name), ActorMixin)
    responses = []
    for role, user in people.items():
        client = _client(user)
        for header in headers:
            response = client.get(path, HTTP_X_CENTRE=header)
            responses.append(((role, header), response))
            if NUL in header:
                assert response.status_code == 400, (role, header, response.status_code)
            elif acts_in_a_centre:
                assert response.status_code in (400, 403, 404), (role, header, response.status_code)
    assert not _server_errors(responses)


def test_a_nul_in_a_header_is_a_400_naming_the_header(people, centre):
    response = _client(people[Role.PROVIDER]).get(reverse("client-list"), HTTP_X_CENTRE=NUL)
    assert response.status_code == 400
    assert "X-Centre" in response.json()["detail"]


@pytest.mark.parametrize("name", ["delivery-list", "delivery-bulk"])
def test_a_nul_in_the_idempotency_key_is_a_400_and_nothing_is_written(people, centre, name):
    """The key is looked up before anything else: with a NUL in it that lookup was a 500."""
    row = {"planned_service": str(uuid.uuid4()), "date": "2026-11-02", "duration_minutes": 60}
    before = _row_counts()
    response = _client(people[Role.PROVIDER], centre).post(
        reverse(name), [row] if name == "delivery-bulk" else row, format="json", HTTP_IDEMPOTENCY_KEY=f"k{NUL}"
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert _row_counts() == before


# Lists with a month parameter (YYYY-MM): a well-formed month that is no date must be a 400 too.
MONTH_LISTS = ["delivery-list", "statement-list", "volunteer-hours-list", "volunteer-hours-totals", "report-list"]


@pytest.mark.parametrize("name", MONTH_LISTS)
def test_a_month_that_is_no_date_is_refused_not_a_500(clients, name):
    for role, client in clients.items():
        for month in ("0000-01", "2026-13", "2026-00", "2026-1"):
            response = client.get(reverse(name), {"month": month})
            assert response.status_code in (400, 403, 404), (role, month, response.status_code)


@pytest.mark.parametrize("name", ["report-list", "month-close-list"])
def test_a_month_of_year_zero_in_a_body_is_a_400(clients, name):
    response = clients[Role.MANAGER].post(reverse(name), {"month": "0000-01"}, format="json")
    assert response.status_code == 400, response.status_code


# --- detail routes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DETAIL_ROUTES))
def test_odd_and_unknown_ids_answer_404_never_500(clients, name):
    responses = []
    for method in DETAIL_ROUTES[name]:
        for role, client in clients.items():
            for odd in [*ODD_IDS, str(uuid.uuid4())]:
                path = reverse(name, kwargs={"pk": "ID"}).replace("ID", odd)
                response = client.get(path) if method == "get" else getattr(client, method)(path, {}, format="json")
                responses.append(((method, role, odd), response))
                # 403: a role that may not use the route at all is told so before the id is looked up; a
                # write's empty body may be refused (400) before the id is.
                allowed = (403, 404) if method == "get" else (400, 403, 404)
                assert response.status_code in allowed, (method, role, odd, response.status_code)
        # Those who may read the route at all are told the object is not there.
        if method == "get":
            assert any(response.status_code == 404 for (m, _, _), response in responses if m == "get")
    assert not _server_errors(responses)


# --- writes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WRITE_ROUTES)
def test_nul_characters_in_a_json_body_are_a_400_and_nothing_is_written(clients, schema, name):
    path = reverse(name)
    body = _hostile_body(schema, path)
    before = _row_counts()
    for role, client in clients.items():
        response = client.post(path, body, format="json")
        assert response.status_code == 400, (role, body, response.status_code)
    # The answer names a field of the body (of a row of it, for a list of rows).
    answer = response.json()
    if isinstance(body, list):
        assert {field for row in answer["rows"] for field in row["errors"]} <= {*_top_level_keys(body), "non_field_errors"}
    else:
        assert set(answer) <= {*_top_level_keys(body), "non_field_errors"}
    assert _row_counts() == before


@pytest.mark.parametrize("name", AUTH_ROUTES)
def test_nul_characters_in_credentials_are_a_400(db, name):
    response = _client(None).post(reverse(name), {"email": f"a{NUL}@x.org", "password": NUL}, format="json")
    assert response.status_code == 400


# --- the gaps field validation does not close -------------------------------------------------------------


@pytest.mark.parametrize("bad", [NUL, "\ud800"], ids=["nul", "unpaired-surrogate"])
def test_a_bad_character_in_a_free_form_object_key_is_refused_and_names_the_field(clients, bad):
    """A service type's legal references are a free-form object: its keys are not checked as text.

    An unpaired surrogate there was a 500 (it cannot even be encoded to reach PostgreSQL).
    """
    body = {"code": "respite", "name_en": "Respite care", "category": "care", "unit": "hour",
            "delivery_form": "home", "legal_refs": {f"PL{bad}": "Ustawa o pomocy społecznej"}}
    before = _row_counts()
    # Sent as ASCII JSON (escapes): an unpaired surrogate cannot be sent as UTF-8 at all.
    response = clients[Role.ADMIN].post(reverse("service-type-list"), json.dumps(body),
                                        content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["legal_refs"]
    assert _row_counts() == before
    # The same body without the bad character is taken: the refusal was for that character alone.
    body["legal_refs"] = {"PL": "Ustawa o pomocy społecznej"}
    assert clients[Role.ADMIN].post(reverse("service-type-list"), body, format="json").status_code == 201


def test_a_nul_deep_in_a_bulk_body_names_the_field(clients):
    rows = [{"planned_service": str(uuid.uuid4()), "note": "fine"},
            {"planned_service": str(uuid.uuid4()), "note": f"bad{NUL}"}]
    response = clients[Role.PROVIDER].post(reverse("delivery-bulk"), rows, format="json")
    assert response.status_code == 400
    # As the bulk write names its rows' errors: the row (its index) and the field.
    assert [(row["index"], list(row["errors"])) for row in response.json()["rows"]] == [(1, ["note"])]


def test_a_nul_in_a_path_answers_404(clients):
    assert clients[Role.MANAGER].get("/api/v1/clients%00/").status_code == 404
    assert clients[Role.MANAGER].get("/api/v1/clients/%00/history/").status_code == 404


def test_tabs_and_newlines_in_a_search_are_still_searched(clients):
    assert clients[Role.COORDINATOR].get(reverse("client-list"), {"search": "Nowak\tJan\n"}).status_code == 200


def test_the_public_catalogue_keeps_its_own_answer(db):
    response = _client(None).get("/api/public/services/", {"q": NUL})
    assert response.status_code == 400
    assert "q" in response.json()


# The route lists are introspected: make sure the walk covers the API and did not silently shrink.
def test_the_walk_covers_every_router_list():
    assert len(LIST_ROUTES) >= len(router.registry)
    assert {"client-list", "delivery-list", "report-list", "volunteer-hours-totals"} <= set(LIST_ROUTES)
    assert {"client-list", "delivery-bulk"} <= set(WRITE_ROUTES)
    assert "client-detail" in DETAIL_ROUTES

