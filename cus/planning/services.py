"""Writes on community planning: the plan tree, manual indicator values, raised needs, partners, meetings,
decisions and follow-ups (their owners are reminded by ``cus.notifications.rules.scan_follow_ups_due``).

Managers write the community plan (``Perm.MANAGE_PLANNING``); managers and coordinators record raised needs
(``Perm.RAISE_NEEDS``) and run the partnership (``Perm.MANAGE_MEETINGS``). Every write runs in one transaction,
validates everything before saving anything, and stamps the history with the actor and a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cus.catalogue.models import Provider, ServiceType, TargetGroup
from cus.core.access import Perm, can, require
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import Conflict, NotAllowed, ValidationError
from cus.core.history import stamp
from cus.core.models import Membership, Role, User
from cus.core.transitions import move, target_status

from .models import (
    COMMUNITY_PLAN_TRANSITIONS,
    FOLLOW_UP_TRANSITIONS,
    MEETING_TRANSITIONS,
    Activity,
    CommunityPlan,
    CommunityPlanStatus,
    Decision,
    FollowUp,
    FollowUpStatus,
    Indicator,
    IndicatorKind,
    IndicatorPeriod,
    IndicatorValue,
    Measure,
    Meeting,
    MeetingStatus,
    NeedSource,
    Partner,
    Priority,
    RaisedNeed,
)

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _clean(instance: Model, errors: Errors, *, exclude: Sequence[str] = ()) -> None:
    """Django's field validation (choices, lengths, digits), keyed by the field names the API uses."""
    try:
        instance.full_clean(exclude=["centre", *exclude], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                _add(errors, name, message)


def _apply(instance: Model, fields: dict[str, Any], allowed: Iterable[str], function: str) -> None:
    allowed = set(allowed)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"{function}() got an unexpected field {name!r}")
        setattr(instance, name, value)


def _own(actor: Actor, obj: Model | None, field: str, errors: Errors, message: str) -> None:
    """``obj`` (if any) must belong to the actor's centre; another centre's row reads as unknown."""
    if obj is not None and getattr(obj, "centre_id", None) != actor.centre_id:
        _add(errors, field, message)


def _save(actor: Actor, instance: Model, errors: Errors, *, reason: str, exclude: Sequence[str] = ()) -> None:
    _clean(instance, errors, exclude=exclude)
    _raise_if(errors)
    stamp(instance, user=actor.user, reason=reason)
    instance.save()


# --- partners -------------------------------------------------------------------------------------

PARTNER_FIELDS = ("name", "kind", "provider", "contact_name", "email", "phone", "note", "is_active")


def _check_partner(actor: Actor, partner: Partner, errors: Errors) -> None:
    provider: Provider | None = partner.provider
    _own(actor, provider, "provider", errors, _("Unknown provider."))
    name_taken = Partner.objects.filter(centre_id=actor.centre_id, name__iexact=partner.name).exclude(pk=partner.pk)
    if partner.name and name_taken.exists():
        _add(errors, "name", _("A partner with this name already exists."))


@transaction.atomic
def create_partner(*, actor: Actor, name: str, kind: str, **fields: Any) -> Partner:
    """Add a partner organisation (optionally linked to a provider of the catalogue)."""
    require(actor, Perm.MANAGE_MEETINGS)
    partner = Partner(centre_id=actor.centre_id, name=name, kind=kind)
    _apply(partner, fields, PARTNER_FIELDS, "create_partner")
    errors: Errors = {}
    _check_partner(actor, partner, errors)
    _save(actor, partner, errors, reason="created")
    return partner


@transaction.atomic
def update_partner(*, actor: Actor, partner: Partner, reason: str = "", **fields: Any) -> Partner:
    require(actor, Perm.MANAGE_MEETINGS)
    _apply(partner, fields, PARTNER_FIELDS, "update_partner")
    errors: Errors = {}
    _check_partner(actor, partner, errors)
    _save(actor, partner, errors, reason=reason or "changed")
    return partner


# --- the community plan and its tree ----------------------------------------------------------------

