"""Writes on the client's record and what is kept under it: clients, consents, contact persons, referrals,
needs assessments, and the log of who read the record."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from cus.catalogue.models import Provider, ServiceType
from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import Conflict, NotAllowed, NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Centre, User
from cus.core.reads import AccessPurpose, Origin, Reads, purpose_for

from .. import selectors
from ..models import (
    AccessAction,
    Assessment,
    AssessmentArea,
    CaseReferenceCounter,
    Client,
    ClientAccessLog,
    ClientStatus,
    Consent,
    ContactPerson,
    IdentifiedNeed,
    NationalIdCountry,
    Referral,
)
from ..national_id import normalize_national_id, validate_national_id
from .checks import check_known, locked, not_in_future
from .consents import after_withdrawal

CLIENT_FIELDS = frozenset(
    {
        "first_name", "last_name", "birth_date", "sex", "national_id", "national_id_country", "citizenship",
        "street", "postcode", "municipality", "area", "phone", "email", "language",
        "lives_alone", "household_size", "dependants", "carer_name", "carer_phone",
        "labour_market_status", "education_level", "has_disability", "third_country_national",
        "foreign_background", "minority", "homeless_or_housing_exclusion", "rural_area",
        "health_summary", "mobility", "risks", "access_notes",
        "status", "coordinator", "closure_reason", "exit_situation", "closed_at",
    }
)
# A change to one of these may make the record look like another person's: check for duplicates again.
IDENTITY_FIELDS = ("first_name", "last_name", "birth_date", "sex", "national_id")
CONSENT_FIELDS = frozenset({"kind", "scope", "providers", "given_on", "valid_until", "evidence"})
CONTACT_FIELDS = frozenset(
    {"name", "relation", "phone", "email", "address", "is_emergency_contact", "is_legal_guardian", "note"}
)
REFERRAL_FIELDS = frozenset({"source", "source_name", "date", "reason"})
ASSESSMENT_FIELDS = frozenset({"date", "status", "summary"})
EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
# What each kind of evidence file begins with: a name says nothing of the content (a page saved as "scan.pdf").
EVIDENCE_SIGNATURES = {"pdf": b"%PDF-", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


# --- Shared checks ----------------------------------------------------------------------------------


def _require_editable(actor: Actor, client: Client) -> None:
    """Coordinators change their own caseload and unassigned clients; the rest of the staff only read. A record
    merged into another is kept for its history only."""
    require(actor, Perm.EDIT_CLIENTS)
    if client.centre_id != actor.centre_id:
        raise NotFound()
    if client.merged_into_id is not None:
        raise Conflict(
            _("This record was merged into another one and can no longer be changed."),
            code="merged",
            merged_into=str(client.merged_into_id),
        )
    if not selectors.can_edit_client(actor, client):
        raise NotAllowed(
            _("This client is in another coordinator's caseload: you may read the record but not change it.")
        )


# --- Clients ----------------------------------------------------------------------------------------


def _duplicate_summary(client: Client) -> dict[str, Any]:
    return {
        "id": str(client.pk),
        "reference": client.reference,
        "name": client.full_name,
        "birth_date": client.birth_date.isoformat(),
    }


def _check_national_id(client: Client) -> None:
    """A national ID names one person: a second live record with it is refused, with no override (the answer names
    the record that has it, so that the user can open it)."""
    holder = selectors.national_id_holder(
        centre_id=client.centre_id,
        national_id=client.national_id,
        exclude=None if client._state.adding else client,
    )
    if holder is not None:
        raise Conflict(
            _(
                "A client with this national ID is already registered: %(reference)s. Open the existing record "
                "instead of registering the person again."
            ) % {"reference": holder.reference},
            code="national_id_taken",
            national_id=[_("This national ID is already registered for client %(reference)s.")
                         % {"reference": holder.reference}],
            existing=_duplicate_summary(holder),
        )


def _check_duplicates(client: Client, *, confirm_distinct: bool) -> list[Client]:
    """The records this one may duplicate by name and birth date (accents, case and small spelling differences
    ignored: ``matching``); refused with Conflict unless confirmed as different persons."""
    matches = selectors.possible_duplicates(
        centre_id=client.centre_id,
        first_name=client.first_name,
        last_name=client.last_name,
        birth_date=client.birth_date,
        sex=client.sex,
        exclude=None if client._state.adding else client,
    )
    if matches and not confirm_distinct:
        raise Conflict(
            _(
                "A client with a similar name and the same birth date is already registered. "
                "Open the existing record, or confirm that this is a different person."
            ),
            code="possible_duplicate",
            duplicates=[_duplicate_summary(match) for match in matches],
        )
    return matches


def _save_identity(client: Client) -> None:
    """Save a client whose national ID was checked: a registration of the same ID at the same moment (the check
    could not see it) meets the database's constraint and is answered as the check would have."""
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:
        _check_national_id(client)
        raise


