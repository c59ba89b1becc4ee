"""The client registry: clients, consents, contact persons, referrals, needs assessments, access log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel, Language, Versioned
from cus.core.reads import AccessPurpose


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Non-binary / other")


class NationalIdCountry(models.TextChoices):
    POLAND = "PL", _("Poland (PESEL)")
    CZECHIA = "CZ", _("Czechia (birth number)")
    SLOVENIA = "SI", _("Slovenia (EMŠO)")
    OTHER = "XX", _("Other (not validated)")


class ClientStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another record")


class LabourMarketStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE = "inactive", _("Inactive")
    IN_EDUCATION = "in_education", _("In education or training")


class EducationLevel(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("ISCED 0–2 (primary or lower secondary)")
    ISCED_3_4 = "isced_3_4", _("ISCED 3–4 (upper secondary or post-secondary)")
    ISCED_5_8 = "isced_5_8", _("ISCED 5–8 (tertiary)")


class ClosureReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Goals achieved")
    MOVED_AWAY = "moved_away", _("Moved away")
    DIED = "died", _("Died")
    REFUSED = "refused", _("Refused further services")
    TRANSFERRED = "transferred", _("Transferred to another service")
    PROJECT_ENDED = "project_ended", _("End of project")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Withdrew consent")
    OTHER = "other", _("Other")


class Client(Versioned, CentreOwnedModel):
    """A resident who receives or asks for services (a participant, for the funder)."""

    # Special-category data (GDPR Art. 9) and the national identifier: never in a list, and their old values in
    # the history only for the client's coordinator and the data-protection officer (cus.core.history).
    SPECIAL_CATEGORY_FIELDS = frozenset({
        "national_id", "has_disability", "minority", "third_country_national", "foreign_background",
        "homeless_or_housing_exclusion", "health_summary", "mobility", "risks", "access_notes", "exit_situation",
    })

    # Indexed by the composite indexes (and unique constraints) that lead with it: no index of its own to write.
    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )

    reference = models.CharField(_("case reference"), max_length=40, editable=False)
    # identity
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    national_id = models.CharField(_("national ID"), max_length=20, blank=True)
    national_id_country = models.CharField(
        _("national ID country"), max_length=2, choices=NationalIdCountry.choices, blank=True
    )
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True, help_text=_("ISO 3166 country code."))
    # contact
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    area = models.CharField(_("area / district"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("preferred language"), max_length=5, choices=Language.choices, blank=True)
    # household
    lives_alone = models.BooleanField(_("lives alone"), null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    dependants = models.PositiveSmallIntegerField(_("dependants"), null=True, blank=True)
    carer_name = models.CharField(_("carer"), max_length=200, blank=True, help_text=_("Family member who cares."))
    carer_phone = models.CharField(_("carer's phone"), max_length=40, blank=True)
    # ESF+ participant attributes (captured at entry; frozen per participation by the reports)
    labour_market_status = models.CharField(
        _("labour-market status"), max_length=30, choices=LabourMarketStatus.choices, blank=True
    )
    education_level = models.CharField(_("education level"), max_length=20, choices=EducationLevel.choices, blank=True)
    has_disability = models.BooleanField(_("with disabilities"), null=True, blank=True)
    third_country_national = models.BooleanField(_("third-country national"), null=True, blank=True)
    foreign_background = models.BooleanField(_("foreign background"), null=True, blank=True)
    minority = models.BooleanField(_("minority (incl. Roma)"), null=True, blank=True)
    homeless_or_housing_exclusion = models.BooleanField(
        _("homeless or affected by housing exclusion"), null=True, blank=True
    )
    rural_area = models.BooleanField(_("from a rural area"), null=True, blank=True)
    # situation (special-category data; providers see only the access notes)
    health_summary = models.TextField(_("health and care needs"), blank=True)
    mobility = models.TextField(_("mobility"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    access_notes = models.TextField(_("access notes for home visits"), blank=True)
    # case
    status = models.CharField(_("status"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.REFERRED)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("coordinator"),
    )
    closure_reason = models.CharField(_("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True)
    exit_situation = models.TextField(_("situation on leaving"), blank=True)
    closed_at = models.DateField(_("closed on"), null=True, blank=True)
    distinct_from = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("confirmed as different persons"),
        help_text=_("Records a coordinator confirmed are not the same person despite a matching name."),
    )
    # One person, one record: a record found to be another's duplicate is merged into it (``services.merge_clients``)
    # and kept, unusable, for its history; whatever pointed to it points to the survivor.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="absorbed",
        verbose_name=_("merged into"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "reference"], name="client_reference_unique"),
            # A national ID names one person: one live record per centre (no override; a merged record keeps its
            # old value for the history).
            models.UniqueConstraint(
                fields=["centre", "national_id"],
                condition=~models.Q(national_id="") & models.Q(merged_into__isnull=True),
                name="client_national_id_unique_in_centre",
                violation_error_code="national_id_taken",
                violation_error_message=_("A client with this national ID is already registered in this centre."),
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "last_name", "first_name"]),
            models.Index(fields=["centre", "national_id"]),
            models.Index(fields=["centre", "birth_date"]),
            models.Index(fields=["centre", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.reference})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CaseReferenceCounter(models.Model):
    """The last case number given out per centre and year (locked row: no duplicate references)."""

    centre = models.ForeignKey(  # the unique (centre, year) serves it
        "core.Centre", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "year"], name="case_reference_counter_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ConsentKind(models.TextChoices):
    """What a consent allows: one kind per processing purpose (``cus.privacy.models.Purpose``, same values)."""

    DATA_PROCESSING = "data_processing", _("Processing of personal data")
    SPECIAL_CATEGORY = "special_category", _("Processing of special-category data (health, disability)")
    SHARING_WITH_PROVIDERS = "sharing_with_providers", _("Sharing data with named providers")
    EU_PROJECT = "eu_project", _("Taking part in an EU-funded project")
    CONTACT_PERSONS = "contact_persons", _("Contacting family and named persons")
    PHOTOS = "photos", _("Photos and publicity")
    SURVEYS = "surveys", _("Satisfaction surveys")
    ELECTRONIC_CONTACT = "electronic_contact", _("Contact by e-mail or text message")


class Consent(CentreOwnedModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("client"))
    kind = models.CharField(_("kind"), max_length=30, choices=ConsentKind.choices)
    scope = models.TextField(_("scope"), blank=True)
    providers = models.ManyToManyField(
        "catalogue.Provider", blank=True, related_name="+", verbose_name=_("providers it covers")
    )
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="consents/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class ContactPerson(CentreOwnedModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("client"))
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_emergency_contact = models.BooleanField(_("emergency contact"), default=False)
    is_legal_guardian = models.BooleanField(_("legal guardian"), default=False)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferralSource(models.TextChoices):
    SELF = "self", _("The person's own request")
    FAMILY = "family", _("Family")
    HOSPITAL = "hospital", _("Hospital or doctor")
    SCHOOL = "school", _("School")
    POLICE = "police", _("Police")
    COURT = "court", _("Court")
    NGO = "ngo", _("NGO")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    OTHER = "other", _("Other")


class Referral(CentreOwnedModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("client"))
    source = models.CharField(_("source"), max_length=20, choices=ReferralSource.choices)
    source_name = models.CharField(_("referred by"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.date})"


class LifeArea(models.TextChoices):
    SELF_CARE = "self_care", _("Self-care")
    MOBILITY = "mobility", _("Mobility")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    FINANCES = "finances", _("Finances")
    RELATIONS = "relations", _("Family and social relations")
    EMPLOYMENT_EDUCATION = "employment_education", _("Employment and education")
    SAFETY = "safety", _("Safety")
    LEISURE = "leisure", _("Leisure")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class Assessment(Versioned, CentreOwnedModel):
    """A needs assessment: areas of life scored and described, needs mapped to service types."""

    SPECIAL_CATEGORY_FIELDS = frozenset({"summary", "score", "description"})  # health and social situation

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("client"))
    date = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    status = models.CharField(_("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.client} — {self.date}"


class AssessmentArea(CentreOwnedModel):
    """One area of life in an assessment: 0 (no difficulty) to 4 (cannot manage without help)."""

    SPECIAL_CATEGORY_FIELDS = frozenset({"summary", "score", "description"})  # health and social situation

    assessment = models.ForeignKey(  # the unique assessment_area_once serves it
        Assessment, on_delete=models.CASCADE, related_name="areas", db_index=False
    )
    area = models.CharField(_("area"), max_length=30, choices=LifeArea.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessed area")
        verbose_name_plural = _("assessed areas")
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="assessment_area_once"),
            models.CheckConstraint(condition=models.Q(score__lte=4), name="assessment_area_score_0_4"),
        ]


class NeedPriority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class IdentifiedNeed(CentreOwnedModel):
    """A need found in an assessment, mapped to a service type: a candidate planned service."""

    SPECIAL_CATEGORY_FIELDS = frozenset({"summary", "score", "description"})  # health and social situation

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(_("area"), max_length=30, choices=LifeArea.choices)
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=NeedPriority.choices, default=NeedPriority.MEDIUM)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identified need")
        verbose_name_plural = _("identified needs")
        ordering = ["area"]


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed the record")
    LIST = "list", _("Saw the record in a list")
    SEARCH = "search", _("Found by national ID")
    HISTORY = "history", _("Viewed the history")
    EXPORT = "export", _("Exported the record")


class ClientAccessLog(models.Model):
    """Who read a client's record, when, how and from where (GDPR accountability). Append-only."""

    id = models.BigAutoField(primary_key=True)
    centre = models.ForeignKey(  # the indexes (centre, -at) and (centre, user, -at) serve it
        "core.Centre", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    client = models.ForeignKey(  # the index (client, -at) serves it
        Client, on_delete=models.CASCADE, related_name="access_log", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    what = models.CharField(_("what was read"), max_length=40, blank=True, help_text=_("The kind of record read."))
    purpose = models.CharField(_("purpose"), max_length=20, choices=AccessPurpose.choices, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("client access log entry")
        verbose_name_plural = _("client access log")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["client", "-at"]),
            models.Index(fields=["centre", "-at"], name="access_log_centre_at"),
            models.Index(fields=["centre", "user", "-at"], name="access_log_centre_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.client_id} at {self.at:%Y-%m-%d %H:%M}"


class Participation(CentreOwnedModel):
    """A client's participation in a funded project (ESF+): the situation at entry and at exit, frozen.

    Funder reports count from these snapshots, never from today's client record: the entry fields are
    copied from the client when the participation starts and do not change when the client record does.
    """

    SPECIAL_CATEGORY_FIELDS = frozenset({
        "entry_has_disability", "entry_third_country_national", "entry_foreign_background", "entry_minority",
        "entry_homeless_or_housing_exclusion",
    })

    # Indexed by the composite indexes that lead with it: no index of its own to write.
    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="participations", verbose_name=_("client")
    )
    funding_source = models.ForeignKey(
        "contracts.FundingSource",
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("project"),
    )
    entry_date = models.DateField(_("entry date"))
    # The situation at entry (ESF+ common output indicators), copied from the client and frozen.
    entry_age = models.PositiveSmallIntegerField(_("age at entry"))
    entry_sex = models.CharField(_("sex at entry"), max_length=10, choices=Sex.choices)
    entry_labour_market_status = models.CharField(
        _("labour-market status at entry"), max_length=25, choices=LabourMarketStatus.choices, blank=True
    )
    entry_education_level = models.CharField(
        _("education level at entry"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    entry_has_disability = models.BooleanField(_("with disabilities at entry"), null=True, blank=True)
    entry_third_country_national = models.BooleanField(_("third-country national at entry"), null=True, blank=True)
    entry_foreign_background = models.BooleanField(_("foreign background at entry"), null=True, blank=True)
    entry_minority = models.BooleanField(_("minority at entry"), null=True, blank=True)
    entry_homeless_or_housing_exclusion = models.BooleanField(
        _("homeless or in housing exclusion at entry"), null=True, blank=True
    )
    entry_rural_area = models.BooleanField(_("from a rural area at entry"), null=True, blank=True)
    # The situation at exit (ESF+ common immediate result indicators).
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=20, choices=ClosureReason.choices, blank=True)
    exit_job_searching = models.BooleanField(_("engaged in job searching at exit"), null=True, blank=True)
    exit_in_education_or_training = models.BooleanField(_("in education or training at exit"), null=True, blank=True)
    exit_gained_qualification = models.BooleanField(_("gained a qualification at exit"), null=True, blank=True)
    exit_in_employment = models.BooleanField(_("in employment at exit"), null=True, blank=True)
    # Longer-term result indicators, six months after leaving.
    followup_in_employment = models.BooleanField(_("in employment six months after leaving"), null=True, blank=True)
    followup_improved_situation = models.BooleanField(
        _("improved labour-market situation six months after leaving"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project participation")
        verbose_name_plural = _("project participations")
        ordering = ["-entry_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "funding_source"],
                condition=models.Q(exit_date__isnull=True),
                name="participation_one_open_per_client_and_project",
            ),
            models.CheckConstraint(
                condition=models.Q(exit_date__isnull=True) | models.Q(exit_date__gte=models.F("entry_date")),
                name="participation_exit_not_before_entry",
            ),
        ]
        indexes = [models.Index(fields=["centre", "entry_date"]), models.Index(fields=["centre", "exit_date"])]

    def __str__(self) -> str:
        return f"{self.client} – {self.funding_source}"
