"""Consents as the legal basis of processing: the check every enforcing service makes, what a client's consents
cover, and what withdrawing one stops.

A purpose (``cus.privacy.models.Purpose``) rests, per centre, on a law, a public task or the client's consent; the
consent that covers a purpose is a consent of the kind with the same value. Where the basis is consent, a service
that carries out the processing first calls ``require_consent`` (409 ``consent_missing`` naming the consent, and for
provider sharing the provider): assigning a planned service to an external provider (plans), entering an ESF+
participation (here), sending a survey link or recording a survey (quality).

A consent is valid on a day when it was given by then, has not run out (``valid_until``) and has not been
withdrawn. Withdrawing one stops its processing from then on (``after_withdrawal``, in the withdrawal's
transaction): the client's open participations are closed here, and the apps above (plans: the provider's access
ends; quality: pending survey links are revoked) do their part through ``cus.privacy.services.stop_processing``.
The reads here are the rule's own (the client page's coverage uses the same ones, so it can never disagree with
what the services refuse).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from cus.catalogue.models import LegalForm, Provider
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import Conflict
from cus.core.history import stamp
from cus.privacy import selectors as privacy
from cus.privacy.defaults import defaults_for
from cus.privacy.models import ENFORCED_PURPOSES, LegalBasis, ProcessingPurpose, Purpose
from cus.privacy.services import Stop, stop_processing

from ..models import Client, ClosureReason, Consent, ConsentKind, Participation

# Planned services (plans app, above this one: reached through the provider's relation, never imported) whose
# provider has the client's data: assigned or suspended, on a plan that is not finished.
SERVING_SERVICE_STATUSES = ("assigned", "suspended")
OPEN_PLAN_STATUSES = ("draft", "active", "suspended")


# The code of the Conflict (409) refusing processing that the centre carries out only with the client's consent
# when there is no valid one.
CONSENT_MISSING = "consent_missing"


def is_external(provider: Provider) -> bool:
    """A provider that is not the centre itself: sharing with it is sharing outside the centre."""
    return provider.legal_form != LegalForm.CENTRE


def valid_on(on: dt.date) -> Q:
    """A consent valid on ``on``: given by then, not run out, not withdrawn."""
    return (
        Q(given_on__lte=on)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    )


def valid_consents(client: Client, kind: str, on: dt.date) -> QuerySet[Consent]:
    """The client's consents of ``kind`` valid on ``on``."""
    return Consent.objects.filter(valid_on(on), client=client, kind=kind)


def _missing_message(purpose: Purpose, provider: Provider | None) -> str:
    consent = ConsentKind(purpose.value).label
    if provider is not None:
        return _(
            'Missing consent: "%(consent)s" naming %(provider)s. This centre shares a client\'s data with a '
            "provider only with the client's consent: record a valid consent that names this provider first."
        ) % {"consent": consent, "provider": provider.name}
    return _(
        'Missing consent: "%(consent)s". This centre processes a client\'s data for this purpose only with the '
        "client's consent: record a valid consent first."
    ) % {"consent": consent}


def missing_consent(*, client: Client, purpose: Purpose, provider: Provider | None = None) -> Conflict | None:
    """The refusal (a 409 ``consent_missing`` naming the consent, and the provider for provider sharing) of
    processing the client's data for ``purpose`` today, or None when it may go ahead: the client's centre does not
    rest the purpose on consent, or the client has a valid consent of that kind (for provider sharing: one naming
    ``provider``). Sharing with the centre's own unit is not sharing with a provider: never refused."""
    if purpose == Purpose.SHARING_WITH_PROVIDERS and (provider is None or not is_external(provider)):
        return None
    centre = client.centre
    if not privacy.needs_consent(centre, purpose):
        return None
    consents = valid_consents(client, purpose.value, centre_today(centre))
    if provider is not None:
        consents = consents.filter(providers=provider)
    if consents.exists():
        return None
    return Conflict(
        _missing_message(purpose, provider),
        code=CONSENT_MISSING,
        purpose=purpose.value,
        consent_kind=purpose.value,
        client=str(client.pk),
        provider=str(provider.pk) if provider is not None else None,
    )


def require_consent(*, client: Client, purpose: Purpose, provider: Provider | None = None) -> None:
    """Refuse (raise ``missing_consent``'s 409) processing the client's data for ``purpose`` without the consent the
    centre rests it on."""
    if refusal := missing_consent(client=client, purpose=purpose, provider=provider):
        raise refusal


# --- what a client's consents cover (the client page) ---------------------------------------------------------


@dataclass
class PurposeCoverage:
    """One purpose for one client: its legal basis in the centre and whether the client's data may be processed for
    it. ``status``: ``law`` or ``public_task`` (no consent needed), ``consent`` (a valid consent covers it), or
    ``missing`` (the basis is consent and no valid consent covers it, or, for provider sharing, a provider serving
    the client is named by none: ``providers_missing``)."""

    purpose: Purpose
    legal_basis: LegalBasis
    legal_reference: str
    enforced: bool
    status: str
    consents: list[Consent] = field(default_factory=list)
    providers_missing: list[Provider] = field(default_factory=list)


