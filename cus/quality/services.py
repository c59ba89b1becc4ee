"""Writes on standards, satisfaction surveys, survey links and provider evaluations.

Standards are the managers' (``MANAGE_STANDARDS``). Surveys and evaluations are recorded by managers and
coordinators (``RECORD_EVALUATIONS``); a coordinator records surveys and sends survey links only for the
plans they coordinate, and changes only the draft evaluations they started. A survey link is a random
token of which only the hash is kept; it works once and expires. An evaluation is a draft until made
final; a final evaluation is not changed any more.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from cus.catalogue.models import Provider, ServiceType
from cus.clients.services import missing_consent, require_consent
from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Role
from cus.plans.models import PlannedService, PlannedServiceStatus
from cus.plans.selectors import PLAN_STATUSES_SHOWN_TO_PROVIDERS
from cus.privacy.models import Purpose
from cus.privacy.services import Stop

from .models import (
    SURVEY_QUESTION_KEYS,
    SURVEY_SCALE,
    Criterion,
    EvaluationScore,
    EvaluationStatus,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
    SurveySource,
)
from .selectors import active_criteria, invitation_by_token, token_hash, weighted_score

INVITATION_DAYS = (1, 90)
DEFAULT_INVITATION_DAYS = 30
# A survey is about a service a provider has delivered or is delivering.
SURVEYED_SERVICE_STATUSES = (PlannedServiceStatus.ASSIGNED, PlannedServiceStatus.SUSPENDED, PlannedServiceStatus.ENDED)
STANDARD_FIELDS = ("name", "description", "is_active")
CRITERION_FIELDS = ("text", "weight", "scale_min", "scale_max", "order")


def _save(instance: Model, *, user: Any, reason: str) -> None:
    instance.full_clean()
    stamp(instance, user=user, reason=reason)
    instance.save()


# --- standards ------------------------------------------------------------------------------------


def _criterion_errors(values: Mapping[str, Any]) -> str | None:
    if not str(values.get("text", "")).strip():
        return _("The criterion needs a text.")
    low, high = values.get("scale_min", 1), values.get("scale_max", 5)
    if high <= low:
        return _("The highest score must be above the lowest.")
    if Decimal(values.get("weight", 1)) <= 0:
        return _("The weight must be above zero.")
    return None


def _validate_criteria(criteria: Iterable[Mapping[str, Any]]) -> None:
    errors = {index: message for index, values in enumerate(criteria) if (message := _criterion_errors(values))}
    if errors:
        raise ValidationError(
            {"criteria": [_("Criterion %(number)s: %(error)s") % {"number": i + 1, "error": e} for i, e in errors.items()]}
        )


@transaction.atomic
def create_standard(
    *,
    actor: Actor,
    service_type: ServiceType,
    name: str,
    criteria: list[Mapping[str, Any]],
    description: str = "",
    is_active: bool = True,
) -> Standard:
    """A standard for a service type with at least one criterion."""
    require(actor, Perm.MANAGE_STANDARDS)
    if service_type.centre_id not in (None, actor.centre_id):
        raise ValidationError({"service_type": _("Unknown service type.")})
    if not criteria:
        raise ValidationError({"criteria": _("A standard needs at least one criterion.")})
    _validate_criteria(criteria)
    if Standard.objects.filter(centre_id=actor.centre_id, service_type=service_type, name=name).exists():
        raise ValidationError({"name": _("This service type already has a standard with this name.")})
    standard = Standard(
        centre_id=actor.centre_id, service_type=service_type, name=name, description=description, is_active=is_active
    )
    _save(standard, user=actor.user, reason=_("standard created"))
    for order, values in enumerate(criteria):
        criterion = Criterion(centre_id=actor.centre_id, standard=standard, **{"order": order, **values})
        _save(criterion, user=actor.user, reason=_("standard created"))
    return standard


@transaction.atomic
def update_standard(
    *,
    actor: Actor,
    standard: Standard,
    criteria: list[Mapping[str, Any]] | None = None,
    reason: str = "",
    **fields: Any,
) -> Standard:
    """Change a standard; ``criteria``, if given, is the whole new list: an item with an ``id`` changes that
    criterion, one without adds a criterion, and a criterion left out is retired (kept for past evaluations)."""
    require(actor, Perm.MANAGE_STANDARDS)
    try:
        standard = Standard.objects.select_for_update().get(pk=standard.pk, centre_id=actor.centre_id)
    except Standard.DoesNotExist:
        raise NotFound() from None
    reason = reason.strip() or _("standard changed")
    changed = {name: value for name, value in fields.items() if name in STANDARD_FIELDS}
    if "name" in changed and (
        Standard.objects.filter(centre_id=actor.centre_id, service_type=standard.service_type_id, name=changed["name"])
        .exclude(pk=standard.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This service type already has a standard with this name.")})
    if changed:
        for name, value in changed.items():
            setattr(standard, name, value)
        _save(standard, user=actor.user, reason=reason)
    if criteria is not None:
        _replace_criteria(actor, standard, criteria, reason)
    return standard


def _replace_criteria(actor: Actor, standard: Standard, criteria: list[Mapping[str, Any]], reason: str) -> None:
    if not criteria:
        raise ValidationError({"criteria": _("A standard needs at least one criterion.")})
    existing = {criterion.pk: criterion for criterion in Criterion.objects.filter(standard=standard)}
    named = [values["id"] for values in criteria if values.get("id") is not None]
    if len(named) != len(set(named)):
        raise ValidationError({"criteria": _("A criterion appears twice in the list.")})
    merged = []
    for values in criteria:
        criterion_id = values.get("id")
        if criterion_id is not None and criterion_id not in existing:
            raise ValidationError({"criteria": _("Unknown criterion: %(id)s.") % {"id": criterion_id}})
        base = {name: getattr(existing[criterion_id], name) for name in CRITERION_FIELDS} if criterion_id else {}
        merged.append({**base, **{k: v for k, v in values.items() if k in CRITERION_FIELDS}})
    _validate_criteria(merged)
    kept: set[Any] = set()
    for position, (values, given) in enumerate(zip(merged, criteria, strict=True)):
        criterion_id = given.get("id")
        criterion = existing[criterion_id] if criterion_id else Criterion(centre_id=actor.centre_id, standard=standard)
        wanted = {**values, "order": given.get("order", position)}
        unchanged = criterion_id is not None and all(getattr(criterion, k) == v for k, v in wanted.items())
        if not (unchanged and criterion.is_active):
            for name, value in wanted.items():
                setattr(criterion, name, value)
            criterion.is_active = True
            _save(criterion, user=actor.user, reason=reason)
        kept.add(criterion.pk)
    for criterion in existing.values():
        if criterion.pk not in kept and criterion.is_active:
            criterion.is_active = False
            _save(criterion, user=actor.user, reason=reason)


# --- satisfaction surveys -------------------------------------------------------------------------


def _surveyed_service(actor: Actor, planned_service: PlannedService) -> PlannedService:
    """The planned service a survey may be about, if the actor may record one for it (and, where the centre asks
    about satisfaction only with consent, the client gave a valid one: 409 ``consent_missing`` otherwise)."""
    require(actor, Perm.RECORD_EVALUATIONS)
    try:
        service = PlannedService.objects.select_related("plan__client__centre", "provider").get(
            pk=planned_service.pk, centre_id=actor.centre_id
        )
    except PlannedService.DoesNotExist:
        raise NotFound() from None
    if actor.role == Role.COORDINATOR and service.plan.coordinator_id != actor.user.pk:
        raise NotAllowed(_("Only the coordinator of the client's plan may do this."), code="not_plan_coordinator")
    if (
        service.provider_id is None
        or service.status not in SURVEYED_SERVICE_STATUSES
        or service.plan.status not in PLAN_STATUSES_SHOWN_TO_PROVIDERS
    ):
        raise ValidationError(
            {"planned_service": _("A survey is about a service a provider delivers; this one has no provider.")}
        )
    require_consent(client=service.plan.client, purpose=Purpose.SURVEYS)
    return service


def _answer_errors(answers: Mapping[str, Any]) -> dict[str, str]:
    low, high = SURVEY_SCALE
    errors: dict[str, str] = {}
    for key in SURVEY_QUESTION_KEYS:
        value = answers.get(key)
        if value is None:
            if key == "overall":
                errors[key] = _("This question must be answered.")
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[key] = _("Answer with a number from %(low)s to %(high)s.") % {"low": low, "high": high}
    return errors


def _survey(
    *, centre_id: Any, planned_service: PlannedService, provider: Provider, date: dt.date, source: str,
    recorded_by: Any, answers: Mapping[str, Any], comment: str,
) -> SatisfactionSurvey:
    if errors := _answer_errors(answers):
        raise ValidationError(errors)
    return SatisfactionSurvey(
        centre_id=centre_id,
        planned_service=planned_service,
        provider=provider,
        service_type_id=planned_service.service_type_id,
        date=date,
        source=source,
        recorded_by=recorded_by,
        comment=comment,
        **{key: answers.get(key) for key in SURVEY_QUESTION_KEYS},
    )


@transaction.atomic
def record_survey(
    *,
    actor: Actor,
    planned_service: PlannedService,
    date: dt.date | None = None,
    comment: str = "",
    **answers: Any,
) -> SatisfactionSurvey:
    """A client's answers, taken down by staff (a visit, a phone call, a paper form)."""
    service = _surveyed_service(actor, planned_service)
    today = centre_today(actor.centre)
    if date is not None and date > today:
        raise ValidationError({"date": _("The survey cannot be dated in the future.")})
    assert service.provider is not None  # checked by _surveyed_service
    survey = _survey(
        centre_id=actor.centre_id, planned_service=service, provider=service.provider, date=date or today,
        source=SurveySource.STAFF, recorded_by=actor.user, answers=answers, comment=comment,
    )
    _save(survey, user=actor.user, reason=_("survey recorded by staff"))
    return survey


