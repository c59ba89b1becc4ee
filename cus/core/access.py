"""One place decides what a role may see and do.

``PERMISSIONS`` says which role may perform which action; ``require`` enforces it in services;
``scope`` filters any queryset by the actor's centre and is the first step of every selector.
Row-level rules that depend on the data (a provider's assigned clients, a volunteer's own hours,
a coordinator's own caseload) live in each app's selectors, built on ``scope``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from django.db.models import Model, QuerySet

from .context import Actor
from .errors import NotAllowed
from .models import Role

M = TypeVar("M", bound=Model)


class Perm(StrEnum):
    # core
    MANAGE_USERS = "core.manage_users"
    MANAGE_CENTRE = "core.manage_centre"
    MANAGE_REMINDERS = "notifications.manage_reminders"  # the centre's reminder rules: on/off and lead times
    # clients
    VIEW_CLIENTS = "clients.view"  # the full record of the centre's clients
    CREATE_CLIENTS = "clients.create"
    EDIT_CLIENTS = "clients.edit"  # own caseload (or unassigned) only: see clients.selectors
    VIEW_SENSITIVE = "clients.view_sensitive"  # national ID, assessments, health
    VIEW_ACCESS_LOG = "clients.view_access_log"  # a client's own access log (admins; coordinators: own caseload)
    AUDIT_ACCESS_LOG = "clients.audit_access_log"  # the centre's whole access log: search and export it
    MERGE_CLIENTS = "clients.merge"  # list likely duplicate records of the centre and merge two into one
    VIEW_OLD_VALUES = "core.view_old_values"  # history with the old values of special-category fields, everywhere
    # catalogue
    VIEW_CATALOGUE = "catalogue.view"
    MANAGE_CATALOGUE = "catalogue.manage"
    MANAGE_SERVICE_TYPES = "catalogue.manage_service_types"
    EDIT_OWN_OFFERINGS = "catalogue.edit_own_offerings"  # provider staff: own provider's offerings, locations
    # volunteers
    VIEW_VOLUNTEERS = "volunteers.view"  # every volunteer of the centre, their agreements, assignments, hours
    MANAGE_VOLUNTEERS = "volunteers.manage"  # volunteer-centre staff: profiles, agreements, assignments, verifying
    MANAGE_VOLUNTEER_ACTIVITY_TYPES = "volunteers.manage_activity_types"  # kinds of activity and in-kind rates
    LOG_OWN_VOLUNTEER_HOURS = "volunteers.log_own_hours"  # a volunteer: own profile and hours
    # plans
    VIEW_PLANS = "plans.view"  # the centre's plans, goals, reviews and waiting list
    EDIT_PLANS = "plans.edit"  # plans the coordinator coordinates: see plans.services
    VIEW_ASSIGNED_SERVICES = "plans.view_assigned_services"  # provider staff: their provider's planned services
    APPROVE_PLANS = "plans.approve"  # managers (the director): approve or return plans submitted for approval
    PRINT_PLANS = "plans.print"  # the printable plan (PDF) for the client's signature
    # contracts
    VIEW_CONTRACTS = "contracts.view"  # every contract and funding source of the centre
    MANAGE_CONTRACTS = "contracts.manage"  # contracts, their lines and statuses, funding sources
    # deliveries
    VIEW_DELIVERIES = "deliveries.view"  # every delivery log and monthly statement of the centre
    LOG_DELIVERIES = "deliveries.log"  # provider staff: log, correct and submit their provider's deliveries
    CONFIRM_DELIVERIES = "deliveries.confirm"  # coordinators: confirm or dispute the logs of their clients
    APPROVE_STATEMENTS = "deliveries.approve_statements"  # approve or return monthly statements
    MANAGE_LOG_RULES = "deliveries.manage_log_rules"  # the daily limits of service types, the frequency tolerance
    # clients: ESF+ participations
    VIEW_PARTICIPATIONS = "clients.view_participations"
    MANAGE_PARTICIPATIONS = "clients.manage_participations"  # start, end and follow up participations
    # reports
    VIEW_REPORTS = "reports.view"  # report runs, their figures and files
    RUN_REPORTS = "reports.run"  # start a report run
    CLOSE_MONTHS = "reports.close_months"  # close and re-open a month
    # planning: community plan, needs register, partners and meetings
    VIEW_PLANNING = "planning.view"
    MANAGE_PLANNING = "planning.manage"  # community plans, priorities, measures, activities, indicators
    RAISE_NEEDS = "planning.raise_needs"  # record a need raised by a partner or the public
    MANAGE_MEETINGS = "planning.manage_meetings"  # partners, meetings, minutes, decisions, follow-ups
    COMPLETE_PARTNER_FOLLOW_UPS = "planning.complete_partner_follow_ups"  # a partner's staff: their partner's ones
    # quality: standards and evaluations
    VIEW_QUALITY = "quality.view"  # standards and evaluation summaries
    MANAGE_STANDARDS = "quality.manage_standards"
    RECORD_EVALUATIONS = "quality.record_evaluations"  # satisfaction surveys and provider evaluations
    # retention: subject rights (GDPR Art. 15-20), retention rules, legal holds, the disposal log
    VIEW_SUBJECT_RIGHTS = "retention.view_subject_rights"  # subject-access copies and erasure requests
    REQUEST_SUBJECT_EXPORT = "retention.request_export"  # start a client's subject-access copy
    DELIVER_SUBJECT_EXPORTS = "retention.deliver_exports"  # download any copy (else only one's own request)
    RECORD_ERASURE_REQUESTS = "retention.record_erasure"
    DECIDE_ERASURE = "retention.decide_erasure"  # carry out (anonymise now) or refuse with the legal reason
    VIEW_RETENTION = "retention.view"  # rules, legal holds, the disposal log and the dry run
    MANAGE_RETENTION = "retention.manage"  # the centre's retention rules
    MANAGE_LEGAL_HOLDS = "retention.manage_holds"


_STAFF_READ = {Perm.VIEW_CLIENTS, Perm.VIEW_SENSITIVE, Perm.VIEW_CATALOGUE, Perm.VIEW_CONTRACTS}

PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: frozenset(
        _STAFF_READ
        | {
            Perm.MANAGE_USERS,
            Perm.MANAGE_CENTRE,
            Perm.MANAGE_REMINDERS,
            Perm.MERGE_CLIENTS,
            Perm.VIEW_ACCESS_LOG,
            Perm.AUDIT_ACCESS_LOG,
            Perm.MANAGE_CATALOGUE,
            Perm.MANAGE_SERVICE_TYPES,
            Perm.MANAGE_LOG_RULES,
            Perm.VIEW_VOLUNTEERS,
            Perm.VIEW_PLANS,
            Perm.MANAGE_CONTRACTS,
            Perm.VIEW_DELIVERIES,
            Perm.VIEW_PARTICIPATIONS,
            Perm.VIEW_REPORTS,
            Perm.VIEW_PLANNING,
            Perm.VIEW_QUALITY,
            Perm.MANAGE_STANDARDS,
        }
        | {Perm.VIEW_SUBJECT_RIGHTS, Perm.RECORD_ERASURE_REQUESTS, Perm.DECIDE_ERASURE}
        | {Perm.VIEW_RETENTION, Perm.MANAGE_RETENTION, Perm.MANAGE_LEGAL_HOLDS}
    ),
    Role.MANAGER: frozenset(
        _STAFF_READ
        | {Perm.MERGE_CLIENTS}
        | {Perm.MANAGE_CATALOGUE, Perm.VIEW_VOLUNTEERS, Perm.MANAGE_VOLUNTEERS, Perm.MANAGE_VOLUNTEER_ACTIVITY_TYPES}
        | {Perm.VIEW_PLANS, Perm.APPROVE_PLANS, Perm.PRINT_PLANS}
        | {Perm.MANAGE_CONTRACTS}
        | {Perm.VIEW_DELIVERIES, Perm.APPROVE_STATEMENTS, Perm.MANAGE_LOG_RULES}
        | {Perm.VIEW_PARTICIPATIONS, Perm.VIEW_REPORTS, Perm.RUN_REPORTS, Perm.CLOSE_MONTHS, Perm.MANAGE_REMINDERS}
        | {Perm.VIEW_PLANNING, Perm.MANAGE_PLANNING, Perm.RAISE_NEEDS, Perm.MANAGE_MEETINGS}
        | {Perm.VIEW_QUALITY, Perm.MANAGE_STANDARDS, Perm.RECORD_EVALUATIONS}
        | {Perm.VIEW_SUBJECT_RIGHTS, Perm.RECORD_ERASURE_REQUESTS, Perm.DECIDE_ERASURE}
        | {Perm.VIEW_RETENTION, Perm.MANAGE_LEGAL_HOLDS}
    ),
    Role.COORDINATOR: frozenset(
        _STAFF_READ
        | {Perm.CREATE_CLIENTS, Perm.EDIT_CLIENTS, Perm.VIEW_ACCESS_LOG, Perm.VIEW_VOLUNTEERS, Perm.MANAGE_VOLUNTEERS}
        | {Perm.VIEW_PLANS, Perm.EDIT_PLANS, Perm.PRINT_PLANS}
        | {Perm.VIEW_DELIVERIES, Perm.CONFIRM_DELIVERIES, Perm.APPROVE_STATEMENTS}
        | {Perm.VIEW_PARTICIPATIONS, Perm.MANAGE_PARTICIPATIONS}
        | {Perm.VIEW_PLANNING, Perm.RAISE_NEEDS, Perm.MANAGE_MEETINGS}
        | {Perm.VIEW_QUALITY, Perm.RECORD_EVALUATIONS}
        | {Perm.VIEW_SUBJECT_RIGHTS, Perm.REQUEST_SUBJECT_EXPORT, Perm.RECORD_ERASURE_REQUESTS}
    ),
    Role.PROVIDER: frozenset(
        {Perm.VIEW_CATALOGUE, Perm.EDIT_OWN_OFFERINGS, Perm.VIEW_ASSIGNED_SERVICES} | {Perm.LOG_DELIVERIES}
    ),
    Role.VOLUNTEER: frozenset({Perm.VIEW_CATALOGUE, Perm.LOG_OWN_VOLUNTEER_HOURS}),
    # Staff of a partner organisation that is not a provider (NGO, school, employer, health, public body): the
    # community plans, the meetings their partner takes part in and their follow-ups, raising needs; the planning
    # selectors scope every read to their partner (cus.planning.selectors). No client data of any kind.
    # (VIEW_CATALOGUE: of the catalogue only the service types are open to them, to name the one a need is for.)
    Role.PARTNER: frozenset(
        {Perm.VIEW_PLANNING, Perm.RAISE_NEEDS, Perm.COMPLETE_PARTNER_FOLLOW_UPS, Perm.VIEW_CATALOGUE}
    ),
    # The data-protection officer: reads everything of the centre, writes nothing; the access log and every
    # record's history with old values.
    Role.AUDITOR: frozenset(
        _STAFF_READ
        | {Perm.VIEW_ACCESS_LOG, Perm.AUDIT_ACCESS_LOG, Perm.VIEW_OLD_VALUES}
        | {Perm.VIEW_VOLUNTEERS, Perm.VIEW_PLANS, Perm.VIEW_DELIVERIES, Perm.VIEW_PARTICIPATIONS, Perm.VIEW_REPORTS}
        | {Perm.VIEW_PLANNING, Perm.VIEW_QUALITY, Perm.VIEW_SUBJECT_RIGHTS, Perm.VIEW_RETENTION}
    ),
}


def can(actor: Actor, perm: Perm) -> bool:
    return perm in PERMISSIONS.get(actor.role, frozenset())


def require(actor: Actor, perm: Perm) -> None:
    """Raise NotAllowed unless the actor's role grants ``perm``."""
    if not can(actor, perm):
        raise NotAllowed()


def scope[M: Model](queryset: QuerySet[M], actor: Actor, *, centre_field: str = "centre") -> QuerySet[M]:
    """The rows of ``queryset`` that belong to the actor's centre: never another centre's data."""
    return queryset.filter(**{centre_field: actor.centre_id})


def in_centre[M: Model](model: type[M], *, centre_field: str = "centre") -> Callable[[Actor], QuerySet[M]]:
    """A selector of every row of ``model`` in the actor's centre (for related fields any staff may name)."""

    def selector(actor: Actor) -> QuerySet[M]:
        return scope(model._default_manager.all(), actor, centre_field=centre_field)

    selector.__name__ = f"{model.__name__.lower()}s_in_centre"
    return selector