def serving_providers(client: Client) -> QuerySet[Provider]:
    """External providers that have the client's data now: assigned to a planned service of an open plan."""
    return (
        Provider.objects.filter(
            planned_services__plan__client=client,
            planned_services__status__in=SERVING_SERVICE_STATUSES,
            planned_services__plan__status__in=OPEN_PLAN_STATUSES,
        )
        .exclude(legal_form=LegalForm.CENTRE)
        .distinct()
        .order_by("name")
    )


def consent_coverage(client: Client) -> list[PurposeCoverage]:
    """Every purpose of the client's centre, in the purposes' order, with what covers it for this client (a fixed
    number of queries: the centre's bases, the client's valid consents with their providers, the serving
    providers)."""
    centre = client.centre
    today = centre_today(centre)
    chosen = {row.purpose: row for row in ProcessingPurpose.objects.filter(centre=centre)}
    defaults = defaults_for(centre.country)
    consents: dict[str, list[Consent]] = {}
    valid = (
        Consent.objects.filter(valid_on(today), client=client)
        .prefetch_related(Prefetch("providers", queryset=Provider.objects.order_by("name")))
        .order_by("-given_on", "-created_at")
    )
    for consent in valid:
        consents.setdefault(consent.kind, []).append(consent)
    serving = list(serving_providers(client))
    result = []
    for purpose in Purpose:
        row = chosen.get(purpose.value)
        basis = LegalBasis(row.legal_basis) if row else defaults[purpose].legal_basis
        reference = row.legal_reference if row else defaults[purpose].legal_reference
        given = consents.get(purpose.value, [])
        missing: list[Provider] = []
        if basis != LegalBasis.CONSENT:
            status = basis.value
        else:
            if purpose == Purpose.SHARING_WITH_PROVIDERS:
                named = {provider.pk for consent in given for provider in consent.providers.all()}
                missing = [provider for provider in serving if provider.pk not in named]
            status = "consent" if given and not missing else "missing"
        result.append(
            PurposeCoverage(
                purpose=purpose, legal_basis=basis, legal_reference=reference,
                enforced=purpose in ENFORCED_PURPOSES, status=status, consents=given, providers_missing=missing,
            )
        )
    return result


# --- withdrawal: the processing stops ---------------------------------------------------------------------------


def _close_participations(stop: Stop) -> int:
    """The client leaves every project they are in, for the reason "withdrew consent" (results unknown)."""
    closed = 0
    for participation in (
        Participation.objects.select_for_update()
        .select_related("funding_source")
        .filter(client_id=stop.client_id, exit_date__isnull=True)
    ):
        exit_date = max(stop.on, participation.entry_date)
        project_end = participation.funding_source.end_date
        if project_end is not None and project_end >= participation.entry_date:
            exit_date = min(exit_date, project_end)
        participation.exit_date = exit_date
        participation.exit_reason = ClosureReason.CONSENT_WITHDRAWN
        participation.full_clean()
        stamp(participation, user=stop.actor.user, reason=f"participation ended: {stop.reason}")
        participation.save()
        closed += 1
    return closed


def after_withdrawal(*, actor: Actor, consent: Consent) -> dict[str, int]:
    """Stop what the withdrawn ``consent`` allowed, from its withdrawal on (called in the withdrawal's transaction).

    Nothing stops when the centre does not rest the purpose on consent (the consent was not what the processing
    relied on), or while another valid consent of the kind still covers it (for provider sharing: only the
    providers no other valid consent names lose access). Returns how many records each consequence changed."""
    try:
        purpose = Purpose(consent.kind)
    except ValueError:
        return {}
    client = consent.client
    centre = client.centre
    if not privacy.needs_consent(centre, purpose):
        return {}
    assert consent.withdrawn_on is not None
    today = centre_today(centre)
    others = valid_consents(client, consent.kind, today).exclude(pk=consent.pk)
    providers: frozenset[Any] = frozenset()
    if purpose == Purpose.SHARING_WITH_PROVIDERS:
        still_named = set(Provider.objects.filter(pk__in=others.values("providers")).values_list("pk", flat=True))
        providers = frozenset(
            provider.pk for provider in consent.providers.all() if provider.pk not in still_named
        )
        if not providers:
            return {}
    elif others.exists():
        return {}
    label = ConsentKind(consent.kind).label
    reason = f'consent "{label}" withdrawn on {consent.withdrawn_on.isoformat()}'
    if consent.withdrawal_reason:
        reason = f"{reason} ({consent.withdrawal_reason})"
    stop = Stop(
        actor=actor, client_id=client.pk, purpose=purpose, on=consent.withdrawn_on, reason=reason, providers=providers
    )
    done = {}
    if purpose == Purpose.EU_PROJECT:
        done["participations_closed"] = _close_participations(stop)
    done.update(stop_processing(stop))
    return done