@transaction.atomic
def invite_to_survey(
    *, actor: Actor, planned_service: PlannedService, expires_in_days: int = DEFAULT_INVITATION_DAYS
) -> tuple[SurveyInvitation, str]:
    """A one-time survey link for the client: the invitation and its token (shown once, never stored)."""
    service = _surveyed_service(actor, planned_service)
    low, high = INVITATION_DAYS
    if not low <= expires_in_days <= high:
        raise ValidationError(
            {"expires_in_days": _("A link is valid for %(low)s to %(high)s days.") % {"low": low, "high": high}}
        )
    token = secrets.token_urlsafe(32)
    invitation = SurveyInvitation(
        centre_id=actor.centre_id,
        planned_service=service,
        provider=service.provider,
        token_hash=token_hash(token),
        expires_at=timezone.now() + dt.timedelta(days=expires_in_days),
        created_by=actor.user,
    )
    _save(invitation, user=actor.user, reason=_("survey link created"))
    return invitation, token


@transaction.atomic
def revoke_invitation(*, actor: Actor, invitation: SurveyInvitation) -> SurveyInvitation:
    """Stop an unused survey link from working."""
    _surveyed_service_owner(actor, invitation)
    locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:
        raise Conflict(_("This survey link has already been used."), code="survey_link_used")
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        _save(locked, user=actor.user, reason=_("survey link revoked"))
    return locked


