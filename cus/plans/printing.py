"""The printable individual plan (PDF, WeasyPrint): what the client signs, in the client's language (else the
centre's): the client, the goals, the planned services with their providers and schedule, the review, and signature
lines for the client, the coordinator and, once a manager approved the plan, the approver."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cus.catalogue.models import Unit
from cus.core.dates import centre_zone
from cus.core.models import Centre

from .models import AgreementMethod, ApprovalState, GoalStatus, Per, Plan, PlannedServiceStatus, PlanStatus

# The services a printed plan lists: those still part of it (a cancelled one is left out).
PRINTED_SERVICE_STATUSES = (
    PlannedServiceStatus.WAITING, PlannedServiceStatus.ASSIGNED, PlannedServiceStatus.SUSPENDED,
    PlannedServiceStatus.ENDED,
)


def plan_language(plan: Plan, centre: Centre) -> str:
    """The client's preferred language, else the centre's."""
    return plan.client.language or centre.language


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def weekday_names(days: list[int]) -> str:
    """The days of the week (1 Monday to 7 Sunday) in the active language; none: any day."""
    if not days:
        return _("any day")
    # 2024-01-01 was a Monday: day n of the week is 2024-01-0n.
    return ", ".join(formats.date_format(dt.date(2024, 1, day), "l") for day in sorted(days))


def _choice(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def plan_context(plan: Plan, centre: Centre, *, printed_at: dt.datetime) -> dict[str, Any]:
    """What the template shows, rendered in the active language (call inside ``translation.override``)."""
    zone = centre_zone(centre)
    services = [service for service in plan.services.all() if service.status in PRINTED_SERVICE_STATUSES]
    approved = plan.approval == ApprovalState.APPROVED and plan.approved_by is not None
    return {
        "centre": centre,
        "plan": plan,
        "client_name": plan.client.full_name,
        "reference": plan.client.reference,
        "coordinator": str(plan.coordinator),
        "status": _choice(PlanStatus.choices, plan.status),
        "period": f"{_date(plan.start_date)} – {_date(plan.end_date)}" if plan.end_date else _date(plan.start_date),
        "next_review": _date(plan.next_review_date),
        "review_interval": plan.review_interval_days,
        "agreed": (
            formats.date_format(timezone.localtime(plan.client_agreed_at, zone), "SHORT_DATE_FORMAT")
            if plan.client_agreed_at else ""
        ),
        "agreement_method": _choice(AgreementMethod.choices, plan.agreement_method),
        "goals": [
            {
                "description": goal.description,
                "measure": goal.measure,
                "target_date": _date(goal.target_date),
                "status": _choice(GoalStatus.choices, goal.status),
            }
            for goal in plan.goals.all()
        ],
        "services": [
            {
                "type": service.service_type.name,
                "amount": formats.number_format(service.units, 2 if service.units % 1 else 0),
                "unit": _choice(Unit.choices, service.service_type.unit),
                "per": _choice(Per.choices, service.per),
                "weekdays": weekday_names(list(service.weekdays or [])),
                "period": (
                    f"{_date(service.start_date)} – {_date(service.end_date)}"
                    if service.end_date else f"{_date(service.start_date)} –"
                ),
                "provider": service.provider.name if service.provider is not None else _("not assigned yet"),
                "status": _choice(PlannedServiceStatus.choices, service.status),
            }
            for service in services
        ],
        "approved": approved,
        "approved_by": str(plan.approved_by) if approved else "",
        "approved_at": (
            formats.date_format(timezone.localtime(plan.approved_at, zone), "SHORT_DATE_FORMAT")
            if approved and plan.approved_at else ""
        ),
        "printed_at": formats.date_format(timezone.localtime(printed_at, zone), "SHORT_DATETIME_FORMAT"),
    }


def render_plan_html(plan: Plan, centre: Centre, *, printed_at: dt.datetime | None = None) -> str:
    """The plan as the HTML the PDF is made from, in the client's language (else the centre's)."""
    language = plan_language(plan, centre)
    with translation.override(language):
        context = plan_context(plan, centre, printed_at=printed_at or timezone.now())
        context["language"] = language
        context["title"] = _("Individual service plan")
        return render_to_string("plans/plan.html", context)


def plan_pdf(plan: Plan, centre: Centre, *, printed_at: dt.datetime | None = None) -> bytes:
    """The printable plan as a PDF (see ``render_plan_html``)."""
    from weasyprint import HTML  # loading Pango is slow: only when a PDF is made

    return HTML(string=render_plan_html(plan, centre, printed_at=printed_at)).write_pdf() or b""
