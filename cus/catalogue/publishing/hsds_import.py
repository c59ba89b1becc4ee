"""Import of an Open Referral HSDS 3.0 JSON publication into one centre's catalogue.

Reads organizations (with their nested locations, contacts and services), services (with their
organization, service_at_locations, contacts), locations and service_at_locations, from single
documents, HSDS pages (``contents``) or lists. Every top-level record is validated against the HSDS
schema of its kind first; a record that fails, or that cannot be stored, is skipped with the reason and
the import goes on. Each record is written in its own savepoint, so a bad one leaves nothing behind.

Re-importing is idempotent: rows are matched on ``hsds_id`` (the record's HSDS id) within the centre;
a row whose values did not change is left alone (no history entry). Translated descriptions keep the
other languages: only the import's language is replaced.

Mapping: organization → Provider, service → Offering, location → Location, contact → Contact. A
service's type is the first attribute whose taxonomy term code is one of our service-type codes,
else ``default_service_type``; without either the service is skipped. Target groups likewise come
from term codes. Taxonomies and taxonomy terms are not imported (our taxonomy is shipped).
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import F

from cus.catalogue.languages import is_language_code
from cus.catalogue.models import Contact, LegalForm, Location, Offering, Provider, ServiceType, TargetGroup
from cus.catalogue.tax_id import validate_tax_id
from cus.core.history import stamp
from cus.core.models import Centre

SCHEMA_FOR_KIND = {
    "organization": "compiled/organization.json",
    "service": "compiled/service.json",
    "location": "location.json",
    "service_at_location": "compiled/service_at_location.json",
}

_LEGAL_FORM_WORDS = (
    ("cooperative", LegalForm.SOCIAL_COOPERATIVE),
    ("co-operative", LegalForm.SOCIAL_COOPERATIVE),
    ("foundation", LegalForm.FOUNDATION),
    ("church", LegalForm.CHURCH),
    ("company", LegalForm.COMPANY),
    ("limited", LegalForm.COMPANY),
    ("ltd", LegalForm.COMPANY),
    ("government", LegalForm.PUBLIC_UNIT),
    ("public", LegalForm.PUBLIC_UNIT),
    ("municipal", LegalForm.PUBLIC_UNIT),
    ("association", LegalForm.ASSOCIATION),
    ("charity", LegalForm.ASSOCIATION),
    ("non-profit", LegalForm.ASSOCIATION),
    ("nonprofit", LegalForm.ASSOCIATION),
)
DEFAULT_LEGAL_FORM = LegalForm.ASSOCIATION


class Skip(Exception):
    """A record that cannot be imported; the message is the reason shown in the summary."""


@dataclass
class ImportReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (where, kind and id, reason)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        getattr(self, outcome)[kind] += 1

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        lines = [
            f"{kind}: created {self.created[kind]}, updated {self.updated[kind]}, unchanged {self.unchanged[kind]}"
            for kind in kinds
        ]
        lines.append(f"skipped: {len(self.skipped)}")
        lines += [f"  {where} ({what}): {reason}" for where, what, reason in self.skipped]
        lines += [f"note: {note}" for note in dict.fromkeys(self.notes)]
        return lines


# --- reading --------------------------------------------------------------------------------------------


def documents(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, record) for every record in the file, or in every *.json file under the folder."""
    files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield str(file), exc
            continue
        if isinstance(data, dict) and isinstance(data.get("contents"), list):
            for index, item in enumerate(data["contents"]):
                yield f"{file}#contents[{index}]", item
        elif isinstance(data, list):
            for index, item in enumerate(data):
                yield f"{file}#[{index}]", item
        else:
            yield str(file), data


_ORGANIZATION_KEYS = {"website", "email", "legal_status", "tax_id", "tax_status", "year_incorporated", "services",
                      "phones", "locations", "contacts", "organization_identifiers", "programs", "funding", "logo"}


def kind_of(record: Any) -> str | None:
    """What HSDS table a top-level record is, by its fields; None when it is not an HSDS record."""
    if not isinstance(record, dict) or "id" not in record:
        return None
    keys = set(record)
    if "location_type" in keys:
        return "location"
    if "status" in keys:
        return "service"
    if keys & {"code", "taxonomy_id", "term_uri", "taxonomy_detail", "parent_id"} and not keys & _ORGANIZATION_KEYS:
        return "taxonomy_term"
    if "name" not in keys and keys & {"service_id", "location_id", "service", "location"}:
        return "service_at_location"
    if "name" in keys and "version" in keys and not keys & _ORGANIZATION_KEYS:
        return "taxonomy"
    if "name" in keys:
        return "organization"
    return None