COMMUNITY_PLAN_FIELDS = ("title", "start_date", "end_date", "description")


def _plan_open(plan: CommunityPlan) -> None:
    if plan.status == CommunityPlanStatus.CLOSED:
        raise Conflict(_("The community plan is closed and can no longer be changed."), code="plan_closed")


def _check_period(start: dt.date | None, end: dt.date | None, errors: Errors) -> None:
    if start and end and end < start:
        _add(errors, "end_date", _("The end date cannot be before the start date."))


@transaction.atomic
def create_community_plan(
    *, actor: Actor, title: str, start_date: dt.date, end_date: dt.date, description: str = ""
) -> CommunityPlan:
    """Start a community plan (a draft) for a period."""
    require(actor, Perm.MANAGE_PLANNING)
    plan = CommunityPlan(
        centre_id=actor.centre_id, title=title, start_date=start_date, end_date=end_date, description=description
    )
    errors: Errors = {}
    _check_period(start_date, end_date, errors)
    _save(actor, plan, errors, reason="created", exclude=["status_reason"])
    return plan


@transaction.atomic
def update_community_plan(*, actor: Actor, plan: CommunityPlan, reason: str = "", **fields: Any) -> CommunityPlan:
    require(actor, Perm.MANAGE_PLANNING)
    _plan_open(plan)
    _apply(plan, fields, COMMUNITY_PLAN_FIELDS, "update_community_plan")
    errors: Errors = {}
    _check_period(plan.start_date, plan.end_date, errors)
    _save(actor, plan, errors, reason=reason or "changed")
    return plan


def _change_plan_status(actor: Actor, plan: CommunityPlan, action: str, reason: str) -> CommunityPlan:
    require(actor, Perm.MANAGE_PLANNING)
    plan = CommunityPlan.objects.select_for_update().get(pk=plan.pk, centre_id=actor.centre_id)
    move(plan, COMMUNITY_PLAN_TRANSITIONS, action)
    plan.status_reason = reason
    stamp(plan, user=actor.user, reason=reason or action)
    plan.save(update_fields=["status", "status_reason", "updated_at"])
    return plan


@transaction.atomic
def adopt_community_plan(*, actor: Actor, plan: CommunityPlan, reason: str = "") -> CommunityPlan:
    """Draft -> adopted (e.g. by the municipal council's resolution, named in the reason)."""
    return _change_plan_status(actor, plan, "adopt", reason)


@transaction.atomic
def close_community_plan(*, actor: Actor, plan: CommunityPlan, reason: str = "") -> CommunityPlan:
    """Adopted -> closed: the plan's tree is frozen (its progress stays live)."""
    return _change_plan_status(actor, plan, "close", reason)


NODE_FIELDS = ("code", "title", "description", "sort_order")


@transaction.atomic
def create_priority(*, actor: Actor, plan: CommunityPlan, title: str, **fields: Any) -> Priority:
    require(actor, Perm.MANAGE_PLANNING)
    errors: Errors = {}
    _own(actor, plan, "plan", errors, _("Unknown community plan."))
    _raise_if(errors)
    _plan_open(plan)
    priority = Priority(centre_id=actor.centre_id, plan=plan, title=title)
    _apply(priority, fields, NODE_FIELDS, "create_priority")
    _save(actor, priority, errors, reason="created")
    return priority


@transaction.atomic
def update_priority(*, actor: Actor, priority: Priority, reason: str = "", **fields: Any) -> Priority:
    require(actor, Perm.MANAGE_PLANNING)
    _plan_open(priority.plan)
    _apply(priority, fields, NODE_FIELDS, "update_priority")
    _save(actor, priority, {}, reason=reason or "changed")
    return priority


@transaction.atomic
def create_measure(*, actor: Actor, priority: Priority, title: str, **fields: Any) -> Measure:
    require(actor, Perm.MANAGE_PLANNING)
    errors: Errors = {}
    _own(actor, priority, "priority", errors, _("Unknown priority."))
    _raise_if(errors)
    _plan_open(priority.plan)
    measure = Measure(centre_id=actor.centre_id, priority=priority, title=title)
    _apply(measure, fields, NODE_FIELDS, "create_measure")
    _save(actor, measure, errors, reason="created")
    return measure


