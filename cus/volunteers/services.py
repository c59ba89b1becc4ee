"""Writes of the volunteer centre: profiles, agreements, activity types, assignments, hours and their verification.

Volunteer-centre staff (coordinators and managers) write everything; managers alone set activity types
and their in-kind rates; a volunteer changes a few fields of their own profile and logs and corrects
their own hours until they are verified.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cus.clients.models import Client
from cus.core import idempotency
from cus.core.access import Perm, can, require, scope
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import Conflict, NotAllowed, ValidationError
from cus.core.history import stamp
from cus.core.models import Membership, Role
from cus.core.transitions import move

from .models import (
    HOURS_TRANSITIONS,
    ActivityType,
    HoursStatus,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
)
from .selectors import agreements_covering, own_profile

VOLUNTEER_FIELDS = frozenset(
    {"user", "first_name", "last_name", "email", "phone", "birth_date", "skills", "languages", "availability",
     "area", "is_active"}
)
OWN_PROFILE_FIELDS = frozenset({"phone", "skills", "languages", "availability"})
AGREEMENT_FIELDS = frozenset({"number", "start_date", "end_date", "scope", "insured", "signed_on"})
ACTIVITY_TYPE_FIELDS = frozenset({"name", "hourly_rate", "is_active"})
ASSIGNMENT_FIELDS = frozenset(
    {"activity_type", "client", "community_activity", "start_date", "end_date", "note", "is_active"}
)
HOURS_FIELDS = frozenset({"date", "minutes", "activity_type", "assignment", "client", "note"})

# The Idempotency-Key endpoint of logging hours (``cus.core.idempotency``): keys are per user and endpoint.
LOG_HOURS_ENDPOINT = "volunteers.log_hours"
HOURS_MESSAGES = {
    "verify": gettext_lazy("These hours are already %(status)s."),
    "reject": gettext_lazy("These hours are already %(status)s."),
}

Errors = dict[str, list[str]]


def _set(instance: Model, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _full_clean(instance: Model, errors: Errors) -> None:
    """Run the model's own checks and raise them together with the service's, each under its field."""
    try:
        instance.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    if errors:
        raise ValidationError(errors)


def _require_staff(actor: Actor) -> None:
    require(actor, Perm.MANAGE_VOLUNTEERS)


# --- volunteers ---------------------------------------------------------------------------------


def _check_login(actor: Actor, volunteer: Volunteer) -> None:
    """A profile's login must be a volunteer of this centre, and have no other profile here."""
    if volunteer.user_id is None:
        return
    is_volunteer_here = Membership.objects.filter(
        user_id=volunteer.user_id, centre_id=actor.centre_id, role=Role.VOLUNTEER, is_active=True
    ).exists()
    if not is_volunteer_here:
        raise ValidationError({"user": _("This login is not a volunteer of this centre.")})
    taken = scope(Volunteer.objects.filter(user_id=volunteer.user_id), actor).exclude(pk=volunteer.pk)
    if taken.exists():
        raise Conflict(_("This login already has a volunteer profile."), code="duplicate_profile")


@transaction.atomic
def create_volunteer(*, actor: Actor, **fields: Any) -> Volunteer:
    """Register a volunteer of the actor's centre, optionally tied to a login with the volunteer role."""
    _require_staff(actor)
    volunteer = Volunteer(centre=actor.centre)
    _set(volunteer, fields, VOLUNTEER_FIELDS)
    _check_login(actor, volunteer)
    _full_clean(volunteer, {})
    stamp(volunteer, user=actor.user, reason="registered")
    volunteer.save()
    return volunteer