def revoke_client_links(stop: Stop) -> int:
    """The client withdrew their consent to satisfaction surveys: every link of theirs not yet used, revoked or
    expired stops working now, with the withdrawal in its history. Registered with ``cus.privacy`` (``apps.py``);
    runs in the withdrawal's transaction. Returns how many links were revoked."""
    now = timezone.now()
    links = SurveyInvitation.objects.select_for_update().filter(
        centre_id=stop.actor.centre_id,
        planned_service__plan__client_id=stop.client_id,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    )
    revoked = 0
    for link in links:
        link.revoked_at = now
        _save(link, user=stop.actor.user, reason=f"survey link revoked: {stop.reason}")
        revoked += 1
    return revoked


def _surveyed_service_owner(actor: Actor, invitation: SurveyInvitation) -> None:
    require(actor, Perm.RECORD_EVALUATIONS)
    if invitation.centre_id != actor.centre_id:
        raise NotFound()
    if actor.role == Role.COORDINATOR and invitation.planned_service.plan.coordinator_id != actor.user.pk:
        raise NotAllowed(_("Only the coordinator of the client's plan may do this."), code="not_plan_coordinator")


class SurveyLinkGone(DomainError):
    """The link was used, revoked or has expired (the public view answers 410)."""

    default_code = "survey_link_gone"


