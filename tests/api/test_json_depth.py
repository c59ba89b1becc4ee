"""Deeply nested JSON is a 400 with a JSON body on every JSON endpoint, anonymous or not, never a RecursionError.

The depth is measured before anything parses the body (``cus.api.parsers``): by the middleware for /api/v1/ and
by the API's JSON parser everywhere else (the public survey page) and for views naming their parsers.
"""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from cus.api import middleware, parsers
from cus.core.models import Role

DEEP = 5_000
ARRAYS = "[" * DEEP + "]" * DEEP
OBJECTS = '{"a":' * DEEP + "1" + "}" * DEEP
LIMIT = parsers.MAX_DEPTH


def _post(client: APIClient, path: str, body: str):
    return client.post(path, body, content_type="application/json")


def _assert_too_deep(response) -> None:
    assert response.status_code == 400, response.status_code
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert "nested too deeply" in body["detail"]


# --- the measure ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ('"[[[["', 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('[[], [[]], []]', 3),
        (r'["\"[[[", {"k\\": "]]]{"}]', 2),
        (ARRAYS, DEEP),
        (OBJECTS, DEEP),
    ],
)
def test_the_depth_is_the_nesting_of_brackets_outside_strings(text, depth):
    assert parsers.nesting_depth(text) == depth


def test_loads_takes_the_limit_and_refuses_one_more():
    assert parsers.loads("[" * LIMIT + "]" * LIMIT) is not None
    with pytest.raises(parsers.TooDeep):
        parsers.loads("[" * (LIMIT + 1) + "]" * (LIMIT + 1))
    # Bytes in any of JSON's encodings, as json.loads takes them.
    assert parsers.loads('{"a": ["ż"]}'.encode("utf-16")) == {"a": ["ż"]}
    with pytest.raises(parsers.TooDeep):
        parsers.loads(ARRAYS.encode())


def test_the_parser_refuses_deep_bodies_with_a_parse_error():
    parser = parsers.JSONParser()
    with pytest.raises(ParseError) as refused:
        parser.parse(io.BytesIO(OBJECTS.encode()), "application/json", {"encoding": "utf-8"})
    assert refused.value.get_codes() == "too_deep"
    assert parser.parse(io.BytesIO(b'{"a": [1, 2]}'), "application/json", {}) == {"a": [1, 2]}


@pytest.mark.parametrize("charset", ["bz2_codec", "no-such-charset"])
def test_the_parser_refuses_a_charset_that_is_no_text_encoding(charset):
    with pytest.raises(ParseError):
        parsers.JSONParser().parse(io.BytesIO(b"{}"), "application/json", {"encoding": charset})


def test_the_middleware_walks_any_depth_without_recursion():
    """Its walk for NUL characters is its own stack: a value nested far past the recursion limit is fine."""
    value: object = "x\x00"
    for _ in range(DEEP):
        value = {"a": [value]}
    assert middleware._unstorable_at(value) is not None
    assert middleware._unstorable_at({"a": [{"b": "ok"}, {"c": "x\x00"}]}) == ("a", 1, "c")


# --- the endpoints ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [ARRAYS, OBJECTS], ids=["arrays", "objects"])
@pytest.mark.parametrize("name", ["auth-token", "auth-login", "auth-logout"])
def test_deep_json_to_the_auth_endpoints_is_a_400(db, name, body):
    _assert_too_deep(_post(APIClient(), reverse(name), body))


@pytest.mark.parametrize("body", [ARRAYS, OBJECTS], ids=["arrays", "objects"])
def test_deep_json_to_the_public_survey_is_a_400(db, body):
    """Not under /api/v1/ (the middleware does not look): the API's parser refuses it."""
    _assert_too_deep(_post(APIClient(), "/api/public/surveys/some-token/", body))


@pytest.mark.parametrize("body", [ARRAYS, OBJECTS], ids=["arrays", "objects"])
@pytest.mark.parametrize("name", ["client-list", "consent-list", "delivery-bulk", "service-type-list"])
def test_deep_json_to_a_resource_is_a_400_as_any_role(member, centre, name, body):
    for role in (Role.ADMIN, Role.COORDINATOR, Role.PROVIDER):
        client = APIClient()
        client.force_authenticate(member(role, centre))
        client.credentials(HTTP_X_CENTRE=str(centre.pk))
        _assert_too_deep(_post(client, reverse(name), body))
    _assert_too_deep(_post(APIClient(), reverse(name), body))  # anonymous


def test_deep_json_is_refused_by_the_parser_behind_the_middleware(member, centre, settings):
    """Without the middleware the views' parsers refuse it themselves (consents name their parsers)."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "cus.api.middleware.RefuseUnstorableInputMiddleware"]
    client = APIClient()
    client.force_authenticate(member(Role.COORDINATOR, centre))
    client.credentials(HTTP_X_CENTRE=str(centre.pk))
    for name in ("client-list", "consent-list"):
        _assert_too_deep(_post(client, reverse(name), OBJECTS))


def test_a_body_within_the_limit_reaches_the_view(member, centre):
    """64 levels are parsed: the answer is the view's own validation, not the depth refusal."""
    client = APIClient()
    client.force_authenticate(member(Role.COORDINATOR, centre))
    client.credentials(HTTP_X_CENTRE=str(centre.pk))
    nested = json.dumps({"first_name": "[[[[" * 40, "extra": json.loads("[" * (LIMIT - 1) + "]" * (LIMIT - 1))})
    response = _post(client, reverse("client-list"), nested)
    assert response.status_code == 400
    assert "detail" not in response.json() or "nested" not in response.json()["detail"]


def test_a_nul_in_a_row_of_a_bulk_write_names_the_row_as_the_bulk_write_does(member, centre):
    """A list body's refusal has the bulk write's error shape (detail, code, rows with index and errors)."""
    client = APIClient()
    client.force_authenticate(member(Role.PROVIDER, centre))
    client.credentials(HTTP_X_CENTRE=str(centre.pk))
    response = _post(client, reverse("delivery-bulk"), json.dumps([{"note": "ok"}, {"note": "a\x00b"}]))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_rows"
    assert body["rows"] == [{"index": 1, "errors": {"note": [body["detail"]]}}]