def _reason_with_distinct(reason: str, matches: Iterable[Client]) -> str:
    references = ", ".join(match.reference for match in matches)
    if not references:
        return reason
    return f"{reason}; confirmed as a different person from {references}"


def _apply_identity_rules(actor: Actor, client: Client) -> None:
    client.first_name = client.first_name.strip()
    client.last_name = client.last_name.strip()
    not_in_future(actor, "birth_date", client.birth_date, _("The birth date cannot be in the future."))
    if not client.national_id:
        return
    if not client.national_id_country:
        # The centre's country is by far the most likely one; "XX" must be chosen explicitly.
        country = actor.centre.country
        client.national_id_country = country if country in NationalIdCountry.values else NationalIdCountry.OTHER
    client.national_id = normalize_national_id(client.national_id_country, client.national_id)
    try:
        validate_national_id(
            client.national_id_country, client.national_id, birth_date=client.birth_date, sex=client.sex
        )
    except ValidationError as error:
        raise ValidationError({"national_id": error.messages}) from None


def _apply_case_rules(actor: Actor, client: Client, fields: Mapping[str, Any]) -> None:
    """A closed case has a closure reason (and a closing date); an open one has neither."""
    if client.status == ClientStatus.CLOSED:
        if not client.closure_reason:
            raise ValidationError({"closure_reason": _("A closed case needs a closure reason.")})
        if client.closed_at is None:
            client.closed_at = centre_today(actor.centre)
        not_in_future(actor, "closed_at", client.closed_at, _("The closing date cannot be in the future."))
        return
    for name in ("closure_reason", "closed_at"):
        if fields.get(name):
            raise ValidationError({name: _("Only a closed case has a closure reason and a closing date.")})
    # Reopening a case clears how it was closed; the history keeps it.
    client.closure_reason = ""
    client.closed_at = None


def _check_coordinator(actor: Actor, coordinator: User | None) -> None:
    if coordinator is not None and not selectors.coordinators_for(actor).filter(pk=coordinator.pk).exists():
        raise ValidationError({"coordinator": _("Choose an active coordinator of this centre.")})