def open_invitation(token: str, *, lock: bool = False) -> SurveyInvitation:
    """The invitation of a working survey link; NotFound for an unknown token, SurveyLinkGone for a spent one."""
    invitation = invitation_by_token(token)
    if invitation is None:
        raise NotFound(_("This survey link is not valid."), code="survey_link_unknown")
    if lock:
        invitation = (
            SurveyInvitation.objects.select_for_update(of=("self",))
            .select_related("planned_service__service_type", "provider")
            .get(pk=invitation.pk)
        )
    if invitation.used_at is not None:
        raise SurveyLinkGone(_("This survey has already been filled in. Thank you!"), code="survey_link_used")
    if invitation.revoked_at is not None:
        raise SurveyLinkGone(_("This survey link has been withdrawn."), code="survey_link_revoked")
    if invitation.expires_at <= timezone.now():
        raise SurveyLinkGone(_("This survey link has expired."), code="survey_link_expired")
    return invitation


@transaction.atomic
def answer_invitation(*, token: str, comment: str = "", **answers: Any) -> SatisfactionSurvey:
    """The client's own answers through a survey link; the link is spent. A link whose client no longer has the
    consent the centre asks about satisfaction with (it ran out since the link was made) takes no answers."""
    invitation = open_invitation(token, lock=True)
    service = invitation.planned_service
    if missing_consent(client=service.plan.client, purpose=Purpose.SURVEYS):
        raise SurveyLinkGone(_("This survey link has been withdrawn."), code="survey_link_revoked")
    survey = _survey(
        centre_id=invitation.centre_id, planned_service=service, provider=invitation.provider,
        date=centre_today(invitation.centre), source=SurveySource.CLIENT_LINK, recorded_by=None,
        answers=answers, comment=comment,
    )
    reason = _("survey filled in by the client through a link")
    _save(survey, user=None, reason=reason)
    invitation.used_at = timezone.now()
    invitation.survey = survey
    _save(invitation, user=None, reason=reason)
    return survey


# --- provider evaluations -------------------------------------------------------------------------


def _check_period(period_start: dt.date, period_end: dt.date) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})


def _put_scores(actor: Actor, evaluation: ProviderEvaluation, scores: list[Mapping[str, Any]], reason: str) -> None:
    """Score criteria of the evaluation's standard (a criterion scored again gets the new score)."""
    criteria = {criterion.pk: criterion for criterion in active_criteria(evaluation.standard)}
    existing = {score.criterion_id: score for score in EvaluationScore.objects.filter(evaluation=evaluation)}
    errors: list[str] = []
    seen: set[Any] = set()
    for number, values in enumerate(scores, start=1):
        criterion = criteria.get(values["criterion"].pk)
        if criterion is None:
            errors.append(_("Score %(number)s: the criterion is not one of the standard's.") % {"number": number})
            continue
        if criterion.pk in seen:
            errors.append(_("Score %(number)s: this criterion is scored twice.") % {"number": number})
            continue
        seen.add(criterion.pk)
        if not criterion.scale_min <= values["score"] <= criterion.scale_max:
            errors.append(
                _("Score %(number)s: the score must be from %(low)s to %(high)s.")
                % {"number": number, "low": criterion.scale_min, "high": criterion.scale_max}
            )
    if errors:
        raise ValidationError({"scores": errors})
    for values in scores:
        criterion = criteria[values["criterion"].pk]
        score = existing.get(criterion.pk) or EvaluationScore(
            centre_id=actor.centre_id, evaluation=evaluation, criterion=criterion
        )
        score.score = values["score"]
        score.note = values.get("note", score.note)
        score.weight, score.scale_min, score.scale_max = criterion.weight, criterion.scale_min, criterion.scale_max
        _save(score, user=actor.user, reason=reason)


