"""Reads of the centre's processing purposes and the legal basis each rests on."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from cus.core.access import scope
from cus.core.context import Actor
from cus.core.history import HistorySource, Timeline

from .defaults import Default, defaults_for
from .models import LegalBasis, ProcessingPurpose, Purpose

# The order the purposes are listed in (the enumeration's, not the alphabet's).
PURPOSE_ORDER = Case(
    *(When(purpose=purpose, then=Value(index)) for index, purpose in enumerate(Purpose)),
    output_field=IntegerField(),
)


def purposes_for(actor: Actor) -> QuerySet[ProcessingPurpose]:
    """The actor's centre's purposes with their legal bases (one row per purpose once the centre is set up)."""
    return (
        scope(ProcessingPurpose.objects.all(), actor)
        .select_related("centre")
        .annotate(position=PURPOSE_ORDER)
        .order_by("position")
    )


def default_of(record: ProcessingPurpose) -> Default:
    """The shipped default for the record's purpose in its centre's country."""
    return defaults_for(record.centre.country)[Purpose(record.purpose)]


def legal_bases(centre: Any) -> dict[Purpose, LegalBasis]:
    """Every purpose's legal basis in ``centre``: its own choice, or its country's default where it has none."""
    bases = {purpose: default.legal_basis for purpose, default in defaults_for(centre.country).items()}
    for purpose, basis in ProcessingPurpose.objects.filter(centre=centre).values_list("purpose", "legal_basis"):
        bases[Purpose(purpose)] = LegalBasis(basis)
    return bases


def legal_basis(centre: Any, purpose: Purpose) -> LegalBasis:
    """The legal basis ``centre`` relies on for ``purpose`` (one query)."""
    chosen = ProcessingPurpose.objects.filter(centre=centre, purpose=purpose).values_list("legal_basis", flat=True)
    for basis in chosen:
        return LegalBasis(basis)
    return defaults_for(centre.country)[purpose].legal_basis


def needs_consent(centre: Any, purpose: Purpose) -> bool:
    return legal_basis(centre, purpose) == LegalBasis.CONSENT


# Who changed a purpose's legal basis, when and why.
purpose_timeline = Timeline("processing_purpose").add(
    HistorySource(
        "processing_purpose", ProcessingPurpose, lambda record: ProcessingPurpose.history.filter(id=record.pk),
        frozenset({"purpose"}),
    ),
)
