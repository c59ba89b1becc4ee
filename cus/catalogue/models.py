"""Service-type taxonomy, providers, their offerings and locations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel, Country, UUIDModel, Versioned


class Category(models.TextChoices):
    CARE = "care", _("Care")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    COUNSELLING = "counselling", _("Counselling")
    FAMILY = "family", _("Family")
    ACTIVATION = "activation", _("Activation")
    EMPLOYMENT = "employment", _("Employment")
    PREVENTION = "prevention", _("Prevention")
    OTHER = "other", _("Other")


class Unit(models.TextChoices):
    HOUR = "hour", _("hour")
    VISIT = "visit", _("visit")
    SESSION = "session", _("session")
    DAY = "day", _("day")
    NIGHT = "night", _("night")
    MEAL = "meal", _("meal")
    TRIP = "trip", _("trip")
    CONTACT = "contact", _("contact")
    MONTH = "month", _("month")
    ITEM = "item", _("item")


class DeliveryForm(models.TextChoices):
    HOME = "home", _("At home / in the field")
    DAY = "day", _("Day centre / outpatient")
    RESIDENTIAL = "residential", _("Residential")


class TargetGroup(models.TextChoices):
    SENIORS = "seniors", _("Seniors")
    DISABILITIES = "disabilities", _("People with disabilities")
    FAMILIES = "families", _("Families with children")
    HOMELESS = "homeless", _("Homeless people")
    ADDICTED = "addicted", _("People with addictions")
    UNEMPLOYED = "unemployed", _("Unemployed people")
    MIGRANTS = "migrants", _("Migrants")
    CARERS = "carers", _("Family carers")
    YOUTH = "youth", _("Children and young people")


class LegalForm(models.TextChoices):
    FOUNDATION = "foundation", _("Foundation")
    ASSOCIATION = "association", _("Association")
    SOCIAL_COOPERATIVE = "social_cooperative", _("Social cooperative")
    SOCIAL_ECONOMY = "social_economy", _("Other social-economy entity")
    COMPANY = "company", _("Company")
    PUBLIC_UNIT = "public_unit", _("Public unit")
    CENTRE = "centre", _("The centre itself")
    CHURCH = "church", _("Church or religious organisation")


LANGUAGE_CODES = ("en", "pl", "cs", "sl")


class ServiceTypeQuerySet(models.QuerySet["ServiceType"]):
    def usable_in(self, centre: Any) -> ServiceTypeQuerySet:
        """The service types a centre works with: the shipped ones (no centre) and the centre's own. ``centre`` is
        a Centre or its id. Inactive types stay in (old records name them); filter ``active=True`` for choices."""
        return self.filter(Q(centre__isnull=True) | Q(centre=centre))


class ServiceType(UUIDModel):
    """A type of service. Shipped types have no centre and are shared; a centre may add its own."""

    objects = ServiceTypeQuerySet.as_manager()

    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("centre")
    )
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_pl = models.CharField(_("name (Polish)"), max_length=200, blank=True)
    name_cs = models.CharField(_("name (Czech)"), max_length=200, blank=True)
    name_sl = models.CharField(_("name (Slovenian)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    delivery_form = models.CharField(_("form of delivery"), max_length=20, choices=DeliveryForm.choices)
    legal_refs = models.JSONField(
        _("legal references"), default=dict, blank=True, help_text=_("Per country: the native name and legal basis.")
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    daily_limit = models.DecimalField(
        _("most units a client can get in a day"), max_digits=6, decimal_places=2, null=True, blank=True,
        help_text=_("A service log that would take a client above it on one day is refused. Empty: no limit "
                    "beyond 24 hours a day. A centre may set its own (ServiceTypeLimit)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "code"], name="service_type_code_unique_per_centre"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(centre__isnull=True), name="service_type_code_unique_shipped"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str | None) -> str:
        lang = (language or "en")[:2]
        if lang not in LANGUAGE_CODES:
            return self.name_en
        return getattr(self, f"name_{lang}") or self.name_en

    @property
    def name(self) -> str:
        """The name in the active language, falling back to English."""
        return self.name_in(get_language())


class ServiceTypeLimit(CentreOwnedModel):
    """A centre's own daily limit for a service type, in place of the type's default (``ServiceType.daily_limit``).
    ``daily_limit`` empty: no limit at this centre beyond 24 hours a day."""

    centre = models.ForeignKey(  # the unique (centre, service_type) serves it
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.CASCADE, related_name="+", verbose_name=_("service type")
    )
    daily_limit = models.DecimalField(
        _("most units a client can get in a day"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily limit of a service type")
        verbose_name_plural = _("daily limits of service types")
        constraints = [
            models.UniqueConstraint(fields=["centre", "service_type"], name="service_type_limit_once_per_centre"),
            models.CheckConstraint(
                condition=Q(daily_limit__isnull=True) | Q(daily_limit__gt=0), name="service_type_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type}: {self.daily_limit}"


class Provider(Versioned, CentreOwnedModel):
    """An organisation that delivers services: NGO, social-economy entity, company, public unit, the centre."""

    name = models.CharField(_("name"), max_length=250)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    tax_id = models.CharField(_("tax ID"), max_length=20, blank=True)
    tax_id_country = models.CharField(_("tax ID country"), max_length=2, choices=Country.choices, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True, help_text=_("Text per language code."))
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    areas = models.JSONField(_("areas served"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    is_public = models.BooleanField(_("listed in the public catalogue"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    hsds_id = models.CharField(
        _("HSDS id"), max_length=100, blank=True, db_index=True,
        help_text=_("The id of this record in the HSDS publication it was imported from."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        indexes = [models.Index(fields=["centre", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "hsds_id"], condition=~Q(hsds_id=""), name="provider_hsds_id_unique_per_centre"
            ),
            # One organisation, one record (the services say which provider holds the ID; this holds under races).
            models.UniqueConstraint(
                fields=["centre", "tax_id_country", "tax_id"], condition=~Q(tax_id=""),
                name="provider_tax_id_unique_per_centre",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Location(CentreOwnedModel):
    """A place where a provider delivers services (HSDS location)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="locations", verbose_name=_("provider"))
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    area = models.CharField(_("area"), max_length=120, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    is_public = models.BooleanField(_("public"), default=True)
    hsds_id = models.CharField(
        _("HSDS id"), max_length=100, blank=True, db_index=True,
        help_text=_("The id of this record in the HSDS publication it was imported from."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "hsds_id"], condition=~Q(hsds_id=""), name="location_hsds_id_unique_per_centre"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Offering(CentreOwnedModel):
    """A service a provider offers: type, capacity, where, when, at what cost to the client."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("provider"))
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("service type")
    )
    name = models.CharField(
        _("name"), max_length=250, blank=True,
        help_text=_("The name shown in the public catalogue; empty: the service type's name."),
    )
    delivery_form = models.CharField(_("form of delivery"), max_length=20, choices=DeliveryForm.choices, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True, help_text=_("Text per language code."))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Clients at a time."))
    locations = models.ManyToManyField(Location, blank=True, related_name="offerings", verbose_name=_("locations"))
    schedule = models.CharField(_("schedule"), max_length=300, blank=True)
    cost = models.DecimalField(
        _("cost to the client"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("Per unit; empty when free or set by income."),
    )
    cost_note = models.CharField(_("cost note"), max_length=300, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_public = models.BooleanField(_("listed in the public catalogue"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    hsds_id = models.CharField(
        _("HSDS id"), max_length=100, blank=True, db_index=True,
        help_text=_("The id of this record in the HSDS publication it was imported from."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["provider__name", "service_type__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "hsds_id"], condition=~Q(hsds_id=""), name="offering_hsds_id_unique_per_centre"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} — {self.service_type}"


class Contact(CentreOwnedModel):
    """A published contact point of a provider (HSDS contact): a person or desk, with e-mail and phone.

    It belongs to the provider and, when it is the contact of one offering or one location, to that too.
    Only contacts marked public and belonging to public records are published.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("provider"))
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts", verbose_name=_("offering")
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    hsds_id = models.CharField(
        _("HSDS id"), max_length=100, blank=True, db_index=True,
        help_text=_("The id of this record in the HSDS publication it was imported from."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "hsds_id"], condition=~Q(hsds_id=""), name="contact_hsds_id_unique_per_centre"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.department or self.email or self.phone

    def clean(self) -> None:
        errors = {}
        if self.offering is not None and self.provider_id and self.offering.provider_id != self.provider_id:
            errors["offering"] = _("The offering must be the provider's.")
        if self.location is not None and self.provider_id and self.location.provider_id != self.provider_id:
            errors["location"] = _("The location must be the provider's.")
        if self.provider_id and self.centre_id and self.provider.centre_id != self.centre_id:
            errors["provider"] = _("The provider must be of the same centre.")
        if errors:
            raise ValidationError(errors)
