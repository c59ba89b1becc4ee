"""Quality: standards with weighted criteria for the main service types, clients' satisfaction surveys about
their planned services (taken down by the plan's coordinator), a couple of open survey links, and provider
evaluations: final ones for the last quarter, a draft for the current one.

Standards, survey links and evaluations go through ``cus.quality.services``. Surveys are bulk-inserted with the
service's rules (a delivered or delivering service with a provider, in a plan providers see, answers 1-5 with
the overall one required, dated no later than today, recorded by staff), each with its history row.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cus.plans.selectors import PLAN_STATUSES_SHOWN_TO_PROVIDERS
from cus.quality import services
from cus.quality.models import (
    SURVEY_QUESTION_KEYS,
    SURVEY_SCALE,
    Criterion,
    EvaluationScore,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
    SurveySource,
)
from cus.quality.services import SURVEYED_SERVICE_STATUSES

from ..context import Delivered, DemoContext, stamp_history
from .planning import manager_actor, staff_actors

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class StandardSpec:
    service_type: str
    name: str
    description: str
    criteria: tuple[tuple[str, str], ...]  # (text, weight)


STANDARDS: tuple[StandardSpec, ...] = (
    StandardSpec(
        "home_care", "Standard usług opiekuńczych",
        "Minimalne wymagania wobec usług opiekuńczych zlecanych przez Centrum (zgodnie z rozporządzeniem).",
        (
            ("Opiekunka przychodzi w uzgodnionych godzinach, a nieobecność jest zgłaszana z wyprzedzeniem.", "2"),
            ("Zakres czynności odpowiada indywidualnemu planowi usług.", "2"),
            ("Ciągłość opieki: klient ma stałą opiekunkę lub najwyżej dwie zmienniczki.", "1.5"),
            ("Opiekunki mają aktualne szkolenia z pierwszej pomocy i opieki nad osobą leżącą.", "1"),
            ("Dokumentacja wizyt jest prowadzona rzetelnie i na bieżąco.", "1"),
            ("Skargi klientów są rozpatrywane w ciągu 14 dni.", "1"),
        ),
    ),
    StandardSpec(
        "meals", "Standard dostarczania posiłków",
        "Jakość i terminowość posiłków dowożonych do domu.",
        (
            ("Posiłek dociera ciepły, w wyznaczonym oknie czasowym.", "2"),
            ("Jadłospis jest zróżnicowany i uwzględnia diety (cukrzycowa, lekkostrawna).", "2"),
            ("Przestrzegane są zasady HACCP, kontrole sanepidu bez zastrzeżeń.", "1.5"),
            ("Kierowca sprawdza, czy u klienta wszystko w porządku, i zgłasza niepokojące sytuacje.", "1"),
        ),
    ),
    StandardSpec(
        "household_help", "Standard pomocy w prowadzeniu gospodarstwa domowego",
        "Sprzątanie, zakupy i drobne naprawy w domu klienta.",
        (
            ("Prace są wykonane w uzgodnionym zakresie i terminie.", "2"),
            ("Zakupy są rozliczane z paragonem.", "1.5"),
            ("Pracownik szanuje prywatność i rzeczy klienta.", "1.5"),
            ("Drobne usterki są zgłaszane Centrum lub rodzinie.", "1"),
        ),
    ),
    StandardSpec(
        "transport", "Standard usług transportowych",
        "Przewóz osób z niepełnosprawnościami do lekarza, urzędu i na zajęcia.",
        (
            ("Pojazd przyjeżdża punktualnie (do 10 minut).", "2"),
            ("Pojazd jest przystosowany do przewozu wózka, pasy i rampa sprawne.", "2"),
            ("Kierowca pomaga przy wsiadaniu i wysiadaniu oraz dojściu do drzwi.", "1.5"),
            ("Zamówienia są przyjmowane z co najmniej 24-godzinnym wyprzedzeniem i potwierdzane.", "1"),
            ("Kierowca ma szkolenie z pierwszej pomocy.", "1"),
        ),
    ),
    StandardSpec(
        "telecare", "Standard teleopieki",
        "Działanie opasek bezpieczeństwa i reakcja centrum alarmowego.",
        (
            ("Centrum alarmowe odbiera zgłoszenie w ciągu 60 sekund.", "2"),
            ("Po zgłoszeniu upadku powiadomiona zostaje rodzina lub pogotowie.", "2"),
            ("Urządzenie jest zainstalowane w ciągu 7 dni od zlecenia.", "1"),
            ("Comiesięczny test połączenia z każdym abonentem.", "1"),
        ),
    ),
)

# Comments clients gave, by how satisfied they were overall (low, middling, high).
COMMENTS = {
    "low": (
        "Opiekunki często się zmieniają, trudno się przyzwyczaić.",
        "Zdarza się, że nikt nie przychodzi i nikt nie uprzedza.",
        "Posiłki czasem są zimne.",
    ),
    "mid": (
        "Ogólnie dobrze, ale godziny wizyt mogłyby być stałe.",
        "Wszystko w porządku, tylko za krótko.",
        "Przydałaby się pomoc także w sobotę.",
    ),
    "high": (
        "Pani Ewa jest bardzo cierpliwa i życzliwa, dziękuję.",
        "Bardzo dobra pomoc, nie wyobrażam sobie bez niej życia w domu.",
        "Punktualnie i z uśmiechem.",
        "Jestem bardzo zadowolona, polecam sąsiadce.",
    ),
}
EVALUATION_NOTES = (
    "Ocena na podstawie kontroli dokumentacji, wizyt monitorujących u klientów i badania satysfakcji.",
    "Kontrola w siedzibie usługodawcy i rozmowy z klientami; zalecenia przekazane pismem.",
)
SURVEYS = {"gdy": 40, "sop": 8}  # at most this many (fewer when fewer services have run)
INVITATIONS = {"gdy": 2, "sop": 1}
SURVEY_WINDOW = 150  # days back
LOW, HIGH = SURVEY_SCALE


def _score(rng: random.Random, mean: float, low: int = LOW, high: int = HIGH) -> int:
    return max(low, min(high, round(rng.gauss(mean, 0.7))))


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _standards(ctx: DemoContext, actor: Any) -> list[Standard]:
    offered = {offering.service_type for provider in ctx.spec.providers for offering in provider.offerings}
    standards = []
    for spec in STANDARDS:
        if spec.service_type not in offered or spec.service_type not in ctx.service_types:
            continue
        standards.append(services.create_standard(
            actor=actor, service_type=ctx.service_types[spec.service_type], name=spec.name,
            description=spec.description,
            criteria=[{"text": text, "weight": Decimal(weight)} for text, weight in spec.criteria],
        ))
    ctx.created[str(Standard._meta.verbose_name_plural)] += len(standards)
    ctx.created[str(Criterion._meta.verbose_name_plural)] += sum(
        len(spec.criteria) for spec in STANDARDS if spec.name in {s.name for s in standards}
    )
    return standards


def _surveyable(ctx: DemoContext) -> list[Delivered]:
    """The services a survey may be about (as ``services.record_survey`` allows), run in the survey window."""
    earliest = ctx.today - dt.timedelta(days=SURVEY_WINDOW)
    return [
        item for item in ctx.delivered
        if item.service.provider_id is not None
        and item.service.status in SURVEYED_SERVICE_STATUSES
        and item.service.plan.status in PLAN_STATUSES_SHOWN_TO_PROVIDERS
        and item.until >= earliest and item.service.start_date + dt.timedelta(days=14) < ctx.today
    ]


def _surveys(ctx: DemoContext, rng: random.Random, eligible: list[Delivered], quality: dict[Any, float]) -> None:
    earliest = ctx.today - dt.timedelta(days=SURVEY_WINDOW)
    surveys = []
    for item in rng.sample(eligible, min(SURVEYS.get(ctx.spec.code, 10), len(eligible))):
        service = item.service
        first = max(service.start_date + dt.timedelta(days=14), earliest)
        last = min(item.until, ctx.today - DAY)
        if last < first:
            continue
        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        provider = service.provider_id
        if provider is None:  # not surveyable: filtered out above
            continue
        mean = quality[provider]
        answers: dict[str, int | None] = {key: _score(rng, mean) for key in SURVEY_QUESTION_KEYS}
        for key in SURVEY_QUESTION_KEYS[1:]:
            if rng.random() < 0.1:
                answers[key] = None  # not answered
        overall = answers["overall"] or HIGH
        level = "low" if overall <= 2 else "mid" if overall == 3 else "high"
        comment = rng.choice(COMMENTS[level]) if rng.random() < 0.4 else ""
        coordinator = service.plan.coordinator or ctx.head
        survey = SatisfactionSurvey(
            centre=ctx.centre, planned_service=service, provider_id=provider,
            service_type_id=service.service_type_id, date=day, source=SurveySource.STAFF, recorded_by=coordinator,
            comment=comment, **answers,
        )
        stamp_history(survey, user=coordinator, when=ctx.at(day, rng), reason="survey recorded by staff")
        surveys.append(survey)
    ctx.insert(SatisfactionSurvey, surveys)


def _invitations(ctx: DemoContext, rng: random.Random, eligible: list[Delivered], actor: Any) -> None:
    current = [item for item in eligible if item.until >= ctx.today]
    chosen = rng.sample(current, min(INVITATIONS.get(ctx.spec.code, 1), len(current)))
    for item in chosen:
        services.invite_to_survey(actor=actor, planned_service=item.service, expires_in_days=rng.choice((14, 30)))
    ctx.created[str(SurveyInvitation._meta.verbose_name_plural)] += len(chosen)


def _evaluations(
    ctx: DemoContext, rng: random.Random, standards: Sequence[Standard], actor: Any, quality: dict[Any, float]
) -> None:
    this_quarter = _quarter_start(ctx.today)
    last_quarter = _quarter_start(this_quarter - DAY)
    evaluations = scores = 0
    draft_made = False
    for standard in standards:
        code = standard.service_type.code
        # The main providers of each type (home care: both, to compare them), to keep the seed quick.
        keys = [p.key for p in ctx.spec.providers if any(o.service_type == code for o in p.offerings)]
        keys = keys[: 2 if code == "home_care" else 1]
        criteria = list(Criterion.objects.filter(standard=standard, is_active=True).order_by("order"))
        for key in keys:
            provider = ctx.providers[key]
            mean = quality.get(provider.pk, 4.0)
            evaluation = services.create_evaluation(
                actor=actor, provider=provider, standard=standard, period_start=last_quarter,
                period_end=this_quarter - DAY, notes=rng.choice(EVALUATION_NOTES),
                scores=[{"criterion": c, "score": _score(rng, mean, c.scale_min, c.scale_max)} for c in criteria],
            )
            services.finalise_evaluation(actor=actor, evaluation=evaluation)
            evaluations += 1
            scores += len(criteria)
            if not draft_made:
                # The current quarter's evaluation of the same provider, half scored so far.
                half = criteria[: max(1, len(criteria) // 2)]
                services.create_evaluation(
                    actor=actor, provider=provider, standard=standard, period_start=this_quarter,
                    period_end=ctx.today, notes="Ocena w toku — wizyty monitorujące zaplanowane.",
                    scores=[{"criterion": c, "score": _score(rng, mean, c.scale_min, c.scale_max)} for c in half],
                )
                draft_made = True
                evaluations += 1
                scores += len(half)
    ctx.created[str(ProviderEvaluation._meta.verbose_name_plural)] += evaluations
    ctx.created[str(EvaluationScore._meta.verbose_name_plural)] += scores


def create_quality(ctx: DemoContext) -> None:
    actor = manager_actor(staff_actors(ctx))
    if actor is None:
        return
    rng = ctx.rng("quality")
    # How well each provider does, as clients and evaluators see it (most well, a few less so).
    quality = {ctx.providers[key].pk: rng.uniform(3.3, 4.7) for key in sorted(ctx.providers)}
    standards = _standards(ctx, actor)
    eligible = _surveyable(ctx)
    _surveys(ctx, rng, eligible, quality)
    _invitations(ctx, rng, eligible, actor)
    _evaluations(ctx, rng, standards, actor, quality)
