"""Community planning: the community plan (priorities, measures, activities, indicators), the needs raised by
partners and the public, partner organisations, and partnership meetings with decisions and follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel

# --- partners -------------------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    PROVIDER = "provider", _("Service provider")
    NGO = "ngo", _("Non-governmental organisation")
    EMPLOYER = "employer", _("Employer")
    SCHOOL = "school", _("School or educational institution")
    HEALTH = "health", _("Health care")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class Partner(CentreOwnedModel):
    """An organisation taking part in community planning; a provider may link its catalogue entry."""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("provider in the catalogue"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="partner_name_unique_per_centre")]

    def __str__(self) -> str:
        return self.name


# --- the community plan ---------------------------------------------------------------------------


class CommunityPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


# Action -> {from status: to status}. A draft is prepared by the planning group, adopted by the council, closed at its end.
COMMUNITY_PLAN_TRANSITIONS: dict[str, dict[str, str]] = {
    "adopt": {CommunityPlanStatus.DRAFT: CommunityPlanStatus.ADOPTED},
    "close": {CommunityPlanStatus.ADOPTED: CommunityPlanStatus.CLOSED},
}


class CommunityPlan(CentreOwnedModel):
    """The municipality's multi-year plan of which services to offer: priorities, measures, activities."""

    title = models.CharField(_("title"), max_length=250)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=10, choices=CommunityPlanStatus.choices, default=CommunityPlanStatus.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    status_reason = models.TextField(_("reason for the last status change"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community plan")
        verbose_name_plural = _("community plans")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="community_plan_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(CentreOwnedModel):
    plan = models.ForeignKey(
        CommunityPlan, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("community plan")
    )
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("E.g. 1 or A."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["sort_order", "code", "created_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Measure(CentreOwnedModel):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures", verbose_name=_("priority"))
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("E.g. 1.2."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["sort_order", "code", "created_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Activity(CentreOwnedModel):
    """What is done under a measure, by whom, for whom, through which service types."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="activities", verbose_name=_("measure"))
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("E.g. 1.2.3."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    responsible_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="activities",
        verbose_name=_("responsible partner"),
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    service_types = models.ManyToManyField(
        "catalogue.ServiceType", blank=True, related_name="+", verbose_name=_("service types")
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords(m2m_fields=[service_types])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["sort_order", "code", "created_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class IndicatorKind(models.TextChoices):
    DELIVERED_HOURS = "delivered_hours", _("Hours delivered")
    DELIVERED_UNITS = "delivered_units", _("Units delivered")
    PEOPLE_SERVED = "people_served", _("People served")
    PLANS_ACTIVE = "plans_active", _("Individual plans in progress")
    CONTRACTED_CAPACITY = "contracted_capacity", _("Contracted capacity per month")
    MANUAL = "manual", _("Entered by staff")


class IndicatorPeriod(models.TextChoices):
    PLAN = "plan", _("The plan's period")
    YEAR = "year", _("A calendar year")


class Indicator(CentreOwnedModel):
    """A target of an activity; its actual value is computed live from the case data (or entered by staff)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("activity")
    )
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=25, choices=IndicatorKind.choices)
    period = models.CharField(_("period"), max_length=10, choices=IndicatorPeriod.choices, default=IndicatorPeriod.PLAN)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit_label = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("E.g. hours, people, places."))
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="indicator_target_not_negative"),
            models.CheckConstraint(
                condition=Q(period="plan", year__isnull=True) | Q(period="year", year__isnull=False),
                name="indicator_year_iff_yearly",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(CentreOwnedModel):
    """A value of a ``manual`` indicator as of a date; the latest one in the indicator's period is its actual."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator"))
    date = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"


# --- needs raised by partners or the public ---------------------------------------------------------


class NeedSource(models.TextChoices):
    PARTNER = "partner", _("A partner organisation")
    PUBLIC = "public", _("The public")
    MEETING = "meeting", _("A partnership meeting")
    STAFF = "staff", _("The centre's staff")


class RaisedNeed(CentreOwnedModel):
    """An unmet need raised outside the case files (by a partner, at a meeting, by residents); never a client's."""

    source = models.CharField(_("raised by"), max_length=10, choices=NeedSource.choices)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="raised_needs", verbose_name=_("partner")
    )
    meeting = models.ForeignKey(
        "planning.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="raised_needs",
        verbose_name=_("meeting"),
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("service type"),
    )
    area = models.CharField(_("area / district"), max_length=120, blank=True)
    description = models.TextField(_("description"))
    people_estimate = models.PositiveIntegerField(_("people affected (estimate)"), null=True, blank=True)
    raised_on = models.DateField(_("raised on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    is_open = models.BooleanField(_("open"), default=True)
    answered_by = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="answered_needs",
        verbose_name=_("answered by the activity"),
        help_text=_("The activity of a community plan that answers the need."),
    )
    close_note = models.TextField(_("why it was closed"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("raised need")
        verbose_name_plural = _("raised needs")
        ordering = ["-raised_on", "-created_at"]

    def __str__(self) -> str:
        return self.description[:60]


# --- meetings -------------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


MEETING_TRANSITIONS: dict[str, dict[str, str]] = {
    "close": {MeetingStatus.PLANNED: MeetingStatus.HELD},
    "cancel": {MeetingStatus.PLANNED: MeetingStatus.CANCELLED},
}


class Meeting(CentreOwnedModel):
    """A partnership meeting (planning group, working group): participants, agenda, minutes, decisions."""

    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=250, blank=True)
    community_plan = models.ForeignKey(
        CommunityPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings",
        verbose_name=_("community plan"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="meetings", verbose_name=_("partners"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("centre staff taking part")
    )
    other_participants = models.TextField(_("other participants"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    status_reason = models.TextField(_("reason for the last status change"), blank=True)

    history = HistoricalRecords(m2m_fields=[partners, staff])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class Decision(CentreOwnedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting"))
    text = models.TextField(_("decision"))
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["sort_order", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


FOLLOW_UP_TRANSITIONS: dict[str, dict[str, str]] = {
    "complete": {FollowUpStatus.OPEN: FollowUpStatus.DONE},
}


class FollowUp(CentreOwnedModel):
    """An action agreed at a meeting: who (a user, or a partner's contact by name) does what by when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("meeting"))
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups",
        verbose_name=_("decision"),
    )
    description = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(
        _("owner (partner contact)"), max_length=200, blank=True, help_text=_("When the owner is not a user of CUS.")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("partner")
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("completed by"),
    )
    outcome = models.TextField(_("outcome"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["centre", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""), name="follow_up_has_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]
