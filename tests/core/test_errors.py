"""The one exception handler: domain errors and database refusals become clear HTTP answers, never a 500."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils import timezone
from rest_framework import exceptions

from cus.api.errors import exception_handler
from cus.core.errors import Conflict, DomainError, NotAllowed, NotFound
from cus.core.models import Invitation, Membership, Role


def handle(exc: Exception):
    return exception_handler(exc, {})


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (Conflict("Already there.", code="duplicate"), 409, "duplicate"),
        (NotAllowed(), 403, "not_allowed"),
        (NotFound(), 404, "not_found"),
        (DomainError(), 400, "error"),
    ],
)
def test_domain_errors_map_to_their_status_with_detail_and_code(exc, status, code):
    response = handle(exc)
    assert response.status_code == status
    assert response.data["code"] == code
    assert response.data["detail"]


def test_conflict_extras_are_passed_to_the_client():
    response = handle(Conflict("Locked.", code="locked", month="2026-10"))
    assert response.data == {"detail": "Locked.", "code": "locked", "month": "2026-10"}


def test_a_validation_error_naming_fields_is_400_with_those_fields():
    response = handle(ValidationError({"birth_date": ["In the future."], "sex": "Unknown."}))
    assert response.status_code == 400
    assert response.data == {"birth_date": ["In the future."], "sex": ["Unknown."]}


def test_a_validation_error_without_a_field_is_400_under_non_field_errors():
    response = handle(ValidationError("Inconsistent."))
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Inconsistent."]}


def test_a_model_level_error_from_full_clean_lands_under_non_field_errors(centre):
    from cus.core.models import User

    user = User.objects.create_user("a@example.org")
    membership = Membership(user=user, centre=centre, role=Role.PROVIDER, provider=None)
    with pytest.raises(ValidationError) as caught:
        membership.full_clean()
    response = handle(caught.value)
    assert response.status_code == 400
    assert "non_field_errors" in response.data


def test_an_integrity_error_is_409_not_500():
    response = handle(IntegrityError("duplicate key value violates unique constraint"))
    assert response.status_code == 409
    assert response.data["code"] == "integrity"
    assert "duplicate key" not in response.data["detail"]  # no database internals leak out


def test_a_protected_error_is_409():
    response = handle(ProtectedError("in use", set()))
    assert response.status_code == 409
    assert response.data["code"] == "protected"


def test_drf_errors_keep_their_usual_answers():
    assert handle(exceptions.NotAuthenticated()).status_code == 401
    assert handle(exceptions.MethodNotAllowed("DELETE")).status_code == 405


def test_messages_are_translated_per_accept_language(api, coordinator):
    response = api(coordinator).post("/api/v1/users/", {"email": "x@example.org", "role": "manager"},
                                     HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"] == "Your role does not allow this action."


def test_a_race_on_the_unique_membership_is_409_through_the_api(api, admin_user, coordinator, centre, monkeypatch):
    """A person accepting an invitation while another request makes them a member: the insert hits the constraint,
    the client gets 409."""
    from cus.core import invitations

    token = "race-token"
    Invitation.objects.create(  # written directly: the service refuses to invite a member
        centre=centre, email=coordinator.email, role=Role.MANAGER, language="en", invited_by=admin_user,
        token_hash=invitations.token_hash(token), expires_at=timezone.now() + dt.timedelta(days=1),
    )
    real_filter = Membership.objects.filter

    def blind_filter(*args, **kwargs):  # the existence check misses the row the other request just wrote
        return real_filter(pk=None) if "user" in kwargs and "centre_id" in kwargs else real_filter(*args, **kwargs)

    monkeypatch.setattr(invitations.Membership.objects, "filter", blind_filter)
    monkeypatch.setattr(Membership, "validate_unique", lambda self, exclude=None: None)
    monkeypatch.setattr(Membership, "validate_constraints", lambda self, exclude=None: None)
    response = api(coordinator).post(f"/api/v1/invitation-links/{token}/accept/", {})
    assert response.status_code == 409
    assert response.json()["code"] == "integrity"
    assert Membership.objects.get(user=coordinator).role == Role.COORDINATOR
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
def test_refused_requests_are_in_the_security_log_without_the_query_string(api, volunteer, caplog):
    """ASVS 7.2.2: every refused access decision is logged: who, what, from where; never the query string (it may
    hold data) or a credential."""
    caplog.set_level("WARNING", logger="cus.security")
    assert api().get("/api/v1/clients/?search=44051401359").status_code == 401
    assert api(volunteer).post("/api/v1/clients/?x=secret", {"first_name": "A"}, format="json").status_code in (403, 404)
    lines = [r.getMessage() for r in caplog.records if r.name == "cus.security"]
    assert lines[0] == "refused 401 GET /api/v1/clients/ user=anonymous ip=127.0.0.1 code=not_authenticated"
    assert all("44051401359" not in line and "secret" not in line for line in lines)
    assert api(volunteer).get("/api/v1/me/").status_code == 200
    assert len([r for r in caplog.records if r.name == "cus.security"]) == len(lines)  # an allowed read: no line