@transaction.atomic
def update_measure(*, actor: Actor, measure: Measure, reason: str = "", **fields: Any) -> Measure:
    require(actor, Perm.MANAGE_PLANNING)
    _plan_open(measure.priority.plan)
    _apply(measure, fields, NODE_FIELDS, "update_measure")
    _save(actor, measure, {}, reason=reason or "changed")
    return measure


ACTIVITY_FIELDS = (*NODE_FIELDS, "responsible_partner", "target_groups")


def _check_activity(actor: Actor, activity: Activity, service_types: Iterable[ServiceType] | None, errors: Errors) -> None:
    _own(actor, activity.responsible_partner, "responsible_partner", errors, _("Unknown partner."))
    groups = activity.target_groups
    if not isinstance(groups, list) or any(group not in TargetGroup.values for group in groups):
        _add(errors, "target_groups", _("Choose target groups from the list."))
    elif len(set(groups)) != len(groups):
        _add(errors, "target_groups", _("A target group is named twice."))
    for service_type in service_types or ():
        if service_type.centre_id not in (None, actor.centre_id):
            _add(errors, "service_types", _("Unknown service type."))
            break


@transaction.atomic
def create_activity(
    *, actor: Actor, measure: Measure, title: str, service_types: Sequence[ServiceType] = (), **fields: Any
) -> Activity:
    """An activity under a measure: the responsible partner, target groups and the service types it concerns
    (the indicators' live figures count those types)."""
    require(actor, Perm.MANAGE_PLANNING)
    errors: Errors = {}
    _own(actor, measure, "measure", errors, _("Unknown measure."))
    _raise_if(errors)
    _plan_open(measure.priority.plan)
    activity = Activity(centre_id=actor.centre_id, measure=measure, title=title)
    _apply(activity, fields, ACTIVITY_FIELDS, "create_activity")
    _check_activity(actor, activity, service_types, errors)
    _save(actor, activity, errors, reason="created")
    activity.service_types.set(service_types)
    return activity


@transaction.atomic
def update_activity(
    *,
    actor: Actor,
    activity: Activity,
    reason: str = "",
    service_types: Sequence[ServiceType] | None = None,
    **fields: Any,
) -> Activity:
    require(actor, Perm.MANAGE_PLANNING)
    _plan_open(activity.measure.priority.plan)
    _apply(activity, fields, ACTIVITY_FIELDS, "update_activity")
    errors: Errors = {}
    _check_activity(actor, activity, service_types, errors)
    _save(actor, activity, errors, reason=reason or "changed")
    if service_types is not None:
        activity.service_types.set(service_types)
    return activity


INDICATOR_FIELDS = ("name", "kind", "period", "year", "baseline", "target", "unit_label", "sort_order")


def _check_indicator(indicator: Indicator, plan: CommunityPlan, errors: Errors) -> None:
    if indicator.target is not None and indicator.target < 0:
        _add(errors, "target", _("The target cannot be negative."))
    if indicator.period == IndicatorPeriod.YEAR:
        if indicator.year is None:
            _add(errors, "year", _("Give the year of a yearly indicator."))
        elif not plan.start_date.year <= indicator.year <= plan.end_date.year:
            _add(
                errors, "year",
                _("The year must fall within the plan's period (%(start)s to %(end)s).")
                % {"start": plan.start_date.year, "end": plan.end_date.year},
            )
    elif indicator.year is not None:
        _add(errors, "year", _("Only a yearly indicator has a year."))