def _next_reference(centre: Centre) -> str:
    """The next case reference of the centre for this year, e.g. GDY/2026/00042.

    The counter row is locked until the transaction ends, so concurrent registrations queue here
    instead of taking the same number.
    """
    year = centre_today(centre).year
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(centre=centre, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{centre.code.upper()}/{year}/{counter.last_number:05d}"


@transaction.atomic
def create_client(*, actor: Actor, confirm_distinct: bool = False, change_reason: str = "", **fields: Any) -> Client:
    """Register a client in the actor's centre with the next case reference.

    The coordinator defaults to the acting coordinator. A record with the same national ID, or the
    same name and birth date, as an existing client is refused (Conflict, listing them) unless
    ``confirm_distinct``; then the records are linked as confirmed different persons.
    """
    require(actor, Perm.CREATE_CLIENTS)
    check_known(fields, CLIENT_FIELDS)
    fields.setdefault("coordinator", actor.user)
    client = Client(centre_id=actor.centre_id, **fields)
    # The constraints are checked below with their own answers (the national ID names the record that has it).
    client.full_clean(exclude=["reference"], validate_constraints=False)
    _apply_identity_rules(actor, client)
    _apply_case_rules(actor, client, fields)
    _check_coordinator(actor, client.coordinator)
    _check_national_id(client)
    matches = _check_duplicates(client, confirm_distinct=confirm_distinct)
    client.reference = _next_reference(actor.centre)
    stamp(client, user=actor.user, reason=_reason_with_distinct(change_reason or "registered", matches))
    _save_identity(client)
    if matches:
        client.distinct_from.add(*matches)
    return client


@transaction.atomic
def update_client(
    *, actor: Actor, client: Client, confirm_distinct: bool = False, change_reason: str = "", **fields: Any
) -> Client:
    """Change a client's record (own caseload or unassigned only).

    A change of name, birth date or national ID is checked for duplicates again; pairs already
    confirmed as different persons are not flagged again.
    """
    check_known(fields, CLIENT_FIELDS)
    client = locked(Client.objects.all(), actor, client.pk)
    _require_editable(actor, client)
    before = {name: getattr(client, name) for name in IDENTITY_FIELDS}
    for name, value in fields.items():
        setattr(client, name, value)
    client.full_clean(validate_constraints=False)
    _apply_identity_rules(actor, client)
    _apply_case_rules(actor, client, fields)
    if "coordinator" in fields:
        _check_coordinator(actor, client.coordinator)
    matches: list[Client] = []
    if client.national_id != before["national_id"]:
        _check_national_id(client)
    if any(getattr(client, name) != value for name, value in before.items()):
        matches = _check_duplicates(client, confirm_distinct=confirm_distinct)
    stamp(client, user=actor.user, reason=_reason_with_distinct(change_reason or "changed", matches))
    _save_identity(client)
    if matches:
        client.distinct_from.add(*matches)
    return client


# --- Consents ---------------------------------------------------------------------------------------


def _check_consent(actor: Actor, consent: Consent, providers: Iterable[Provider] | None) -> None:
    not_in_future(actor, "given_on", consent.given_on, _("A consent cannot be given in the future."))
    if consent.valid_until is not None and consent.given_on is not None and consent.valid_until < consent.given_on:
        raise ValidationError({"valid_until": _("A consent cannot end before it was given.")})
    if providers:
        wanted = {provider.pk for provider in providers}
        if selectors.consent_providers_for(actor).filter(pk__in=wanted).count() != len(wanted):
            raise ValidationError({"providers": _("Choose providers of this centre.")})


def _check_evidence(evidence: Any) -> None:
    if not isinstance(evidence, UploadedFile):
        return
    try:
        FileExtensionValidator(EVIDENCE_EXTENSIONS)(evidence)
    except ValidationError:
        raise ValidationError(
            {"evidence": _("Upload the evidence as a PDF, JPEG or PNG file.")}
        ) from None
    if evidence.size is not None and evidence.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The evidence file is larger than 10 MB.")})
    extension = os.path.splitext(evidence.name or "")[1].lstrip(".").lower()
    evidence.seek(0)
    head = evidence.read(len(EVIDENCE_SIGNATURES[extension]))
    evidence.seek(0)
    if head != EVIDENCE_SIGNATURES[extension]:
        raise ValidationError(
            {"evidence": _("This file is not the PDF, JPEG or PNG its name says: upload the scan or photo itself.")}
        )


@transaction.atomic
def create_consent(
    *, actor: Actor, client: Client, providers: Sequence[Provider] = (), change_reason: str = "", **fields: Any
) -> Consent:
    """Record a consent the client gave (optionally naming the providers it covers, with evidence)."""
    check_known(fields, CONSENT_FIELDS)
    client = locked(Client.objects.all(), actor, client.pk)
    _require_editable(actor, client)
    consent = Consent(centre_id=actor.centre_id, client=client, recorded_by=actor.user, **fields)
    consent.full_clean()
    _check_consent(actor, consent, providers)
    _check_evidence(fields.get("evidence"))
    stamp(consent, user=actor.user, reason=change_reason or "consent recorded")
    consent.save()
    consent.providers.set(providers)
    return consent


@transaction.atomic
def update_consent(*, actor: Actor, consent: Consent, change_reason: str = "", **fields: Any) -> Consent:
    """Correct a recorded consent; a withdrawn consent stays as it was (record a new one instead)."""
    check_known(fields, CONSENT_FIELDS)
    consent = locked(Consent.objects.select_related("client"), actor, consent.pk)
    _require_editable(actor, consent.client)
    if not consent.is_active:
        raise Conflict(_("A withdrawn consent cannot be changed: record a new consent."), code="consent_withdrawn")
    providers = fields.pop("providers", None)
    for name, value in fields.items():
        setattr(consent, name, value)
    consent.full_clean()
    _check_consent(actor, consent, providers)
    _check_evidence(fields.get("evidence"))
    stamp(consent, user=actor.user, reason=change_reason or "consent changed")
    consent.save()
    if providers is not None:
        consent.providers.set(providers)
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent, reason: str = "", date: dt.date | None = None) -> Consent:
    """Record that the client withdrew a consent on ``date`` (today by default); where the centre rests the
    consent's purpose on consent, its processing stops in the same transaction (``consents.after_withdrawal``)."""
    consent = locked(Consent.objects.select_related("client"), actor, consent.pk)
    _require_editable(actor, consent.client)
    if not consent.is_active:
        raise Conflict(_("This consent has already been withdrawn."), code="consent_withdrawn")
    date = date or centre_today(actor.centre)
    not_in_future(actor, "date", date, _("A consent cannot be withdrawn in the future."))
    if date < consent.given_on:
        raise ValidationError({"date": _("A consent cannot be withdrawn before it was given.")})
    consent.withdrawn_on = date
    consent.withdrawal_reason = reason.strip()
    consent.full_clean()
    stamp(consent, user=actor.user, reason=f"consent withdrawn: {consent.withdrawal_reason}".rstrip(": "))
    consent.save()
    after_withdrawal(actor=actor, consent=consent)  # what the consent allowed stops from now on
    return consent