# --- schema ---------------------------------------------------------------------------------------------


class SchemaSet:
    """jsonschema validators of the HSDS schemas in ``schema_dir`` (the publication's schema folder)."""

    def __init__(self, schema_dir: Path) -> None:
        self.schema_dir = schema_dir

    @functools.cached_property
    def _registry(self) -> Any:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        return Registry().with_resources(
            (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                               default_specification=DRAFT202012))
            for path in self.schema_dir.glob("*.json")
        )

    @functools.cache  # noqa: B019 - one SchemaSet per import; the validators are what is worth keeping
    def validator(self, kind: str) -> Any:
        import jsonschema

        schema = json.loads((self.schema_dir / SCHEMA_FOR_KIND[kind]).read_text(encoding="utf-8"))
        return jsonschema.Draft202012Validator(
            schema, registry=self._registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )

    def problem(self, kind: str, record: Any) -> str | None:
        """The first schema violation of ``record`` as text, or None when it conforms."""
        import jsonschema

        error = jsonschema.exceptions.best_match(self.validator(kind).iter_errors(record))
        if error is None:
            return None
        where = "/".join(str(part) for part in error.absolute_path) or "(record)"
        return f"not valid HSDS 3.0 {kind}: {where}: {error.message[:300]}"


# --- writing --------------------------------------------------------------------------------------------


def _text(value: Any, max_length: int) -> str:
    """A text field's value: trimmed, cut to ``max_length``, without NUL bytes (PostgreSQL refuses them)."""
    return str(value).replace("\x00", "").strip()[:max_length] if isinstance(value, str | int | float) else ""


def _phone(phones: Any) -> str:
    for phone in phones or []:
        if isinstance(phone, dict) and phone.get("number"):
            return _text(str(phone["number"]).strip("\"' "), 40)
    return ""


def _term_codes(record: dict[str, Any]) -> list[str]:
    codes = []
    for attribute in record.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict) and isinstance(term.get("code"), str):
            codes.append(term["code"].strip())
    return codes


def _legal_form(status: Any) -> str:
    text = status.lower() if isinstance(status, str) else ""
    return next((form for word, form in _LEGAL_FORM_WORDS if word in text), DEFAULT_LEGAL_FORM)


