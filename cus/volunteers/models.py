"""Volunteers, their agreements and assignments, and the hours they give."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel


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


class HoursStatus(models.TextChoices):
    LOGGED = "logged", _("Logged")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


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