@transaction.atomic
def create_indicator(
    *, actor: Actor, activity: Activity, name: str, kind: str, target: Decimal, **fields: Any
) -> Indicator:
    """A target of an activity, counted live over the activity's service types in its period."""
    require(actor, Perm.MANAGE_PLANNING)
    errors: Errors = {}
    _own(actor, activity, "activity", errors, _("Unknown activity."))
    _raise_if(errors)
    plan = activity.measure.priority.plan
    _plan_open(plan)
    indicator = Indicator(centre_id=actor.centre_id, activity=activity, name=name, kind=kind, target=target)
    _apply(indicator, fields, INDICATOR_FIELDS, "create_indicator")
    _check_indicator(indicator, plan, errors)
    _save(actor, indicator, errors, reason="created")
    return indicator


@transaction.atomic
def update_indicator(*, actor: Actor, indicator: Indicator, reason: str = "", **fields: Any) -> Indicator:
    require(actor, Perm.MANAGE_PLANNING)
    plan = indicator.activity.measure.priority.plan
    _plan_open(plan)
    if fields.get("period") == IndicatorPeriod.PLAN and "year" not in fields:
        fields["year"] = None
    _apply(indicator, fields, INDICATOR_FIELDS, "update_indicator")
    errors: Errors = {}
    _check_indicator(indicator, plan, errors)
    _save(actor, indicator, errors, reason=reason or "changed")
    return indicator


@transaction.atomic
def record_indicator_value(
    *, actor: Actor, indicator: Indicator, date: dt.date, value: Decimal, note: str = ""
) -> IndicatorValue:
    """Enter the value of a ``manual`` indicator as of a date (computed indicators take no values)."""
    require(actor, Perm.MANAGE_PLANNING)
    errors: Errors = {}
    _own(actor, indicator, "indicator", errors, _("Unknown indicator."))
    _raise_if(errors)
    if indicator.kind != IndicatorKind.MANUAL:
        _add(errors, "indicator", _("Only an indicator entered by staff takes values; this one is computed."))
    if value is not None and value < 0:
        _add(errors, "value", _("The value cannot be negative."))
    _raise_if(errors)
    _plan_open(indicator.activity.measure.priority.plan)
    entry = IndicatorValue(
        centre_id=actor.centre_id, indicator=indicator, date=date, value=value, note=note, recorded_by=actor.user
    )
    _save(actor, entry, errors, reason="recorded")
    return entry


# --- removing and ordering the tree's nodes ----------------------------------------------------------

TreeNode = Priority | Measure | Activity | Indicator


def _plan_of(node: TreeNode) -> CommunityPlan:
    if isinstance(node, Priority):
        return node.plan
    if isinstance(node, Measure):
        return node.priority.plan
    if isinstance(node, Activity):
        return node.measure.priority.plan
    return node.activity.measure.priority.plan


def _activities_under(node: TreeNode) -> list[Activity]:
    if isinstance(node, Priority):
        return list(Activity.objects.filter(measure__priority=node))
    if isinstance(node, Measure):
        return list(Activity.objects.filter(measure=node))
    if isinstance(node, Activity):
        return [node]
    return []


def _delete_stamped(actor: Actor, instances: Iterable[Model], reason: str) -> None:
    for instance in instances:
        stamp(instance, user=actor.user, reason=reason)
        instance.delete()


@transaction.atomic
def delete_plan_node(*, actor: Actor, node: TreeNode, reason: str = "") -> None:
    """Remove a priority, measure, activity or indicator with everything under it, each removal in the history
    with the actor. A closed plan is read-only; an activity answering raised needs (or a node above one) stays
    until the needs are linked elsewhere."""
    require(actor, Perm.MANAGE_PLANNING)
    if node.centre_id != actor.centre_id:
        raise ValidationError({"node": [_("Unknown part of a community plan.")]})
    _plan_open(_plan_of(node))
    activities = _activities_under(node)
    if RaisedNeed.objects.filter(answered_by__in=activities).exists():
        raise Conflict(
            _("An activity here answers raised needs: link those needs to another activity first."),
            code="answers_needs",
        )
    why = reason or "deleted"
    activity_ids = [activity.pk for activity in activities]
    indicators = (
        Indicator.objects.filter(pk=node.pk) if isinstance(node, Indicator)
        else Indicator.objects.filter(activity_id__in=activity_ids)
    )
    _delete_stamped(actor, IndicatorValue.objects.filter(indicator__in=indicators), why)
    _delete_stamped(actor, list(indicators), why)
    if isinstance(node, Indicator):
        return
    _delete_stamped(actor, activities, why)
    if isinstance(node, Activity):
        return
    if isinstance(node, Priority):
        _delete_stamped(actor, Measure.objects.filter(priority=node), why)
    _delete_stamped(actor, [node], why)