@transaction.atomic
def create_evaluation(
    *,
    actor: Actor,
    provider: Provider,
    standard: Standard,
    period_start: dt.date,
    period_end: dt.date,
    notes: str = "",
    scores: list[Mapping[str, Any]] | None = None,
) -> ProviderEvaluation:
    """A draft evaluation of a provider against a standard for a period, with any scores given so far."""
    require(actor, Perm.RECORD_EVALUATIONS)
    if provider.centre_id != actor.centre_id:
        raise ValidationError({"provider": _("Unknown provider.")})
    if standard.centre_id != actor.centre_id:
        raise ValidationError({"standard": _("Unknown standard.")})
    if not standard.is_active:
        raise ValidationError({"standard": _("This standard is no longer in use.")})
    _check_period(period_start, period_end)
    evaluation = ProviderEvaluation(
        centre_id=actor.centre_id,
        provider=provider,
        standard=standard,
        service_type_id=standard.service_type_id,
        period_start=period_start,
        period_end=period_end,
        notes=notes,
        evaluated_by=actor.user,
    )
    reason = _("evaluation started")
    _save(evaluation, user=actor.user, reason=reason)
    if scores:
        _put_scores(actor, evaluation, scores, reason)
    return evaluation


def _lock_draft(actor: Actor, evaluation: ProviderEvaluation) -> ProviderEvaluation:
    require(actor, Perm.RECORD_EVALUATIONS)
    try:
        locked = (
            ProviderEvaluation.objects.select_for_update(of=("self",))
            .select_related("standard")
            .get(pk=evaluation.pk, centre_id=actor.centre_id)
        )
    except ProviderEvaluation.DoesNotExist:
        raise NotFound() from None
    if locked.status == EvaluationStatus.FINAL:
        raise Conflict(_("The evaluation is final: it can no longer be changed."), code="evaluation_final")
    if actor.role == Role.COORDINATOR and locked.evaluated_by_id != actor.user.pk:
        raise NotAllowed(_("Only the evaluation's author or a manager may change a draft."), code="not_evaluation_author")
    return locked


@transaction.atomic
def update_evaluation(
    *,
    actor: Actor,
    evaluation: ProviderEvaluation,
    scores: list[Mapping[str, Any]] | None = None,
    reason: str = "",
    **fields: Any,
) -> ProviderEvaluation:
    """Change a draft: its period, notes, and scores (given criteria only; the others keep theirs)."""
    evaluation = _lock_draft(actor, evaluation)
    reason = reason.strip() or _("evaluation changed")
    changed = {name: fields[name] for name in ("period_start", "period_end", "notes") if name in fields}
    if changed:
        for name, value in changed.items():
            setattr(evaluation, name, value)
        _check_period(evaluation.period_start, evaluation.period_end)
        _save(evaluation, user=actor.user, reason=reason)
    if scores:
        _put_scores(actor, evaluation, scores, reason)
    return evaluation


@transaction.atomic
def finalise_evaluation(*, actor: Actor, evaluation: ProviderEvaluation, reason: str = "") -> ProviderEvaluation:
    """Make a draft final: every active criterion of the standard must be scored; the weighted score is kept."""
    evaluation = _lock_draft(actor, evaluation)
    scored = set(EvaluationScore.objects.filter(evaluation=evaluation).values_list("criterion_id", flat=True))
    missing = [criterion.text for criterion in active_criteria(evaluation.standard) if criterion.pk not in scored]
    if missing:
        raise ValidationError(
            {"scores": _("Score every criterion before making the evaluation final; missing: %(criteria)s.")
             % {"criteria": "; ".join(text[:60] for text in missing)}}
        )
    evaluation.status = EvaluationStatus.FINAL
    evaluation.finalised_at = timezone.now()
    evaluation.weighted_score = weighted_score(evaluation)
    _save(evaluation, user=actor.user, reason=reason.strip() or _("evaluation made final"))
    return evaluation