# --- Contact persons and referrals ------------------------------------------------------------------


@transaction.atomic
def create_contact(*, actor: Actor, client: Client, change_reason: str = "", **fields: Any) -> ContactPerson:
    """Add a contact person (family member, guardian, neighbour) to a client."""
    check_known(fields, CONTACT_FIELDS)
    client = locked(Client.objects.all(), actor, client.pk)
    _require_editable(actor, client)
    contact = ContactPerson(centre_id=actor.centre_id, client=client, **fields)
    contact.full_clean()
    stamp(contact, user=actor.user, reason=change_reason or "contact person added")
    contact.save()
    return contact


@transaction.atomic
def update_contact(
    *, actor: Actor, contact: ContactPerson, change_reason: str = "", **fields: Any
) -> ContactPerson:
    """Change a client's contact person."""
    check_known(fields, CONTACT_FIELDS)
    contact = locked(ContactPerson.objects.select_related("client"), actor, contact.pk)
    _require_editable(actor, contact.client)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    stamp(contact, user=actor.user, reason=change_reason or "contact person changed")
    contact.save()
    return contact


def _check_referral(actor: Actor, referral: Referral) -> None:
    not_in_future(actor, "date", referral.date, _("A referral cannot be dated in the future."))


@transaction.atomic
def create_referral(*, actor: Actor, client: Client, change_reason: str = "", **fields: Any) -> Referral:
    """Record how a client was referred (source, date, reason), received by the actor."""
    check_known(fields, REFERRAL_FIELDS)
    client = locked(Client.objects.all(), actor, client.pk)
    _require_editable(actor, client)
    referral = Referral(centre_id=actor.centre_id, client=client, received_by=actor.user, **fields)
    referral.full_clean()
    _check_referral(actor, referral)
    stamp(referral, user=actor.user, reason=change_reason or "referral recorded")
    referral.save()
    return referral