@transaction.atomic
def update_volunteer(*, actor: Actor, volunteer: Volunteer, **fields: Any) -> Volunteer:
    """Change a profile. Staff change anything; a volunteer only their own skills, languages, availability, phone."""
    volunteer = scope(Volunteer.objects.select_for_update(), actor).get(pk=volunteer.pk)
    if not can(actor, Perm.MANAGE_VOLUNTEERS):
        if not (can(actor, Perm.LOG_OWN_VOLUNTEER_HOURS) and volunteer.user_id == actor.user.pk):
            raise NotAllowed()
        if not set(fields) <= OWN_PROFILE_FIELDS:
            raise NotAllowed(_("You may change only your skills, languages, availability and phone."))
    _set(volunteer, fields, VOLUNTEER_FIELDS)
    if "user" in fields:
        _check_login(actor, volunteer)
    _full_clean(volunteer, {})
    stamp(volunteer, user=actor.user, reason="profile changed")
    volunteer.save()
    return volunteer


# --- agreements ---------------------------------------------------------------------------------


def _check_agreement(actor: Actor, agreement: VolunteerAgreement) -> Errors:
    numbers = scope(VolunteerAgreement.objects.filter(number=agreement.number), actor).exclude(pk=agreement.pk)
    if numbers.exists():
        raise Conflict(_("An agreement with this number already exists."), code="duplicate_number")
    errors: Errors = {}
    if agreement.signed_on is not None and agreement.signed_on > centre_today(actor.centre):
        _add(errors, "signed_on", _("The signing date cannot be in the future."))
    return errors


def _period(start: dt.date, end: dt.date | None) -> Q:
    return Q(date__gte=start) if end is None else Q(date__gte=start, date__lte=end)


