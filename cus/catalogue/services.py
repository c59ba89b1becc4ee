"""Writes on the catalogue: service types, providers, their locations and offerings.

Who may write: admins and managers (``Perm.MANAGE_CATALOGUE``) everything of their centre; provider
staff (``Perm.EDIT_OWN_OFFERINGS``) the offerings and locations of their own provider; centre-specific
service types only admins (``Perm.MANAGE_SERVICE_TYPES``). Shipped service types are read-only: they
come from ``cus.catalogue.taxonomy`` through ``sync_shipped_service_types``. Providers are never
deleted, only deactivated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from cus.core.access import Perm, can, require, scope
from cus.core.context import Actor
from cus.core.errors import Conflict, NotAllowed, NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Country

from .languages import is_language_code
from .models import Contact, Location, Offering, Provider, ServiceType, TargetGroup
from .tax_id import validate_tax_id
from .taxonomy import shipped_rows

SERVICE_TYPE_FIELDS = (
    "name_en", "name_pl", "name_cs", "name_sl", "category", "unit", "delivery_form", "legal_refs", "active",
    "sort_order",
)
PROVIDER_FIELDS = (
    "name", "legal_form", "tax_id", "tax_id_country", "street", "postcode", "municipality", "phone", "email",
    "website", "description", "target_groups", "languages", "areas", "accessibility", "wheelchair_accessible",
    "is_public", "is_active",
)
LOCATION_FIELDS = (
    "name", "street", "postcode", "municipality", "area", "latitude", "longitude", "accessibility",
    "wheelchair_accessible", "is_public",
)
CONTACT_FIELDS = ("name", "title", "department", "email", "phone", "is_public")
OFFERING_FIELDS = (
    "service_type", "name", "delivery_form", "description", "capacity", "schedule", "cost", "cost_note",
    "target_groups", "languages", "is_public", "is_active",
)
AREA_MAX_LENGTH = 120


# --- input cleaning -------------------------------------------------------------------------------------


class _Errors:
    """Field errors collected over one write, raised together so the client sees them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, messages: Iterable[str]) -> None:
        self.by_field.setdefault(field, []).extend(str(m) for m in messages)

    def clean(self, field: str, cleaner: Callable[[Any], Any], value: Any) -> Any:
        """``cleaner(value)``, or None with the error recorded under ``field``."""
        try:
            return cleaner(value)
        except ValidationError as exc:
            self.add(field, exc.messages)
            return None

    def full_clean(self, instance: models.Model) -> None:
        """Run the model's own validation on the fields without errors yet, then raise everything."""
        try:
            instance.full_clean(exclude=list(self.by_field))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add(field, messages)
        self.raise_if_any()

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _list_of_strings(value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Expected a list of texts."))
    unique: dict[str, None] = {}
    for item in value:
        if item.strip():
            unique[item.strip()] = None
    return list(unique)


def _target_groups(value: Any) -> list[str]:
    groups = _list_of_strings(value)
    unknown = [group for group in groups if group not in TargetGroup.values]
    if unknown:
        raise ValidationError(
            _("Unknown target groups: %(unknown)s. Choose from: %(known)s."),
            params={"unknown": ", ".join(unknown), "known": ", ".join(TargetGroup.values)},
        )
    return groups


def _languages(value: Any) -> list[str]:
    codes = [code.lower() for code in _list_of_strings(value)]
    unknown = [code for code in codes if not is_language_code(code)]
    if unknown:
        raise ValidationError(
            _("Not language codes (ISO 639, e.g. \"pl\", \"en\", \"uk\"): %(unknown)s."),
            params={"unknown": ", ".join(unknown)},
        )
    return list(dict.fromkeys(codes))


def _areas(value: Any) -> list[str]:
    areas = _list_of_strings(value)
    if any(len(area) > AREA_MAX_LENGTH for area in areas):
        raise ValidationError(
            _("An area name has at most %(max)d characters."), params={"max": AREA_MAX_LENGTH}
        )
    return areas


def _translations(value: Any) -> dict[str, str]:
    """A text per language code; empty texts are dropped."""
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        raise ValidationError(_("Expected an object of language code to text, e.g. {\"pl\": \"…\"}."))
    texts = {key.strip().lower(): text.strip() for key, text in value.items() if text.strip()}
    unknown = [code for code in texts if not is_language_code(code)]
    if unknown:
        raise ValidationError(
            _("Not language codes (ISO 639, e.g. \"pl\", \"en\", \"uk\"): %(unknown)s."),
            params={"unknown": ", ".join(unknown)},
        )
    return texts


def _legal_refs(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        raise ValidationError(_("Expected an object of country code to text, e.g. {\"CZ\": \"§40\"}."))
    refs = {key.strip().upper(): text.strip() for key, text in value.items() if text.strip()}
    unknown = [code for code in refs if code not in Country.values]
    if unknown:
        raise ValidationError(
            _("Unknown countries: %(unknown)s. Choose from: %(known)s."),
            params={"unknown": ", ".join(unknown), "known": ", ".join(Country.values)},
        )
    return refs


def _number(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(_("Expected a number.")) from None


def _not_negative(value: Any) -> Decimal | None:
    if value is None:
        return None
    number = _number(value)
    if number < 0:
        raise ValidationError(_("The cost cannot be negative."))
    return number


def _between(low: int, high: int) -> Callable[[Any], Decimal | None]:
    def check(value: Any) -> Decimal | None:
        if value is None:
            return None
        number = _number(value)
        if not low <= number <= high:
            raise ValidationError(
                _("Must be between %(low)d and %(high)d."), params={"low": low, "high": high}
            )
        return number

    return check


_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "target_groups": _target_groups,
    "languages": _languages,
    "areas": _areas,
    "description": _translations,
    "legal_refs": _legal_refs,
    "cost": _not_negative,
    "latitude": _between(-90, 90),
    "longitude": _between(-180, 180),
}


def _apply(instance: models.Model, fields: Mapping[str, Any], allowed: tuple[str, ...], errors: _Errors) -> None:
    """Set the ``allowed`` fields given in ``fields`` on ``instance``, cleaned; bad values go to ``errors``."""
    unexpected = set(fields) - set(allowed)
    if unexpected:
        raise TypeError(f"Unexpected fields for {type(instance).__name__}: {sorted(unexpected)}")
    for name, value in fields.items():
        cleaner = _CLEANERS.get(name)
        if cleaner is None:
            setattr(instance, name, value)
            continue
        cleaned = errors.clean(name, cleaner, value)
        if name not in errors.by_field:
            setattr(instance, name, cleaned)


def _save(instance: models.Model, *, actor: Actor, reason: str) -> None:
    stamp(instance, user=actor.user, reason=reason)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        if "provider_tax_id_unique_per_centre" in str(error):  # another save of the same ID won the race
            raise ValidationError({"tax_id": _("Another provider of the centre has this tax ID.")}) from None
        raise


def _lock[M: models.Model](queryset: models.QuerySet[M], actor: Actor, pk: Any) -> M:
    """The actor's centre's row ``pk``, locked for the rest of the transaction; NotFound outside the centre."""
    instance = scope(queryset.select_for_update(), actor).filter(pk=pk).first()
    if instance is None:
        raise NotFound()
    return instance


# --- access ---------------------------------------------------------------------------------------------


def can_edit_offerings_of(actor: Actor, provider: Provider) -> bool:
    """Whether ``actor`` may add and change ``provider``'s offerings and locations."""
    if provider.centre_id != actor.centre_id:
        return False
    if can(actor, Perm.MANAGE_CATALOGUE):
        return True
    return can(actor, Perm.EDIT_OWN_OFFERINGS) and actor.provider_id == provider.pk


def require_offerings_editor(actor: Actor, provider: Provider) -> None:
    """Raise NotAllowed unless ``actor`` may add and change ``provider``'s offerings and locations."""
    if not can_edit_offerings_of(actor, provider):
        raise NotAllowed(_("You may change only your own organisation's offerings and locations."))


def _provider_of_centre(actor: Actor, provider: Provider, errors: _Errors) -> None:
    if provider.centre_id != actor.centre_id:
        errors.add("provider", [_("Unknown provider.")])
        errors.raise_if_any()


def require_editable_service_type(actor: Actor, service_type: ServiceType) -> None:
    """Raise unless ``actor`` may change ``service_type``: an admin, and a type of their own centre.

    Shipped types are read-only for everyone (NotAllowed); another centre's types do not exist for
    the actor (NotFound).
    """
    require(actor, Perm.MANAGE_SERVICE_TYPES)
    if service_type.centre_id is None:
        raise NotAllowed(_("Shipped service types are read-only."), code="shipped_service_type")
    if service_type.centre_id != actor.centre_id:
        raise NotFound()


# --- service types --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def sync_shipped_service_types(*, service_type_model: type[ServiceType] | None = None) -> SyncResult:
    """Write the shipped taxonomy (``cus.catalogue.taxonomy``) to the database; safe to run any time.

    Matches rows by code among the shipped types (``centre`` null): creates the missing ones and
    updates those whose data changed, so it writes no history when nothing changed. Types dropped from
    the data are left alone (offerings, plans and contracts may refer to them). Data migrations pass
    their historical model as ``service_type_model``.
    """
    model = service_type_model or ServiceType
    # A migration's historical model lacks fields added later; sync only what it has.
    known_fields = {field.name for field in model._meta.get_fields()}
    existing = {row.code: row for row in model.objects.filter(centre__isnull=True)}
    created = updated = unchanged = 0
    for code, values in shipped_rows():
        values = {name: value for name, value in values.items() if name in known_fields}
        row = existing.get(code)
        if row is None:
            row = model(code=code, centre=None, **values)
            created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            updated += 1
        else:
            unchanged += 1
            continue
        stamp(row, user=None, reason="shipped taxonomy synced")
        row.save()
    return SyncResult(created=created, updated=updated, unchanged=unchanged)


def _check_code_is_free(actor: Actor, code: str) -> None:
    taken = ServiceType.objects.usable_in(actor.centre_id).filter(code=code)
    if taken.exists():
        raise Conflict(_("A service type with this code already exists."), code="duplicate_code")


@transaction.atomic
def create_service_type(*, actor: Actor, code: str, reason: str = "", **fields: Any) -> ServiceType:
    """Add a service type of the actor's own centre (admins only); its code may not repeat a shipped one."""
    require(actor, Perm.MANAGE_SERVICE_TYPES)
    errors = _Errors()
    service_type = ServiceType(centre_id=actor.centre_id, code=code)
    _apply(service_type, fields, SERVICE_TYPE_FIELDS, errors)
    _check_code_is_free(actor, code)
    errors.full_clean(service_type)
    _save(service_type, actor=actor, reason=reason or "created")
    return service_type


@transaction.atomic
def update_service_type(
    *, actor: Actor, service_type: ServiceType, reason: str = "", code: str | None = None, **fields: Any
) -> ServiceType:
    """Change a service type of the actor's own centre (admins only). Codes are stable: never changed."""
    require_editable_service_type(actor, service_type)
    service_type = ServiceType.objects.select_for_update().get(pk=service_type.pk)
    errors = _Errors()
    if code is not None and code != service_type.code:
        errors.add("code", [_("The code of a service type cannot be changed.")])
    _apply(service_type, fields, SERVICE_TYPE_FIELDS, errors)
    errors.full_clean(service_type)
    _save(service_type, actor=actor, reason=reason or "updated")
    return service_type


# --- providers ------------------------------------------------------------------------------------------


def _clean_tax_id(actor: Actor, provider: Provider, fields: Mapping[str, Any], errors: _Errors) -> None:
    """Validate and normalise the tax ID against its country (the centre's country when not given)."""
    if "tax_id" not in fields and "tax_id_country" not in fields:
        return
    raw = (provider.tax_id or "").strip()
    if not raw:
        provider.tax_id = ""
        return
    if not provider.tax_id_country:
        provider.tax_id_country = actor.centre.country
    try:
        provider.tax_id = validate_tax_id(provider.tax_id_country, raw)
    except ValidationError as exc:
        field = "tax_id_country" if exc.code == "country" else "tax_id"
        errors.add(field, exc.messages)
        return
    # One organisation, one record: a second provider with the same tax ID would split its contracts and offerings.
    registered = (
        Provider.objects.filter(centre_id=actor.centre_id, tax_id=provider.tax_id, tax_id_country=provider.tax_id_country)
        .exclude(pk=provider.pk)
        .values_list("name", flat=True)
        .first()
    )
    if registered is not None:
        errors.add("tax_id", [_("%(name)s is already registered with this tax ID.") % {"name": registered}])


@transaction.atomic
def create_provider(*, actor: Actor, reason: str = "", **fields: Any) -> Provider:
    """Register a provider organisation in the actor's centre (admins and managers).

    The tax ID is checked against ``tax_id_country`` (default: the centre's country) and stored as
    digits only; target groups, languages and areas are lists (see ``TargetGroup``, ISO 639 codes).
    """
    require(actor, Perm.MANAGE_CATALOGUE)
    errors = _Errors()
    provider = Provider(centre_id=actor.centre_id)
    _apply(provider, fields, PROVIDER_FIELDS, errors)
    _clean_tax_id(actor, provider, fields, errors)
    errors.full_clean(provider)
    _save(provider, actor=actor, reason=reason or "created")
    return provider


@transaction.atomic
def update_provider(*, actor: Actor, provider: Provider, reason: str = "", **fields: Any) -> Provider:
    """Change a provider (admins and managers); ``is_active=False`` is how a provider is retired."""
    require(actor, Perm.MANAGE_CATALOGUE)
    provider = _lock(Provider.objects.all(), actor, provider.pk)
    errors = _Errors()
    _apply(provider, fields, PROVIDER_FIELDS, errors)
    _clean_tax_id(actor, provider, fields, errors)
    errors.full_clean(provider)
    _save(provider, actor=actor, reason=reason or "updated")
    return provider


# --- locations ------------------------------------------------------------------------------------------


@transaction.atomic
def create_location(*, actor: Actor, provider: Provider, reason: str = "", **fields: Any) -> Location:
    """Add a place where ``provider`` delivers services (catalogue managers, or the provider's own staff)."""
    errors = _Errors()
    _provider_of_centre(actor, provider, errors)
    require_offerings_editor(actor, provider)
    location = Location(centre_id=actor.centre_id, provider=provider)
    _apply(location, fields, LOCATION_FIELDS, errors)
    errors.full_clean(location)
    _save(location, actor=actor, reason=reason or "created")
    return location


@transaction.atomic
def update_location(
    *, actor: Actor, location: Location, reason: str = "", provider: Provider | None = None, **fields: Any
) -> Location:
    """Change a location (catalogue managers, or the provider's own staff); it stays with its provider."""
    location = _lock(Location.objects.select_related("provider"), actor, location.pk)
    require_offerings_editor(actor, location.provider)
    errors = _Errors()
    if provider is not None and provider.pk != location.provider_id:
        errors.add("provider", [_("A location cannot move to another provider.")])
    _apply(location, fields, LOCATION_FIELDS, errors)
    errors.full_clean(location)
    _save(location, actor=actor, reason=reason or "updated")
    return location


# --- offerings ------------------------------------------------------------------------------------------


def _check_service_type(actor: Actor, service_type: ServiceType, errors: _Errors) -> None:
    if service_type.centre_id not in (None, actor.centre_id):
        errors.add("service_type", [_("Unknown service type.")])
    elif not service_type.active:
        errors.add("service_type", [_("This service type is no longer in use.")])


def _check_locations(offering: Offering, locations: Iterable[Location], errors: _Errors) -> list[Location]:
    locations = list(locations)
    if any(location.provider_id != offering.provider_id for location in locations):
        errors.add("locations", [_("Locations must belong to the offering's provider.")])
    return locations


@transaction.atomic
def create_offering(
    *,
    actor: Actor,
    provider: Provider,
    service_type: ServiceType,
    locations: Iterable[Location] = (),
    reason: str = "",
    **fields: Any,
) -> Offering:
    """Add a service ``provider`` offers (catalogue managers, or the provider's own staff).

    The service type must be shipped or the centre's own, and in use; the locations must be the
    provider's; the cost to the client is not negative; the description is a text per language code.
    """
    errors = _Errors()
    _provider_of_centre(actor, provider, errors)
    require_offerings_editor(actor, provider)
    if not provider.is_active:
        errors.add("provider", [_("This provider is inactive.")])
    offering = Offering(centre_id=actor.centre_id, provider=provider, service_type=service_type)
    _check_service_type(actor, service_type, errors)
    _apply(offering, fields, OFFERING_FIELDS, errors)
    chosen = _check_locations(offering, locations, errors)
    errors.full_clean(offering)
    _save(offering, actor=actor, reason=reason or "created")
    offering.locations.set(chosen)
    return offering


@transaction.atomic
def update_offering(
    *,
    actor: Actor,
    offering: Offering,
    reason: str = "",
    provider: Provider | None = None,
    locations: Iterable[Location] | None = None,
    **fields: Any,
) -> Offering:
    """Change an offering (catalogue managers, or the provider's own staff); it stays with its provider.

    A changed service type must be usable as for a new offering; the offering keeps a type the centre
    has since retired until someone changes it.
    """
    offering = _lock(Offering.objects.select_related("provider"), actor, offering.pk)
    require_offerings_editor(actor, offering.provider)
    errors = _Errors()
    if provider is not None and provider.pk != offering.provider_id:
        errors.add("provider", [_("An offering cannot move to another provider.")])
    new_type = fields.get("service_type")
    if new_type is not None and new_type.pk != offering.service_type_id:
        _check_service_type(actor, new_type, errors)
    _apply(offering, fields, OFFERING_FIELDS, errors)
    chosen = _check_locations(offering, locations, errors) if locations is not None else None
    errors.full_clean(offering)
    _save(offering, actor=actor, reason=reason or "updated")
    if chosen is not None:
        offering.locations.set(chosen)
    return offering



# --- contacts -------------------------------------------------------------------------------------------


def _check_contact_links(contact: Contact, errors: _Errors) -> None:
    if contact.offering is not None and contact.offering.provider_id != contact.provider_id:
        errors.add("offering", [_("The offering must be the provider's.")])
    if contact.location is not None and contact.location.provider_id != contact.provider_id:
        errors.add("location", [_("The location must be the provider's.")])


@transaction.atomic
def create_contact(
    *,
    actor: Actor,
    provider: Provider,
    offering: Offering | None = None,
    location: Location | None = None,
    reason: str = "",
    **fields: Any,
) -> Contact:
    """Add a contact point of ``provider`` for the public catalogue (catalogue managers, or the provider's staff).

    It may name one of the provider's offerings or locations it is the contact for.
    """
    errors = _Errors()
    _provider_of_centre(actor, provider, errors)
    require_offerings_editor(actor, provider)
    contact = Contact(centre_id=actor.centre_id, provider=provider, offering=offering, location=location)
    _apply(contact, fields, CONTACT_FIELDS, errors)
    _check_contact_links(contact, errors)
    if not any(getattr(contact, name) for name in ("name", "department", "email", "phone")):
        errors.add("name", [_("Give a name, a department, an e-mail or a phone.")])
    errors.full_clean(contact)
    _save(contact, actor=actor, reason=reason or "created")
    return contact


_UNSET: Any = object()


@transaction.atomic
def update_contact(
    *,
    actor: Actor,
    contact: Contact,
    reason: str = "",
    provider: Provider | None = None,
    offering: Offering | None = _UNSET,
    location: Location | None = _UNSET,
    **fields: Any,
) -> Contact:
    """Change a contact point (catalogue managers, or the provider's own staff); it stays with its provider."""
    contact = _lock(Contact.objects.select_related("provider"), actor, contact.pk)
    require_offerings_editor(actor, contact.provider)
    errors = _Errors()
    if provider is not None and provider.pk != contact.provider_id:
        errors.add("provider", [_("A contact cannot move to another provider.")])
    if offering is not _UNSET:
        contact.offering = offering
    if location is not _UNSET:
        contact.location = location
    _apply(contact, fields, CONTACT_FIELDS, errors)
    _check_contact_links(contact, errors)
    errors.full_clean(contact)
    _save(contact, actor=actor, reason=reason or "updated")
    return contact
