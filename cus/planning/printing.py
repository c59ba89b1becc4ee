"""The printable community plan (PDF, WeasyPrint) for the council and the public: its title, period, status and
description, then priorities -> measures -> activities with their codes, responsible partners, target groups and
service types, and each indicator's baseline, target and current value. Made in the language asked for (the
request's), with the same page and table styles as the printed individual plan (cus/plans/printing.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cus.catalogue.models import TargetGroup
from cus.core.dates import centre_zone
from cus.core.models import Centre

from .models import CommunityPlan, CommunityPlanStatus, IndicatorKind, IndicatorPeriod


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return formats.number_format(value, 2 if value % 1 else 0, use_l10n=True)


def _choice(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def plan_document_context(plan: CommunityPlan, language: str, *, printed_at: dt.datetime) -> dict[str, Any]:
    """What the document shows (call inside ``translation.override``): the plan's tree as loaded by
    ``selectors.with_tree`` with each indicator's ``live`` progress (``selectors.plan_progress``)."""
    groups = dict(TargetGroup.choices)
    priorities = []
    for priority in plan.priorities.all():
        measures = []
        for measure in priority.measures.all():
            activities = []
            for activity in measure.activities.all():
                indicators = []
                for indicator in activity.indicators.all():
                    live = getattr(indicator, "live", None)
                    period = (
                        str(indicator.year) if indicator.period == IndicatorPeriod.YEAR and indicator.year
                        else _("the plan's period")
                    )
                    indicators.append({
                        "name": indicator.name,
                        "kind": _choice(IndicatorKind.choices, indicator.kind),
                        "period": period,
                        "unit": indicator.unit_label,
                        "baseline": _number(indicator.baseline),
                        "target": _number(indicator.target),
                        "actual": _number(live.actual) if live else "—",
                        "percent": f"{_number(live.percent)} %" if live and live.percent is not None else "—",
                    })
                activities.append({
                    "code": activity.code,
                    "title": activity.title,
                    "description": activity.description,
                    "partner": activity.responsible_partner.name if activity.responsible_partner else "",
                    "target_groups": ", ".join(str(groups.get(group, group)) for group in activity.target_groups or []),
                    "service_types": ", ".join(t.name_in(language) for t in activity.service_types.all()),
                    "indicators": indicators,
                })
            measures.append({"code": measure.code, "title": measure.title, "description": measure.description,
                             "activities": activities})
        priorities.append({"code": priority.code, "title": priority.title, "description": priority.description,
                           "measures": measures})
    centre: Centre = plan.centre
    return {
        "centre": centre,
        "plan": plan,
        "status": _choice(CommunityPlanStatus.choices, plan.status),
        "period": f"{_date(plan.start_date)} – {_date(plan.end_date)}",
        "priorities": priorities,
        "printed_at": formats.date_format(timezone.localtime(printed_at, centre_zone(centre)), "SHORT_DATETIME_FORMAT"),
    }


def render_plan_document_html(plan: CommunityPlan, language: str, *, printed_at: dt.datetime | None = None) -> str:
    with translation.override(language):
        context = plan_document_context(plan, language, printed_at=printed_at or timezone.now())
        context["language"] = language
        context["title"] = _("Community plan")
        return render_to_string("planning/community_plan.html", context)


def plan_document_pdf(plan: CommunityPlan, language: str, *, printed_at: dt.datetime | None = None) -> bytes:
    """The plan document as a PDF (see ``render_plan_document_html``)."""
    from weasyprint import HTML  # loading Pango is slow: only when a PDF is made

    return HTML(string=render_plan_document_html(plan, language, printed_at=printed_at)).write_pdf() or b""