def _siblings(node: TreeNode) -> list[TreeNode]:
    siblings: Any
    if isinstance(node, Priority):
        siblings = Priority.objects.filter(plan_id=node.plan_id)
    elif isinstance(node, Measure):
        siblings = Measure.objects.filter(priority_id=node.priority_id)
    elif isinstance(node, Activity):
        siblings = Activity.objects.filter(measure_id=node.measure_id)
    else:
        siblings = Indicator.objects.filter(activity_id=node.activity_id)
    return list(siblings.select_for_update())


MOVES = ("up", "down")


@transaction.atomic
def move_plan_node(*, actor: Actor, node: TreeNode, direction: str) -> TreeNode:
    """Move a node one place up or down among its siblings (they are renumbered 10, 20, 30 ... in their shown
    order; only those whose order changes are written, each in the history)."""
    require(actor, Perm.MANAGE_PLANNING)
    if direction not in MOVES:
        raise ValidationError({"direction": [_("Choose up or down.")]})
    _plan_open(_plan_of(node))
    siblings = _siblings(node)  # in the model's order: sort_order, then code, then creation
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.sort_order != position * 10:
            sibling.sort_order = position * 10
            stamp(sibling, user=actor.user, reason=f"moved {direction}")
            sibling.save(update_fields=["sort_order", "updated_at"])
        if sibling.pk == node.pk:
            node.sort_order = sibling.sort_order
    return node


# --- raised needs ---------------------------------------------------------------------------------

RAISED_NEED_FIELDS = (
    "source", "partner", "meeting", "service_type", "area", "description", "people_estimate", "raised_on", "is_open",
)


def _check_raised_need(actor: Actor, need: RaisedNeed, errors: Errors) -> None:
    _own(actor, need.partner, "partner", errors, _("Unknown partner."))
    _own(actor, need.meeting, "meeting", errors, _("Unknown meeting."))
    service_type: ServiceType | None = need.service_type
    if service_type is not None and service_type.centre_id not in (None, actor.centre_id):
        _add(errors, "service_type", _("Unknown service type."))
    if need.source == NeedSource.PARTNER and need.partner is None:
        _add(errors, "partner", _("Name the partner who raised the need."))
    if need.source == NeedSource.MEETING and need.meeting is None:
        _add(errors, "meeting", _("Name the meeting where the need was raised."))
    if need.raised_on and need.raised_on > centre_today(actor.centre):
        _add(errors, "raised_on", _("The date cannot be in the future."))
    if not (need.description or "").strip():
        _add(errors, "description", _("Describe the need."))


@transaction.atomic
def raise_need(*, actor: Actor, source: str, description: str, raised_on: dt.date, **fields: Any) -> RaisedNeed:
    """Record a need raised by a partner, the public or at a meeting, for the needs register. It names no client.

    A partner's staff raise needs as their partner: the source and the partner are theirs whatever is sent."""
    require(actor, Perm.RAISE_NEEDS)
    need = RaisedNeed(
        centre_id=actor.centre_id, source=source, description=description, raised_on=raised_on, recorded_by=actor.user
    )
    _apply(need, fields, RAISED_NEED_FIELDS, "raise_need")
    if actor.role == Role.PARTNER:
        need.source = NeedSource.PARTNER
        need.partner = Partner.objects.get(pk__in=[actor.partner_id], centre_id=actor.centre_id)
        need.is_open = True
    errors: Errors = {}
    _check_raised_need(actor, need, errors)
    _save(actor, need, errors, reason="raised")
    return need