@transaction.atomic
def update_referral(*, actor: Actor, referral: Referral, change_reason: str = "", **fields: Any) -> Referral:
    """Correct a recorded referral."""
    check_known(fields, REFERRAL_FIELDS)
    referral = locked(Referral.objects.select_related("client"), actor, referral.pk)
    _require_editable(actor, referral.client)
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.full_clean()
    _check_referral(actor, referral)
    stamp(referral, user=actor.user, reason=change_reason or "referral changed")
    referral.save()
    return referral


# --- Needs assessments ------------------------------------------------------------------------------


def _check_areas(areas: Sequence[Mapping[str, Any]]) -> None:
    seen: set[str] = set()
    for item in areas:
        if item["area"] in seen:
            raise ValidationError({"areas": _("Each area of life is assessed once per assessment.")})
        seen.add(item["area"])
        if not 0 <= item["score"] <= 4:
            raise ValidationError({"areas": _("A score is between 0 and 4.")})


def _check_needs(actor: Actor, assessment: Assessment, needs: Sequence[Mapping[str, Any]]) -> None:
    allowed = set(selectors.need_service_types_for(actor).values_list("pk", flat=True))
    known = set(assessment.needs.values_list("pk", flat=True)) if assessment.pk else set()
    for item in needs:
        service_type: ServiceType = item["service_type"]
        if service_type.pk not in allowed:
            raise ValidationError({"needs": _("Choose an active service type of the catalogue or of this centre.")})
        if item.get("id") is not None and item["id"] not in known:
            raise ValidationError({"needs": _("Unknown need of this assessment.")})


