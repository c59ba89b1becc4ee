"""Writes on ESF+ participations: a client's situation when entering a funded project and on leaving it, frozen
for the funder's report, and the results six months later."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.dates import add_months, centre_today, last_of_month
from cus.core.errors import Conflict, NotAllowed, NotFound, ValidationError
from cus.core.history import stamp
from cus.privacy.models import Purpose

from .. import selectors
from ..models import Client, Participation
from .checks import check_known, locked, not_in_future
from .consents import require_consent

# The client's ESF+ attributes, copied into the participation's entry snapshot (client field -> entry field).
ENTRY_SNAPSHOT = {
    "sex": "entry_sex",
    "labour_market_status": "entry_labour_market_status",
    "education_level": "entry_education_level",
    "has_disability": "entry_has_disability",
    "third_country_national": "entry_third_country_national",
    "foreign_background": "entry_foreign_background",
    "minority": "entry_minority",
    "homeless_or_housing_exclusion": "entry_homeless_or_housing_exclusion",
    "rural_area": "entry_rural_area",
}
EXIT_RESULTS = ("exit_job_searching", "exit_in_education_or_training", "exit_gained_qualification", "exit_in_employment")
FOLLOWUP_RESULTS = ("followup_in_employment", "followup_improved_situation")
FOLLOWUP_AFTER_MONTHS = 6
# The ESF+ common indicators count every participant by these at entry: a participation cannot start without them.
# The special-category attributes (disability, minority, foreign background...) may stay unknown: a person may
# decline to say, and the funder counts them apart.
REQUIRED_AT_ENTRY = ("sex", "labour_market_status", "education_level")


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def followup_due(exit_date: dt.date) -> dt.date:
    """Six months after leaving (the month's last day when the day does not exist: 31 August -> 28 February)."""
    last_day = last_of_month(add_months(exit_date, FOLLOWUP_AFTER_MONTHS))
    return last_day.replace(day=min(exit_date.day, last_day.day))


def _require_participation_manager(actor: Actor, client: Client) -> None:
    """Coordinators start and end participations of their own caseload (and unassigned clients)."""
    require(actor, Perm.MANAGE_PARTICIPATIONS)
    if client.centre_id != actor.centre_id:
        raise NotFound()
    if not selectors.can_manage_participation(actor, client):
        raise NotAllowed(
            _("This client is in another coordinator's caseload: you may not change their participations.")
        )


def _check_within_project(funding_source: Any, field: str, day: dt.date) -> None:
    if funding_source.start_date is not None and day < funding_source.start_date:
        raise ValidationError({field: _("The date is before the project starts.")})
    if funding_source.end_date is not None and day > funding_source.end_date:
        raise ValidationError({field: _("The date is after the project ends.")})


def _reason(default: str, change_reason: str) -> str:
    change_reason = change_reason.strip()
    return f"{default}: {change_reason}" if change_reason else default


@transaction.atomic
def start_participation(
    *, actor: Actor, client: Client, funding_source: Any, entry_date: dt.date, change_reason: str = ""
) -> Participation:
    """Enter the client into a funded project (ESF+) on ``entry_date``.

    The client's sex, age on the entry date and ESF+ attributes are copied into the participation and frozen:
    the funder's report counts this snapshot, whatever later changes to the client record. An attribute not
    recorded on the client stays unknown (blank) in the snapshot. A client has at most one open participation
    per project (Conflict); the entry date lies within the project's dates and not in the future. Where the centre
    rests ESF+ participation on consent, the client needs a valid "EU-funded project" consent (409 otherwise).
    """
    client = locked(Client.objects.all(), actor, client.pk)  # one start at a time per client
    _require_participation_manager(actor, client)
    source = selectors.participation_projects_for(actor).filter(pk=getattr(funding_source, "pk", funding_source)).first()
    if source is None:
        raise ValidationError({"funding_source": _("Choose a project of this centre.")})
    not_in_future(actor, "entry_date", entry_date, _("The entry date cannot be in the future."))
    if entry_date < client.birth_date:
        raise ValidationError({"entry_date": _("The entry date is before the client's birth date.")})
    _check_within_project(source, "entry_date", entry_date)
    missing = [name for name in REQUIRED_AT_ENTRY if not getattr(client, name)]
    if missing:
        labels = ", ".join(str(getattr(Client._meta.get_field(name), "verbose_name", name)) for name in missing)
        raise Conflict(
            _("Record the client's %(fields)s first: the funder counts every participant by them at entry.")
            % {"fields": labels},
            code="esf_attributes_missing",
            missing=missing,
        )
    require_consent(client=client, purpose=Purpose.EU_PROJECT)
    earlier = Participation.objects.filter(client=client, funding_source=source)
    if earlier.filter(exit_date__isnull=True).exists():
        raise Conflict(
            _("The client already takes part in this project: end that participation first."),
            code="participation_open",
        )
    if earlier.filter(entry_date__lte=entry_date, exit_date__gte=entry_date).exists():
        raise Conflict(
            _("The entry date falls within an earlier participation of the client in this project."),
            code="participation_overlap",
        )
    participation = Participation(
        centre_id=actor.centre_id,
        client=client,
        funding_source=source,
        entry_date=entry_date,
        entry_age=age_on(client.birth_date, entry_date),
        **{entry: getattr(client, attribute) for attribute, entry in ENTRY_SNAPSHOT.items()},
    )
    participation.full_clean()
    stamp(participation, user=actor.user, reason=_reason("participation started", change_reason))
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:  # a concurrent start that got in first
        raise Conflict(
            _("The client already takes part in this project: end that participation first."),
            code="participation_open",
        ) from None
    return participation


def _locked_participation(actor: Actor, participation: Participation) -> Participation:
    found = locked(Participation.objects.select_related("client", "funding_source"), actor, participation.pk)
    _require_participation_manager(actor, found.client)
    return found


@transaction.atomic
def end_participation(
    *,
    actor: Actor,
    participation: Participation,
    exit_date: dt.date,
    exit_reason: str,
    change_reason: str = "",
    **results: bool | None,
) -> Participation:
    """Record that the client left the project: the exit date, why, and the immediate result indicators
    (``exit_job_searching``, ``exit_in_education_or_training``, ``exit_gained_qualification``,
    ``exit_in_employment``; ``None`` when not known). An ended participation cannot be ended again."""
    unknown = set(results) - set(EXIT_RESULTS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    participation = _locked_participation(actor, participation)
    if participation.exit_date is not None:
        raise Conflict(_("This participation has already ended."), code="participation_ended")
    if not exit_reason:
        raise ValidationError({"exit_reason": _("Give the reason for leaving.")})
    not_in_future(actor, "exit_date", exit_date, _("The exit date cannot be in the future."))
    if exit_date < participation.entry_date:
        raise ValidationError({"exit_date": _("The exit date cannot be before the entry date.")})
    _check_within_project(participation.funding_source, "exit_date", exit_date)
    participation.exit_date = exit_date
    participation.exit_reason = exit_reason
    for name in EXIT_RESULTS:
        setattr(participation, name, results.get(name))
    participation.full_clean()
    stamp(participation, user=actor.user, reason=_reason("participation ended", change_reason))
    participation.save()
    return participation


@transaction.atomic
def record_followup(
    *,
    actor: Actor,
    participation: Participation,
    followup_in_employment: bool | None = None,
    followup_improved_situation: bool | None = None,
    change_reason: str = "",
) -> Participation:
    """Record the longer-term result indicators, six months after the client left the project.

    Only for an ended participation whose six months have passed; recording again corrects the earlier answer
    (the history keeps it).
    """
    participation = _locked_participation(actor, participation)
    if participation.exit_date is None:
        raise Conflict(_("The follow-up is recorded after the client has left the project."), code="participation_open")
    due = followup_due(participation.exit_date)
    if due > centre_today(actor.centre):
        raise Conflict(
            _("The follow-up is due six months after leaving, on %(date)s.") % {"date": due.isoformat()},
            code="followup_not_due",
        )
    if followup_in_employment is None and followup_improved_situation is None:
        raise ValidationError({"followup_in_employment": _("Record at least one of the follow-up results.")})
    participation.followup_in_employment = followup_in_employment
    participation.followup_improved_situation = followup_improved_situation
    participation.full_clean()
    stamp(participation, user=actor.user, reason=_reason("six-month follow-up recorded", change_reason))
    participation.save()
    return participation


CORRECTABLE = frozenset({"entry_date", "entry_age", *ENTRY_SNAPSHOT.values(), "exit_date", "exit_reason", *EXIT_RESULTS})


@transaction.atomic
def correct_participation(
    *, actor: Actor, participation: Participation, reason: str, **fields: Any
) -> Participation:
    """Correct a participation's recorded entry or exit situation (a data-entry mistake, evidence found later).

    The only way to change a snapshot after the fact: it needs a reason, which the history keeps beside the old
    values. It does not re-copy the client record: the corrected values are given explicitly.
    """
    check_known(fields, CORRECTABLE)
    participation = _locked_participation(actor, participation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    if participation.exit_date is None and any(name in fields for name in ("exit_reason", *EXIT_RESULTS)):
        raise ValidationError({"exit_reason": _("An open participation has no exit situation: end it instead.")})
    if "exit_date" in fields and fields["exit_date"] is None:
        raise ValidationError({"exit_date": _("An ended participation keeps an exit date.")})
    if participation.exit_date is None and "exit_date" in fields:
        raise ValidationError({"exit_date": _("An open participation has no exit situation: end it instead.")})
    for name, value in fields.items():
        setattr(participation, name, value)
    if "entry_date" in fields:
        not_in_future(actor, "entry_date", participation.entry_date, _("The entry date cannot be in the future."))
        _check_within_project(participation.funding_source, "entry_date", participation.entry_date)
        if "entry_age" not in fields:
            participation.entry_age = age_on(participation.client.birth_date, participation.entry_date)
    if participation.exit_date is not None:
        if participation.exit_date < participation.entry_date:
            raise ValidationError({"exit_date": _("The exit date cannot be before the entry date.")})
        not_in_future(actor, "exit_date", participation.exit_date, _("The exit date cannot be in the future."))
        _check_within_project(participation.funding_source, "exit_date", participation.exit_date)
        if not participation.exit_reason:
            raise ValidationError({"exit_reason": _("Give the reason for leaving.")})
    participation.full_clean()
    stamp(participation, user=actor.user, reason=f"participation corrected: {reason}")
    participation.save()
    return participation