def _require_need_handler(actor: Actor) -> None:
    """The centre's staff handle raised needs (link, close, reopen, correct); a partner's staff only raise them."""
    require(actor, Perm.RAISE_NEEDS)
    if actor.role == Role.PARTNER:
        raise NotAllowed(_("Partners raise needs; the centre's staff handle them."))


def _check_answer(actor: Actor, activity: Activity | None, errors: Errors) -> None:
    _own(actor, activity, "answered_by", errors, _("Unknown activity."))


@transaction.atomic
def link_need_to_activity(
    *, actor: Actor, need: RaisedNeed, activity: Activity | None, reason: str = ""
) -> RaisedNeed:
    """Name the activity of a community plan that answers the need (None: unlink it)."""
    _require_need_handler(actor)
    errors: Errors = {}
    _own(actor, need, "need", errors, _("Unknown raised need."))
    _check_answer(actor, activity, errors)
    _raise_if(errors)
    if activity is not None and activity.measure.priority.plan.status == CommunityPlanStatus.CLOSED:
        raise Conflict(_("The community plan is closed and can no longer be changed."), code="plan_closed")
    need.answered_by = activity
    stamp(need, user=actor.user, reason=reason or ("answered by an activity" if activity else "unlinked"))
    need.save(update_fields=["answered_by", "updated_at"])
    return need


@transaction.atomic
def close_need(*, actor: Actor, need: RaisedNeed, note: str = "") -> RaisedNeed:
    """Open -> closed (met, planned for, or not to be acted on), with an optional note of why."""
    _require_need_handler(actor)
    need = RaisedNeed.objects.select_for_update().get(pk=need.pk, centre_id=actor.centre_id)
    if not need.is_open:
        raise Conflict(_("The need is already closed."), code="need_closed")
    need.is_open = False
    need.close_note = note.strip()
    stamp(need, user=actor.user, reason=note.strip() or "closed")
    need.save(update_fields=["is_open", "close_note", "updated_at"])
    return need


@transaction.atomic
def reopen_need(*, actor: Actor, need: RaisedNeed, reason: str = "") -> RaisedNeed:
    """Closed -> open again (the note of why it was closed stays in the history)."""
    _require_need_handler(actor)
    need = RaisedNeed.objects.select_for_update().get(pk=need.pk, centre_id=actor.centre_id)
    if need.is_open:
        raise Conflict(_("The need is open."), code="need_open")
    need.is_open = True
    need.close_note = ""
    stamp(need, user=actor.user, reason=reason or "reopened")
    need.save(update_fields=["is_open", "close_note", "updated_at"])
    return need


@transaction.atomic
def update_raised_need(*, actor: Actor, need: RaisedNeed, reason: str = "", **fields: Any) -> RaisedNeed:
    """Correct a raised need, or close it (``is_open`` false) once it is met or planned for. The centre's staff
    only: a partner's staff raise needs, the centre handles them."""
    _require_need_handler(actor)
    _apply(need, fields, RAISED_NEED_FIELDS, "update_raised_need")
    errors: Errors = {}
    _check_raised_need(actor, need, errors)
    _save(actor, need, errors, reason=reason or "changed")
    return need


# --- meetings, decisions, follow-ups --------------------------------------------------------------

MEETING_FIELDS = ("title", "starts_at", "location", "community_plan", "other_participants", "agenda", "minutes")


def _centre_users(actor: Actor, users: Iterable[User]) -> bool:
    ids = {user.pk for user in users}
    members = Membership.objects.filter(centre_id=actor.centre_id, is_active=True, user_id__in=ids)
    return members.count() == len(ids)


def _check_meeting(
    actor: Actor, meeting: Meeting, partners: Sequence[Partner] | None, staff: Sequence[User] | None, errors: Errors
) -> None:
    _own(actor, meeting.community_plan, "community_plan", errors, _("Unknown community plan."))
    for partner in partners or ():
        if partner.centre_id != actor.centre_id:
            _add(errors, "partners", _("Unknown partner."))
            break
    if staff and not _centre_users(actor, staff):
        _add(errors, "staff", _("Only members of the centre can be named as its staff."))