def _child_clean(instance: Model, field: str) -> None:
    """Validate a nested row, reporting its errors under the list's name."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _sync_areas(actor: Actor, assessment: Assessment, areas: Sequence[Mapping[str, Any]], reason: str) -> None:
    """Make the assessed areas exactly ``areas``: change the ones kept (by area), add new, remove the rest."""
    existing = {row.area: row for row in assessment.areas.all()}
    for item in areas:
        row = existing.pop(item["area"], None) or AssessmentArea(
            centre_id=assessment.centre_id, assessment=assessment, area=item["area"]
        )
        changed = row._state.adding or any(getattr(row, k) != v for k, v in item.items())
        if not changed:
            continue
        for name, value in item.items():
            setattr(row, name, value)
        _child_clean(row, "areas")
        stamp(row, user=actor.user, reason=reason)
        row.save()
    for row in existing.values():
        stamp(row, user=actor.user, reason=reason)
        row.delete()


def _sync_needs(actor: Actor, assessment: Assessment, needs: Sequence[Mapping[str, Any]], reason: str) -> None:
    """Make the identified needs exactly ``needs``: items with an ``id`` change that need, others are new."""
    existing: dict[Any, IdentifiedNeed] = {row.pk: row for row in assessment.needs.all()}
    for item in needs:
        values = {k: v for k, v in item.items() if k != "id"}
        row = existing.pop(item.get("id"), None) or IdentifiedNeed(
            centre_id=assessment.centre_id, assessment=assessment
        )
        changed = row._state.adding or any(getattr(row, k) != v for k, v in values.items())
        if not changed:
            continue
        for name, value in values.items():
            setattr(row, name, value)
        _child_clean(row, "needs")
        stamp(row, user=actor.user, reason=reason)
        row.save()
    for row in existing.values():
        stamp(row, user=actor.user, reason=reason)
        row.delete()


@transaction.atomic
def create_assessment(
    *,
    actor: Actor,
    client: Client,
    areas: Sequence[Mapping[str, Any]] = (),
    needs: Sequence[Mapping[str, Any]] = (),
    change_reason: str = "",
    **fields: Any,
) -> Assessment:
    """Record a needs assessment by the actor, with its scored areas and identified needs, all at once."""
    check_known(fields, ASSESSMENT_FIELDS)
    client = locked(Client.objects.all(), actor, client.pk)
    _require_editable(actor, client)
    assessment = Assessment(centre_id=actor.centre_id, client=client, assessor=actor.user, **fields)
    assessment.full_clean()
    not_in_future(actor, "date", assessment.date, _("An assessment cannot be dated in the future."))
    _check_areas(areas)
    _check_needs(actor, assessment, needs)
    reason = change_reason or "assessment recorded"
    stamp(assessment, user=actor.user, reason=reason)
    assessment.save()
    _sync_areas(actor, assessment, areas, reason)
    _sync_needs(actor, assessment, needs, reason)
    return assessment


@transaction.atomic
def update_assessment(
    *,
    actor: Actor,
    assessment: Assessment,
    areas: Sequence[Mapping[str, Any]] | None = None,
    needs: Sequence[Mapping[str, Any]] | None = None,
    change_reason: str = "",
    **fields: Any,
) -> Assessment:
    """Change an assessment; ``areas`` / ``needs``, when given, replace the lists (needs matched by id)."""
    check_known(fields, ASSESSMENT_FIELDS)
    assessment = locked(Assessment.objects.select_related("client"), actor, assessment.pk)
    _require_editable(actor, assessment.client)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.full_clean()
    not_in_future(actor, "date", assessment.date, _("An assessment cannot be dated in the future."))
    if areas is not None:
        _check_areas(areas)
    if needs is not None:
        _check_needs(actor, assessment, needs)
    reason = change_reason or "assessment changed"
    if fields:
        stamp(assessment, user=actor.user, reason=reason)
        assessment.save()
    elif areas is not None or needs is not None:
        # Its areas and needs are part of what a reader of the assessment saw: a new revision (cus.api.versions).
        Assessment.objects.filter(pk=assessment.pk).update(revision=F("revision") + 1)
    if areas is not None:
        _sync_areas(actor, assessment, areas, reason)
    if needs is not None:
        _sync_needs(actor, assessment, needs, reason)
    return assessment


# --- Access log -------------------------------------------------------------------------------------


def _ip_or_none(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


@transaction.atomic
def record_client_access(
    *,
    actor: Actor,
    client: Client,
    action: str = AccessAction.VIEW,
    path: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    what: str = "client",
    purpose: str = "",
) -> ClientAccessLog:
    """Log that the actor read a client's record (who, role, what, where from, why): GDPR accountability."""
    if client.centre_id != actor.centre_id:
        raise NotFound()
    entry = ClientAccessLog(
        centre_id=actor.centre_id,
        client=client,
        user=actor.user,
        role=actor.role,
        action=action,
        what=what[:40],
        # A record exported is exported for its subject's request (Art. 15, 20) unless the reader says otherwise.
        purpose=purpose or (AccessPurpose.SUBJECT_REQUEST if action == AccessAction.EXPORT else purpose_for(actor.role)),
        path=path[:300],
        ip_address=_ip_or_none(ip_address),
        user_agent=user_agent[:300],
    )
    entry.save()
    return entry


def record_client_reads(actor: Actor, reads: Reads, origin: Origin) -> None:
    """Log one request's reads of client data (``cus.core.reads``): one row per client, in one insert (the ids come
    from the records the actor's scoped selectors gave)."""
    purpose = origin.purpose or purpose_for(actor.role)
    ClientAccessLog.objects.bulk_create(
        ClientAccessLog(
            centre_id=actor.centre_id,
            client_id=client_id,
            user=actor.user,
            role=actor.role,
            action=reads.action,
            what=reads.what[:40],
            purpose=purpose,
            path=origin.path[:300],
            ip_address=_ip_or_none(origin.ip_address),
            user_agent=origin.user_agent[:300],
        )
        for client_id in reads.client_ids
    )
