"""ESF+ participations: a good share of the clients take part in the centre's ESF+ project. Each entered some
days after intake (not before the project started), with the entry snapshot copied from the client record as
``clients.services.start_participation`` does; closed cases and some others left, with their results, and those
who left more than six months ago mostly have their follow-up recorded."""

from __future__ import annotations

import datetime as dt
import random

from cus.clients.models import Client, ClientStatus, ClosureReason, Participation
from cus.clients.services import ENTRY_SNAPSHOT, age_on, followup_due
from cus.contracts.models import FundingKind

from ..context import DemoContext, stamp_history

SHARE = 0.6  # of the clients past referral
WORKING_AGE = range(18, 65)


def _results(rng: random.Random, participation: Participation) -> None:
    """Immediate results on leaving; people of working age find work or training now and then, seniors rarely."""
    working = participation.entry_age in WORKING_AGE
    participation.exit_job_searching = working and rng.random() < 0.35
    participation.exit_in_education_or_training = working and rng.random() < 0.12
    participation.exit_gained_qualification = working and rng.random() < 0.18
    participation.exit_in_employment = working and rng.random() < 0.22


def _followup(rng: random.Random, participation: Participation, today: dt.date) -> None:
    if participation.exit_date is None or followup_due(participation.exit_date) > today or rng.random() > 0.7:
        return
    working = participation.entry_age in WORKING_AGE
    participation.followup_in_employment = bool(participation.exit_in_employment) or (working and rng.random() < 0.15)
    participation.followup_improved_situation = participation.followup_in_employment or rng.random() < 0.3


def _exit(rng: random.Random, client: Client, entry: dt.date, today: dt.date) -> tuple[dt.date, str] | None:
    """When and why the client left the project, or None while they take part."""
    if client.status == ClientStatus.CLOSED and client.closed_at is not None:
        return max(client.closed_at, entry), client.closure_reason or ClosureReason.OTHER
    latest = today - dt.timedelta(days=1)
    if client.status == ClientStatus.INACTIVE and rng.random() < 0.5 and entry < latest:
        return min(entry + dt.timedelta(days=rng.randint(30, 240)), latest), ClosureReason.REFUSED
    if rng.random() < 0.12 and entry + dt.timedelta(days=120) < latest:
        return min(entry + dt.timedelta(days=rng.randint(90, 300)), latest), ClosureReason.GOALS_ACHIEVED
    return None


def create_participations(ctx: DemoContext) -> None:
    project = ctx.funding_sources.get(FundingKind.ESF_PLUS)
    if project is None or project.start_date is None:
        return
    rng = ctx.rng("participations")
    last_day = min(ctx.today, project.end_date or ctx.today)
    participations = []
    for client in ctx.clients:
        takes_part = rng.random() < SHARE
        delay, recruited = rng.randint(3, 28), rng.random()
        if not takes_part or client.status == ClientStatus.REFERRED:
            continue
        entry = ctx.intake[client.pk] + dt.timedelta(days=delay)
        if entry < project.start_date:
            # Clients of the centre before the project were recruited into it over its months so far.
            entry = project.start_date + dt.timedelta(days=int(recruited * (last_day - project.start_date).days))
        if entry > last_day or (client.closed_at is not None and entry > client.closed_at):
            continue
        participation = Participation(
            centre=ctx.centre,
            client=client,
            funding_source=project,
            entry_date=entry,
            entry_age=age_on(client.birth_date, entry),
            **{field: getattr(client, attribute) for attribute, field in ENTRY_SNAPSHOT.items()},
        )
        left = _exit(rng, client, entry, last_day)
        if left is not None:
            participation.exit_date, participation.exit_reason = left
            _results(rng, participation)
            _followup(rng, participation, ctx.today)
        stamp_history(participation, user=client.coordinator or ctx.head, when=ctx.at(entry, rng))
        participations.append(participation)
    ctx.insert(Participation, participations)