def _meeting_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting was cancelled and can no longer be changed."), code="meeting_cancelled")


@transaction.atomic
def create_meeting(
    *,
    actor: Actor,
    title: str,
    starts_at: dt.datetime,
    partners: Sequence[Partner] = (),
    staff: Sequence[User] = (),
    **fields: Any,
) -> Meeting:
    """Plan a partnership meeting; the actor is its organiser (and is reminded of follow-ups without a user owner)."""
    require(actor, Perm.MANAGE_MEETINGS)
    meeting = Meeting(centre_id=actor.centre_id, title=title, starts_at=starts_at, organiser=actor.user)
    _apply(meeting, fields, MEETING_FIELDS, "create_meeting")
    errors: Errors = {}
    _check_meeting(actor, meeting, partners, staff, errors)
    _save(actor, meeting, errors, reason="created", exclude=["status_reason"])
    meeting.partners.set(partners)
    meeting.staff.set(staff)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: Actor,
    meeting: Meeting,
    reason: str = "",
    partners: Sequence[Partner] | None = None,
    staff: Sequence[User] | None = None,
    **fields: Any,
) -> Meeting:
    """Change a meeting: its agenda before it, its minutes after it (a cancelled meeting is final)."""
    require(actor, Perm.MANAGE_MEETINGS)
    _meeting_not_cancelled(meeting)
    _apply(meeting, fields, MEETING_FIELDS, "update_meeting")
    errors: Errors = {}
    _check_meeting(actor, meeting, partners, staff, errors)
    if meeting.status == MeetingStatus.HELD and not meeting.minutes.strip():
        _add(errors, "minutes", _("A meeting that was held keeps its minutes."))
    _save(actor, meeting, errors, reason=reason or "changed")
    if partners is not None:
        meeting.partners.set(partners)
    if staff is not None:
        meeting.staff.set(staff)
    return meeting


@transaction.atomic
def close_meeting(*, actor: Actor, meeting: Meeting, minutes: str | None = None, reason: str = "") -> Meeting:
    """Planned -> held, with its minutes (given now or earlier)."""
    require(actor, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, centre_id=actor.centre_id)
    target = target_status(MEETING_TRANSITIONS, "close", meeting)
    if minutes is not None:
        meeting.minutes = minutes
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": [_("Write the minutes of the meeting before closing it.")]})
    meeting.status = target
    meeting.status_reason = reason
    stamp(meeting, user=actor.user, reason=reason or "held")
    meeting.save(update_fields=["status", "status_reason", "minutes", "updated_at"])
    return meeting