def _check_hours_stay_covered(agreement: VolunteerAgreement, old_start: dt.date, old_end: dt.date | None) -> None:
    """Refuse a new period that would leave hours already given without any agreement in force."""
    if (old_start, old_end) == (agreement.start_date, agreement.end_date):
        return
    other_agreements = VolunteerAgreement.objects.filter(
        volunteer_id=agreement.volunteer_id, start_date__lte=OuterRef("date")
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date"))).exclude(pk=agreement.pk)
    uncovered = (
        VolunteerHours.objects.filter(volunteer_id=agreement.volunteer_id)
        .filter(_period(old_start, old_end))
        .exclude(_period(agreement.start_date, agreement.end_date))
        .exclude(status=HoursStatus.REJECTED)
        .exclude(Exists(other_agreements))
    )
    if uncovered.exists():
        field = "end_date" if agreement.end_date != old_end else "start_date"
        raise ValidationError({field: _("Hours were given on dates this change would leave without an agreement.")})


@transaction.atomic
def create_agreement(*, actor: Actor, volunteer: Volunteer, **fields: Any) -> VolunteerAgreement:
    """Record a volunteer's agreement: its number is unique in the centre, and Polish centres' legal form applies."""
    _require_staff(actor)
    agreement = VolunteerAgreement(centre=actor.centre, volunteer=volunteer)
    _set(agreement, fields, AGREEMENT_FIELDS)
    _full_clean(agreement, _check_agreement(actor, agreement))
    stamp(agreement, user=actor.user, reason="agreement recorded")
    agreement.save()
    return agreement


@transaction.atomic
def update_agreement(*, actor: Actor, agreement: VolunteerAgreement, **fields: Any) -> VolunteerAgreement:
    """Change an agreement; its period cannot shrink away from hours already given under it."""
    _require_staff(actor)
    agreement = scope(VolunteerAgreement.objects.select_for_update(), actor).get(pk=agreement.pk)
    old_start, old_end = agreement.start_date, agreement.end_date
    _set(agreement, fields, AGREEMENT_FIELDS)
    _full_clean(agreement, _check_agreement(actor, agreement))
    _check_hours_stay_covered(agreement, old_start, old_end)
    stamp(agreement, user=actor.user, reason="agreement changed")
    agreement.save()
    return agreement


# --- activity types -----------------------------------------------------------------------------


def _check_activity_type_name(actor: Actor, activity_type: ActivityType) -> None:
    same_name = scope(ActivityType.objects.filter(name__iexact=activity_type.name), actor).exclude(
        pk=activity_type.pk
    )
    if same_name.exists():
        raise Conflict(_("An activity type with this name already exists."), code="duplicate_name")


@transaction.atomic
def create_activity_type(*, actor: Actor, **fields: Any) -> ActivityType:
    """Add a kind of volunteer activity with the hourly rate its hours are worth as in-kind contribution."""
    require(actor, Perm.MANAGE_VOLUNTEER_ACTIVITY_TYPES)
    activity_type = ActivityType(centre=actor.centre)
    _set(activity_type, fields, ACTIVITY_TYPE_FIELDS)
    _check_activity_type_name(actor, activity_type)
    _full_clean(activity_type, {})
    stamp(activity_type, user=actor.user, reason="activity type added")
    activity_type.save()
    return activity_type


@transaction.atomic
def update_activity_type(*, actor: Actor, activity_type: ActivityType, **fields: Any) -> ActivityType:
    """Rename, re-rate or retire an activity type (a new rate values all its verified hours)."""
    require(actor, Perm.MANAGE_VOLUNTEER_ACTIVITY_TYPES)
    activity_type = scope(ActivityType.objects.select_for_update(), actor).get(pk=activity_type.pk)
    _set(activity_type, fields, ACTIVITY_TYPE_FIELDS)
    _check_activity_type_name(actor, activity_type)
    _full_clean(activity_type, {})
    stamp(activity_type, user=actor.user, reason="activity type changed")
    activity_type.save()
    return activity_type


# --- assignments --------------------------------------------------------------------------------


def _check_assignment(assignment: VolunteerAssignment, changed: set[str]) -> Errors:
    errors: Errors = {}
    if "activity_type" in changed and assignment.activity_type_id and not assignment.activity_type.is_active:
        _add(errors, "activity_type", _("This activity type is no longer in use."))
    if "start_date" in changed and not agreements_covering(assignment.volunteer, assignment.start_date).exists():
        _add(errors, "start_date", _("The volunteer has no agreement in force on this date."))
    return errors


@transaction.atomic
def create_assignment(*, actor: Actor, volunteer: Volunteer, **fields: Any) -> VolunteerAssignment:
    """Give a volunteer a task with a client or in a community activity, under an agreement in force."""
    _require_staff(actor)
    assignment = VolunteerAssignment(centre=actor.centre, volunteer=volunteer)
    _set(assignment, fields, ASSIGNMENT_FIELDS)
    errors = _check_assignment(assignment, set(ASSIGNMENT_FIELDS))
    if not volunteer.is_active:
        _add(errors, "volunteer", _("This volunteer is no longer active."))
    _full_clean(assignment, errors)
    stamp(assignment, user=actor.user, reason="assigned")
    assignment.save()
    return assignment


@transaction.atomic
def update_assignment(*, actor: Actor, assignment: VolunteerAssignment, **fields: Any) -> VolunteerAssignment:
    """Change an assignment; a new start date must again fall under an agreement in force."""
    _require_staff(actor)
    assignment = scope(VolunteerAssignment.objects.select_for_update(), actor).get(pk=assignment.pk)
    _set(assignment, fields, ASSIGNMENT_FIELDS)
    _full_clean(assignment, _check_assignment(assignment, set(fields)))
    stamp(assignment, user=actor.user, reason="assignment changed")
    assignment.save()
    return assignment


# --- hours --------------------------------------------------------------------------------------


def _volunteer_logging_for(actor: Actor, volunteer: Volunteer | None) -> Volunteer:
    """Whose hours the actor logs: staff name any volunteer of the centre, a volunteer only themselves."""
    if can(actor, Perm.MANAGE_VOLUNTEERS):
        if volunteer is None:
            raise ValidationError({"volunteer": _("Choose the volunteer.")})
        return volunteer
    if not can(actor, Perm.LOG_OWN_VOLUNTEER_HOURS):
        raise NotAllowed()
    own = own_profile(actor)
    if own is None:
        raise NotAllowed(_("You have no volunteer profile in this centre."))
    if volunteer is not None and volunteer.pk != own.pk:
        raise NotAllowed(_("You may log only your own hours."))
    return own


def _may_edit_hours(actor: Actor, hours: VolunteerHours) -> bool:
    if can(actor, Perm.MANAGE_VOLUNTEERS):
        return True
    return can(actor, Perm.LOG_OWN_VOLUNTEER_HOURS) and hours.volunteer.user_id == actor.user.pk


def _fill_from_assignment(hours: VolunteerHours, given: set[str]) -> None:
    """The activity and the client default to the assignment's."""
    if hours.assignment is None:
        return
    if "activity_type" not in given:
        hours.activity_type = hours.assignment.activity_type
    if "client" not in given and hours.assignment.client_id is not None:
        hours.client_id = hours.assignment.client_id


def _check_hours(actor: Actor, hours: VolunteerHours, changed: set[str]) -> Errors:
    errors: Errors = {}
    if "date" in changed:
        if hours.date > centre_today(actor.centre):
            _add(errors, "date", _("Hours cannot be logged for a future date."))
        elif not agreements_covering(hours.volunteer, hours.date).exists():
            _add(errors, "date", _("The volunteer has no agreement in force on this date."))
    assignment = hours.assignment
    if assignment is not None and changed & {"assignment", "date"}:
        if assignment.volunteer_id != hours.volunteer_id:
            _add(errors, "assignment", _("This is not one of the volunteer's assignments."))
        elif not assignment.is_active_on(hours.date):
            _add(errors, "assignment", _("The assignment is not active on this date."))
    if hours.activity_type_id is None:
        _add(errors, "activity_type", _("Choose the activity, or the assignment the hours belong to."))
    elif "activity_type" in changed and not hours.activity_type.is_active:
        _add(errors, "activity_type", _("This activity type is no longer in use."))
    if hours.client_id is not None and changed & {"client", "assignment"}:
        if assignment is not None and assignment.client_id is not None and assignment.client_id != hours.client_id:
            _add(errors, "client", _("The client is not the assignment's client."))
        elif not can(actor, Perm.MANAGE_VOLUNTEERS) and not VolunteerAssignment.objects.filter(
            volunteer_id=hours.volunteer_id, client_id=hours.client_id
        ).exists():
            _add(errors, "client", _("Not a client of your assignments."))
    return errors


def _replay(actor: Actor, first: VolunteerHours) -> VolunteerHours:
    """A retry gets the first result back; a key used by someone else is refused."""
    if first.logged_by_id != actor.user.pk:
        raise Conflict(_("This idempotency key was already used for other hours."), code="idempotency_key_reused")
    return first


def _row_id(key: str, client_uuid: uuid.UUID | None) -> uuid.UUID | None:
    """The hours' ``client_uuid``: an Idempotency-Key that is a UUID also names the row when the request names
    none (clients send the row's own id as the key); naming another one is refused."""
    try:
        from_key = uuid.UUID(key)
    except ValueError:
        return client_uuid
    if client_uuid not in (None, from_key):
        raise ValidationError({"client_uuid": [_("Does not match the Idempotency-Key header.")]})
    return from_key


def _pk(instance: Model | None) -> Any:
    return None if instance is None else instance.pk


@transaction.atomic
def log_hours(
    *,
    actor: Actor,
    date: dt.date,
    minutes: int,
    volunteer: Volunteer | None = None,
    activity_type: ActivityType | None = None,
    assignment: VolunteerAssignment | None = None,
    client: Client | None = None,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    idempotency_key: str | None = None,
) -> tuple[VolunteerHours, bool]:
    """Log hours given by a volunteer (their own, or any of the centre's when staff log them).

    The date is not in the future and falls under an agreement in force; an assignment is the
    volunteer's own and active that day. A retry returns the hours first logged and creates nothing: the
    result is ``(hours, created)``. A retry is the same ``idempotency_key`` with the same content (see
    ``cus.core.idempotency``), or the same ``client_uuid`` (by its first author).
    """
    if not (can(actor, Perm.MANAGE_VOLUNTEERS) or can(actor, Perm.LOG_OWN_VOLUNTEER_HOURS)):
        raise NotAllowed()
    key = idempotency.clean_key(idempotency_key)
    client_uuid = _row_id(key, client_uuid)
    content = {
        "date": date, "minutes": minutes, "volunteer": _pk(volunteer), "activity_type": _pk(activity_type),
        "assignment": _pk(assignment), "client": _pk(client), "note": note, "client_uuid": client_uuid,
    }

    def create() -> tuple[list[VolunteerHours], bool]:
        existing = VolunteerHours.objects.filter(centre_id=actor.centre_id, client_uuid=client_uuid)
        if client_uuid is not None and (first := existing.first()) is not None:
            return [_replay(actor, first)], False
        hours = VolunteerHours(
            centre=actor.centre,
            volunteer=_volunteer_logging_for(actor, volunteer),
            date=date,
            minutes=minutes,
            activity_type=activity_type,
            assignment=assignment,
            client=client,
            note=note,
            client_uuid=client_uuid,
            logged_by=actor.user,
        )
        given = {name for name, value in (("activity_type", activity_type), ("client", client)) if value is not None}
        _fill_from_assignment(hours, given)
        _full_clean(hours, _check_hours(actor, hours, set(HOURS_FIELDS)))
        stamp(hours, user=actor.user, reason="logged")
        try:
            with transaction.atomic():
                hours.save()
        except IntegrityError:
            # The same client_uuid sent twice at once: the other request saved first, so this one is its retry.
            if client_uuid is None or (first := existing.first()) is None:
                raise
            return [_replay(actor, first)], False
        return [hours], True

    rows, created = idempotency.once(
        actor=actor, endpoint=LOG_HOURS_ENDPOINT, key=key, fingerprint=idempotency.fingerprint(content),
        model=VolunteerHours, create=create,
    )
    return rows[0], created


@transaction.atomic
def update_hours(*, actor: Actor, hours: VolunteerHours, **fields: Any) -> VolunteerHours:
    """Correct logged hours (a volunteer their own, staff anyone's); verified and rejected hours are locked."""
    hours = scope(VolunteerHours.objects.select_for_update(), actor).get(pk=hours.pk)
    if not _may_edit_hours(actor, hours):
        raise NotAllowed()
    if hours.status != HoursStatus.LOGGED:
        raise Conflict(
            _("These hours are %(status)s and can no longer be changed.") % {"status": hours.get_status_display()},
            code="locked",
            status=hours.status,
        )
    _set(hours, fields, HOURS_FIELDS)
    changed = set(fields)
    if "assignment" in fields:
        _fill_from_assignment(hours, changed)
        changed |= {"activity_type", "client"}
    _full_clean(hours, _check_hours(actor, hours, changed))
    stamp(hours, user=actor.user, reason="hours changed")
    hours.save()
    return hours


def _decide(actor: Actor, hours: VolunteerHours, action: str, reason: str) -> VolunteerHours:
    hours = scope(VolunteerHours.objects.select_for_update(), actor).get(pk=hours.pk)
    move(hours, HOURS_TRANSITIONS, action, messages=HOURS_MESSAGES)
    hours.status_reason = reason
    if hours.status == HoursStatus.VERIFIED:
        hours.verified_by = actor.user
        hours.verified_at = timezone.now()
    stamp(hours, user=actor.user, reason=reason or hours.status)
    hours.save()
    return hours


@transaction.atomic
def verify_hours(*, actor: Actor, hours: VolunteerHours, reason: str = "") -> VolunteerHours:
    """Staff confirm logged hours, never their own logging; verified hours count for the in-kind value and lock."""
    _require_staff(actor)
    if hours.logged_by_id == actor.user.pk:
        # Four eyes: whoever logged the hours (staff logging for a volunteer) cannot also confirm them.
        raise NotAllowed(
            _("Hours cannot be verified by the person who logged them: another staff member verifies them."),
            code="own_hours",
        )
    return _decide(actor, hours, "verify", reason.strip())


@transaction.atomic
def reject_hours(*, actor: Actor, hours: VolunteerHours, reason: str) -> VolunteerHours:
    """Staff refuse logged hours, saying why; rejected hours count nowhere and can no longer change."""
    _require_staff(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these hours are rejected.")})
    return _decide(actor, hours, "reject", reason.strip())