def _coordinate(value: Any, limit: int) -> Decimal | None:
    """A latitude (``limit`` 90) or longitude (180) to six places; None when missing or out of range."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    return number if -limit <= number <= limit else None


def _schedule(schedules: Any) -> str:
    parts = []
    for schedule in schedules or []:
        if not isinstance(schedule, dict):
            continue
        if schedule.get("description"):
            parts.append(str(schedule["description"]))
        elif schedule.get("opens_at") or schedule.get("byday"):
            days = schedule.get("byday") or ""
            hours = "–".join(str(schedule[key]) for key in ("opens_at", "closes_at") if schedule.get(key))
            parts.append(f"{days} {hours}".strip())
    return _text("; ".join(parts), 300)


class Importer:
    """Writes HSDS records into ``centre``'s catalogue; one instance per import run."""

    def __init__(
        self,
        *,
        centre: Centre,
        schemas: SchemaSet,
        language: str,
        default_service_type: ServiceType | None = None,
        public: bool = True,
        source: str = "",
    ) -> None:
        self.centre = centre
        self.schemas = schemas
        self.language = language
        self.default_service_type = default_service_type
        self.public = public
        self.reason = f"imported from HSDS {source}".strip()
        self.report = ImportReport()
        self.seen: set[tuple[str, str]] = set()  # (kind, HSDS id) written in this run: counted once
        usable = ServiceType.objects.filter(active=True)
        # The centre's own type wins over a shipped one of the same code.
        self.service_types = {
            service_type.code: service_type
            for service_type in [*usable.filter(centre__isnull=True), *usable.filter(centre=centre)]
        }

    # entry point

    def run(self, path: Path) -> ImportReport:
        for where, record in documents(path):
            if isinstance(record, Exception):
                self.report.skipped.append((where, "file", f"not readable JSON: {record}"))
                continue
            self.import_record(where, record)
        return self.report

    def import_record(self, where: str, record: Any) -> None:
        kind = kind_of(record)
        what = f"{kind or 'record'} {record.get('id', '?') if isinstance(record, dict) else '?'}"
        if kind in ("taxonomy", "taxonomy_term"):
            self.report.skipped.append((where, what, "taxonomies are not imported; terms are matched by code"))
            return
        if kind is None:
            self.report.skipped.append((where, what, "not an HSDS organization, service, location or service_at_location"))
            return
        problem = self.schemas.problem(kind, record)
        if problem:
            self.report.skipped.append((where, what, problem))
            return
        handler = {
            "organization": self.organization,
            "service": self.service,
            "location": self.location,
            "service_at_location": self.service_at_location,
        }[kind]
        self._guarded(where, what, handler, record)

    def _guarded(self, where: str, what: str, handler: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``handler`` in a savepoint; a failure is reported as skipped and leaves nothing written."""
        counts = (self.report.created.copy(), self.report.updated.copy(), self.report.unchanged.copy(), set(self.seen))
        try:
            with transaction.atomic():
                return handler(*args, **kwargs)
        except (Skip, ValidationError, DatabaseError) as exc:
            # Whatever the savepoint wrote is gone: so are its counts.
            self.report.created, self.report.updated, self.report.unchanged, self.seen = counts
            self._skip(where, what, exc)
        return None

    def _skip(self, where: str, what: str, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            messages = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in getattr(exc, "message_dict", {}).items()
            ) or "; ".join(exc.messages)
            reason = f"invalid: {messages}"
        elif isinstance(exc, DatabaseError):
            reason = f"could not be stored: {str(exc).strip()[:300]}"
        else:
            reason = str(exc)
        self.report.skipped.append((where, what, reason))

    # upsert

    def _upsert[M: models.Model](self, model: type[M], hsds_id: str, values: dict[str, Any], kind: str) -> M:
        instance = model._default_manager.filter(centre=self.centre, hsds_id=hsds_id).first()
        first_time = (kind, hsds_id) not in self.seen
        self.seen.add((kind, hsds_id))
        if instance is None:
            instance = model(centre=self.centre, hsds_id=hsds_id, **values)
            outcome = "created"
        elif all(getattr(instance, name) == value for name, value in values.items()):
            if first_time:
                self.report.count(kind, "unchanged")
            return instance
        else:
            for name, value in values.items():
                setattr(instance, name, value)
            outcome = "updated"
        instance.full_clean()
        stamp(instance, user=None, reason=self.reason)
        instance.save()
        if first_time:
            self.report.count(kind, outcome)
        return instance

    def _translated(self, existing: dict[str, str] | None, text: Any) -> dict[str, str]:
        texts = dict(existing or {})
        if isinstance(text, str) and text.replace("\x00", "").strip():
            texts[self.language] = text.replace("\x00", "").strip()
        return texts

    def _provider(self, hsds_id: Any) -> Provider:
        provider = Provider.objects.filter(centre=self.centre, hsds_id=str(hsds_id or "")).first()
        if provider is None or not hsds_id:
            raise Skip(f"its organization {hsds_id or '(none given)'} is not imported")
        return provider

    # records

    def organization(self, record: dict[str, Any]) -> Provider:
        hsds_id = str(record["id"])
        existing = Provider.objects.filter(centre=self.centre, hsds_id=hsds_id).first()
        values: dict[str, Any] = {
            "name": _text(record.get("name"), 250),
            "description": self._translated(existing.description if existing else None, record.get("description")),
            "is_public": self.public,
            "is_active": True,
        }
        # A brief organization (nested in a service) leaves out what it does not carry.
        if "email" in record:
            values["email"] = _text(record.get("email"), 254)
        if "website" in record or "uri" in record:
            values["website"] = _text(record.get("website") or record.get("uri"), 200)
        if phone := _phone(record.get("phones")):
            values["phone"] = phone
        if existing is None or record.get("legal_status"):
            values["legal_form"] = _legal_form(record.get("legal_status"))
        if tax_id := _text(record.get("tax_id"), 40):
            try:
                values["tax_id"] = validate_tax_id(self.centre.country, tax_id)
                values["tax_id_country"] = self.centre.country
            except ValidationError:
                self.report.notes.append(
                    f"organization {hsds_id}: tax ID {tax_id!r} is not a valid {self.centre.country} one; left out"
                )
        groups = [code for code in _term_codes(record) if code in TargetGroup.values]
        if groups:
            values["target_groups"] = groups
        address = self._first_address(record.get("locations"))
        if address and (existing is None or not existing.street):
            values.update(address)
        provider = self._upsert(Provider, hsds_id, values, "organization")
        where = f"organization {hsds_id}"
        for location in record.get("locations") or []:
            self._guarded(where, f"location {location.get('id')}", self.location, location, provider=provider)
        for contact in record.get("contacts") or []:
            self._guarded(where, f"contact {contact.get('id')}", self.contact, contact, provider=provider)
        for service in record.get("services") or []:
            self._guarded(where, f"service {service.get('id')}", self.service, service, provider=provider)
        return provider

    def _first_address(self, locations: Any) -> dict[str, str] | None:
        for location in locations or []:
            for address in (location.get("addresses") or []) if isinstance(location, dict) else []:
                if isinstance(address, dict) and address.get("address_1"):
                    return {
                        "street": _text(address.get("address_1"), 200),
                        "postcode": _text(address.get("postal_code"), 12),
                        "municipality": _text(address.get("city"), 120),
                    }
        return None

    def location(self, record: dict[str, Any], provider: Provider | None = None) -> Location:
        provider = provider or self._provider(record.get("organization_id"))
        address = next((a for a in record.get("addresses") or [] if isinstance(a, dict)), {})
        street = " ".join(_text(address.get(key), 200) for key in ("address_1", "address_2") if address.get(key))
        notes = [
            _text(item.get(key), 500)
            for item in record.get("accessibility") or []
            if isinstance(item, dict)
            for key in ("description", "details")
            if item.get(key)
        ]
        accessibility = "\n".join(notes)
        values: dict[str, Any] = {
            "provider": provider,
            "name": _text(record.get("name") or street or provider.name, 200),
            "is_public": self.public,
        }
        # The same location may come nested in several records, some carrying less: keep what is left out.
        if "addresses" in record:
            values.update(
                street=street[:200],
                postcode=_text(address.get("postal_code"), 12),
                municipality=_text(address.get("city"), 120),
                area=_text(address.get("region") or address.get("state_province"), 120),
            )
        if "latitude" in record or "longitude" in record:
            latitude, longitude = _coordinate(record.get("latitude"), 90), _coordinate(record.get("longitude"), 180)
            if latitude is None or longitude is None:
                latitude = longitude = None
                if record.get("latitude") is not None:
                    self.report.notes.append(f"location {record['id']}: coordinates out of range; left out")
            values.update(latitude=latitude, longitude=longitude)
        if "accessibility" in record:
            values.update(accessibility=accessibility, wheelchair_accessible="wheelchair" in accessibility.lower())
        existing = Location.objects.filter(centre=self.centre, hsds_id=str(record["id"])).first()
        if existing is not None and existing.provider_id != provider.pk:
            raise Skip("this location is already imported for another organization")
        location = self._upsert(Location, str(record["id"]), values, "location")
        for contact in record.get("contacts") or []:
            self._guarded(f"location {record['id']}", f"contact {contact.get('id')}", self.contact, contact,
                          provider=provider, location=location)
        return location

    def contact(
        self,
        record: dict[str, Any],
        *,
        provider: Provider,
        offering: Offering | None = None,
        location: Location | None = None,
    ) -> Contact:
        values: dict[str, Any] = {"provider": provider, "is_public": self.public}
        # A contact listed both with its organization and with a service stays the service's.
        if offering is not None:
            values["offering"] = offering
        if location is not None:
            values["location"] = location
        for name, max_length in (("name", 200), ("title", 200), ("department", 200), ("email", 254)):
            if name in record:
                values[name] = _text(record.get(name), max_length)
        if "phones" in record:
            values["phone"] = _phone(record.get("phones"))
        return self._upsert(Contact, str(record["id"]), values, "contact")

    def _service_type(self, record: dict[str, Any]) -> ServiceType:
        for code in _term_codes(record):
            if code in self.service_types:
                return self.service_types[code]
        if self.default_service_type is not None:
            return self.default_service_type
        raise Skip("no taxonomy term matches a service type code; give a default service type")

    def service(self, record: dict[str, Any], provider: Provider | None = None) -> Offering:
        if provider is None:
            nested = record.get("organization")
            if isinstance(nested, dict) and nested.get("id"):
                provider = self.organization(nested)
            else:
                provider = self._provider(record.get("organization_id"))
        hsds_id = str(record["id"])
        existing = Offering.objects.filter(centre=self.centre, hsds_id=hsds_id).first()
        if existing is not None and existing.provider_id != provider.pk:
            raise Skip("this service is already imported for another organization")
        costs = [option for option in record.get("cost_options") or [] if isinstance(option, dict)]
        cost = None
        if costs and costs[0].get("amount") is not None:
            try:
                cost = Decimal(str(costs[0]["amount"])).quantize(Decimal("0.01"))
            except InvalidOperation:
                cost = None
        cost_note = _text(record.get("fees_description") or (costs[0].get("amount_description") if costs else ""), 300)
        languages = []
        for language in record.get("languages") or []:
            code = _text(language.get("code") if isinstance(language, dict) else "", 10).lower()
            if is_language_code(code):
                languages.append(code)
            elif code:
                self.report.notes.append(f"service {hsds_id}: language code {code!r} is not ISO 639-1; left out")
        status = record.get("status")
        values: dict[str, Any] = {
            "provider": provider,
            "name": _text(record.get("name"), 250),
            "description": self._translated(existing.description if existing else None, record.get("description")),
            "is_public": self.public and status == "active",
            "is_active": status in ("active", "temporarily closed"),
        }
        # A service comes whole (service.json) or brief (in lists and service_at_locations): a brief
        # one leaves alone what it does not carry.
        if "attributes" in record or existing is None:
            values["service_type"] = self._service_type(record)
            values["target_groups"] = [code for code in _term_codes(record) if code in TargetGroup.values]
        if "schedules" in record:
            values["schedule"] = _schedule(record.get("schedules"))
        if "cost_options" in record:
            values["cost"] = cost if cost is not None and cost >= 0 else None
        if "cost_options" in record or "fees_description" in record:
            values["cost_note"] = cost_note
        if "languages" in record:
            values["languages"] = list(dict.fromkeys(languages))
        offering = self._upsert(Offering, hsds_id, values, "service")
        where = f"service {hsds_id}"
        for item in record.get("service_at_locations") or []:
            self._guarded(where, f"service_at_location {item.get('id')}", self._link, offering, item)
        for contact in record.get("contacts") or []:
            self._guarded(where, f"contact {contact.get('id')}", self.contact, contact, provider=provider,
                          offering=offering)
        return offering

    def _link(self, offering: Offering, record: dict[str, Any]) -> None:
        """Attach the location of a service_at_location (imported when nested) to ``offering``."""
        nested = record.get("location")
        if isinstance(nested, dict) and nested.get("id"):
            location = self.location(nested, provider=offering.provider)
        else:
            found = Location.objects.filter(centre=self.centre, hsds_id=str(record.get("location_id") or "")).first()
            if found is None or not record.get("location_id"):
                raise Skip(f"its location {record.get('location_id') or '(none given)'} is not imported")
            location = found
        if location.provider_id != offering.provider_id:
            raise Skip("the location belongs to another organization than the service")
        if not offering.locations.filter(pk=location.pk).exists():
            offering.locations.add(location)
            self.report.count("service_at_location", "created")
        else:
            self.report.count("service_at_location", "unchanged")

    def service_at_location(self, record: dict[str, Any]) -> None:
        nested = record.get("service")
        if isinstance(nested, dict) and nested.get("id"):
            offering = Offering.objects.filter(centre=self.centre, hsds_id=str(nested["id"])).first()
            if offering is None:
                offering = self.service(nested)
        else:
            offering = Offering.objects.filter(centre=self.centre, hsds_id=str(record.get("service_id") or "")).first()
            if offering is None or not record.get("service_id"):
                raise Skip(f"its service {record.get('service_id') or '(none given)'} is not imported")
        self._link(offering, record)


def import_hsds(
    *,
    path: Path,
    centre: Centre,
    schema_dir: Path,
    language: str | None = None,
    default_service_type: str | None = None,
    public: bool = True,
) -> ImportReport:
    """Import the HSDS publication at ``path`` (a file or a folder) into ``centre``'s catalogue.

    ``default_service_type`` (a code) is used for services whose taxonomy terms match none of ours;
    ``public`` lists what is imported in the public catalogue. Raises ValueError for an unknown code.
    """
    service_type = None
    if default_service_type:
        service_type = (
            ServiceType.objects.usable_in(centre)
            .filter(code=default_service_type, active=True)
            .order_by(F("centre").asc(nulls_last=True))
            .first()
        )
        if service_type is None:
            raise ValueError(f"unknown service type code {default_service_type!r}")
    importer = Importer(
        centre=centre,
        schemas=SchemaSet(schema_dir),
        language=(language or centre.language)[:2],
        default_service_type=service_type,
        public=public,
        source=re.sub(r"\s+", " ", path.name),
    )
    return importer.run(path)