@transaction.atomic
def cancel_meeting(*, actor: Actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Planned -> cancelled; the reason is required. Its open follow-ups are left to their owners."""
    require(actor, Perm.MANAGE_MEETINGS)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the meeting is cancelled.")]})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, centre_id=actor.centre_id)
    move(meeting, MEETING_TRANSITIONS, "cancel")
    meeting.status_reason = reason
    stamp(meeting, user=actor.user, reason=reason)
    meeting.save(update_fields=["status", "status_reason", "updated_at"])
    return meeting


DECISION_FIELDS = ("text", "sort_order")


@transaction.atomic
def record_decision(*, actor: Actor, meeting: Meeting, text: str, sort_order: int = 0) -> Decision:
    """A decision taken at a meeting."""
    require(actor, Perm.MANAGE_MEETINGS)
    errors: Errors = {}
    _own(actor, meeting, "meeting", errors, _("Unknown meeting."))
    _raise_if(errors)
    _meeting_not_cancelled(meeting)
    decision = Decision(centre_id=actor.centre_id, meeting=meeting, text=text, sort_order=sort_order)
    if not text.strip():
        _add(errors, "text", _("This field may not be blank."))
    _save(actor, decision, errors, reason="created")
    return decision


@transaction.atomic
def update_decision(*, actor: Actor, decision: Decision, reason: str = "", **fields: Any) -> Decision:
    require(actor, Perm.MANAGE_MEETINGS)
    _meeting_not_cancelled(decision.meeting)
    _apply(decision, fields, DECISION_FIELDS, "update_decision")
    errors: Errors = {}
    if not decision.text.strip():
        _add(errors, "text", _("This field may not be blank."))
    _save(actor, decision, errors, reason=reason or "changed")
    return decision


FOLLOW_UP_FIELDS = ("decision", "description", "owner", "owner_name", "partner", "due_date")


def _check_follow_up(actor: Actor, follow_up: FollowUp, errors: Errors) -> None:
    decision: Decision | None = follow_up.decision
    if decision is not None and decision.meeting_id != follow_up.meeting_id:
        _add(errors, "decision", _("The decision was taken at another meeting."))
    _own(actor, follow_up.partner, "partner", errors, _("Unknown partner."))
    owner: User | None = follow_up.owner
    if owner is not None and not _centre_users(actor, [owner]):
        _add(errors, "owner", _("The owner must be a member of the centre; name anyone else as the owner's name."))
    if owner is None and not follow_up.owner_name.strip():
        _add(errors, "owner", _("Name the owner: a user of CUS or a partner's contact."))
    if not follow_up.description.strip():
        _add(errors, "description", _("This field may not be blank."))


@transaction.atomic
def create_follow_up(*, actor: Actor, meeting: Meeting, description: str, due_date: dt.date, **fields: Any) -> FollowUp:
    """An action agreed at a meeting, with an owner and a due date; the owner is reminded before it is due."""
    require(actor, Perm.MANAGE_MEETINGS)
    errors: Errors = {}
    _own(actor, meeting, "meeting", errors, _("Unknown meeting."))
    _raise_if(errors)
    _meeting_not_cancelled(meeting)
    follow_up = FollowUp(centre_id=actor.centre_id, meeting=meeting, description=description, due_date=due_date)
    _apply(follow_up, fields, FOLLOW_UP_FIELDS, "create_follow_up")
    _check_follow_up(actor, follow_up, errors)
    _save(actor, follow_up, errors, reason="created")
    return follow_up


@transaction.atomic
def update_follow_up(*, actor: Actor, follow_up: FollowUp, reason: str = "", **fields: Any) -> FollowUp:
    """Change an open follow-up (a new due date is reminded of again)."""
    require(actor, Perm.MANAGE_MEETINGS)
    if follow_up.status != FollowUpStatus.OPEN:
        raise Conflict(_("The follow-up is done and can no longer be changed."), code="follow_up_done")
    _apply(follow_up, fields, FOLLOW_UP_FIELDS, "update_follow_up")
    errors: Errors = {}
    _check_follow_up(actor, follow_up, errors)
    _save(actor, follow_up, errors, reason=reason or "changed")
    return follow_up


FOLLOW_UP_MESSAGES = {"complete": gettext_lazy("The follow-up is already done.")}


@transaction.atomic
def complete_follow_up(*, actor: Actor, follow_up: FollowUp, outcome: str = "") -> FollowUp:
    """Open -> done, with what came of it. Those who run meetings complete any; a partner's staff the ones given to
    their partner or to them (403 for others they see)."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk, centre_id=actor.centre_id)
    own = follow_up.owner_id == actor.user.pk or (
        actor.partner_id is not None and follow_up.partner_id == actor.partner_id
    )
    if not (can(actor, Perm.MANAGE_MEETINGS) or (own and can(actor, Perm.COMPLETE_PARTNER_FOLLOW_UPS))):
        raise NotAllowed()
    move(follow_up, FOLLOW_UP_TRANSITIONS, "complete", messages=FOLLOW_UP_MESSAGES)
    follow_up.completed_at = timezone.now()
    follow_up.completed_by = actor.user
    follow_up.outcome = outcome
    stamp(follow_up, user=actor.user, reason="completed")
    follow_up.save(update_fields=["status", "completed_at", "completed_by", "outcome", "updated_at"])
    return follow_up
