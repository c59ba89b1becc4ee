"""Volunteers, their agreements and assignments, and the hours they give."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel, Country

# Polish law (the public-benefit and volunteering act, art. 44 and 46): an agreement for more than 30 days
# must be written; for 30 days or less the organisation itself insures the volunteer against accidents.
WRITTEN_AGREEMENT_AFTER_DAYS = 30


def _same_centre(errors: dict[str, Any], instance: models.Model, *fields: str) -> None:
    """Refuse a reference to another centre's row: each named relation must share the instance's centre."""
    for name in fields:
        related = getattr(instance, name) if getattr(instance, f"{name}_id") else None
        if related is not None and related.centre_id != instance.centre_id:  # type: ignore[attr-defined]
            errors[name] = _("Not found in this centre.")


def _list_of_labels(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and 0 < len(item.strip()) <= 100 for item in value)


class Volunteer(CentreOwnedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="volunteer_profiles",
        verbose_name=_("login"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.TextField(_("availability"), blank=True)
    area = models.CharField(_("area"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "user"], condition=Q(user__isnull=False), name="volunteer_one_profile_per_centre"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("skills", "languages"):
            if not _list_of_labels(getattr(self, name)):
                errors[name] = _("Give a list of short texts.")
        if errors:
            raise ValidationError(errors)


class VolunteerAgreement(CentreOwnedModel):
    """The written agreement (porozumienie): number, validity, scope, accident insurance."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="agreements")
    number = models.CharField(_("number"), max_length=60)
    start_date = models.DateField(_("valid from"))
    end_date = models.DateField(_("valid until"), null=True, blank=True)
    scope = models.TextField(_("scope"))
    insured = models.BooleanField(_("accident insurance"), default=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer agreement")
        verbose_name_plural = _("volunteer agreements")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="volunteer_agreement_number_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="volunteer_agreement_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def duration_days(self) -> int | None:
        """Days the agreement runs, both ends included; None when it has no end."""
        if self.end_date is None:
            return None
        return (self.end_date - self.start_date).days + 1

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        _same_centre(errors, self, "volunteer")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The agreement cannot end before it starts.")
        elif self.start_date and self.centre_id and self.centre.country == Country.POLAND:
            days = self.duration_days
            if (days is None or days > WRITTEN_AGREEMENT_AFTER_DAYS) and self.signed_on is None:
                errors["signed_on"] = _(
                    "An agreement for more than 30 days (or without an end) must be written: give the date it was signed."
                )
            elif days is not None and days <= WRITTEN_AGREEMENT_AFTER_DAYS and not self.insured:
                errors["insured"] = _(
                    "For an agreement of 30 days or less the centre must insure the volunteer against accidents."
                )
        if errors:
            raise ValidationError(errors)


class ActivityType(CentreOwnedModel):
    """A kind of volunteer activity, with the hourly rate at which its hours count as in-kind contribution."""

    name = models.CharField(_("name"), max_length=200)
    hourly_rate = models.DecimalField(_("hourly value"), max_digits=8, decimal_places=2)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer activity type")
        verbose_name_plural = _("volunteer activity types")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="activity_type_name_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.hourly_rate is not None and self.hourly_rate < 0:
            raise ValidationError({"hourly_rate": _("The hourly value cannot be negative.")})


class VolunteerAssignment(CentreOwnedModel):
    """A volunteer's task: with a client, or in a community activity."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="assignments")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="assignments")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="volunteer_assignments"
    )
    community_activity = models.CharField(_("community activity"), max_length=250, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer assignment")
        verbose_name_plural = _("volunteer assignments")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=False) | ~Q(community_activity=""),
                name="volunteer_assignment_has_a_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.activity_type}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.is_active and self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        _same_centre(errors, self, "volunteer", "activity_type", "client")
        if self.client_id is None and not self.community_activity.strip():
            errors["client"] = _("Choose a client or name a community activity.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The assignment cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class HoursStatus(models.TextChoices):
    LOGGED = "logged", _("Logged")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# Staff verify or reject logged hours; verified and rejected hours are final: a correction is a new entry.
HOURS_TRANSITIONS: dict[str, dict[str, str]] = {
    "verify": {HoursStatus.LOGGED: HoursStatus.VERIFIED},
    "reject": {HoursStatus.LOGGED: HoursStatus.REJECTED},
}

MINUTES_IN_A_DAY = 24 * 60


class VolunteerHours(CentreOwnedModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="hours")
    assignment = models.ForeignKey(
        VolunteerAssignment, on_delete=models.PROTECT, null=True, blank=True, related_name="hours"
    )
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="hours")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HoursStatus.choices, default=HoursStatus.LOGGED)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    client_uuid = models.UUIDField(_("client-generated id"), null=True, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        ordering = ["-date"]
        indexes = [models.Index(fields=["centre", "volunteer", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "client_uuid"], condition=Q(client_uuid__isnull=False), name="volunteer_hours_uuid_once"
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0, minutes__lte=1440), name="volunteer_hours_within_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.date} {self.minutes} min"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        _same_centre(errors, self, "volunteer", "assignment", "activity_type", "client")
        if self.minutes is not None and not 0 < self.minutes <= MINUTES_IN_A_DAY:
            errors["minutes"] = _("Give between 1 and 1440 minutes (one day).")
        if errors:
            raise ValidationError(errors)
