"""Tenancy (Centre), users, memberships and roles, and the abstract bases every app builds on."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UUIDModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class TimeStampedModel(UUIDModel):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record several people edit: ``revision`` counts its saves, so a write made from an older read is refused
    (the API's ``ETag``/``If-Match``, see ``cus.api.versions``) instead of silently undoing another's change. (Not a
    plan's ``version``, which numbers the agreed versions of a plan.)"""

    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.revision = (self.revision or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


class CentreOwnedModel(TimeStampedModel):
    """A row of a centre's data: every selector filters it by the requesting user's centre."""

    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )

    class Meta:
        abstract = True


class Country(models.TextChoices):
    POLAND = "PL", _("Poland")
    CZECHIA = "CZ", _("Czechia")
    SLOVENIA = "SI", _("Slovenia")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    POLISH = "pl", _("Polish")
    CZECH = "cs", _("Czech")
    SLOVENIAN = "sl", _("Slovenian")


class Currency(models.TextChoices):
    PLN = "PLN", _("Polish złoty")
    CZK = "CZK", _("Czech koruna")
    EUR = "EUR", _("Euro")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Manager")
    COORDINATOR = "coordinator", _("Coordinator")
    PROVIDER = "provider", _("Provider staff")
    VOLUNTEER = "volunteer", _("Volunteer")
    AUDITOR = "auditor", _("Data-protection officer")
    PARTNER = "partner", _("Partner organisation staff")


class NotificationEmail(models.TextChoices):
    """How a user wants their notifications by e-mail (in the app they always see them)."""

    OFF = "off", _("No e-mails")
    IMMEDIATE = "immediate", _("One e-mail per notification, right away")
    DAILY_DIGEST = "daily_digest", _("One daily digest")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, by e-mail. What they may do is decided per centre by their Membership."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notification_email = models.CharField(
        _("notifications by e-mail"),
        max_length=12,
        choices=NotificationEmail.choices,
        default=NotificationEmail.DAILY_DIGEST,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


def default_mfa_roles() -> list[str]:
    """The roles that must sign in with a second factor unless a centre says otherwise."""
    return [Role.ADMIN.value, Role.MANAGER.value]


def validate_roles(value: Any) -> None:
    if not isinstance(value, list) or any(role not in Role.values for role in value):
        raise ValidationError(
            _("Give a list of roles, each one of: %(roles)s."), params={"roles": ", ".join(Role.values)}, code="invalid"
        )


class Centre(UUIDModel):
    """The tenant: the organisation that coordinates social services for a municipality."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Short code used in case references."))
    municipality = models.CharField(_("municipality"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Warsaw")
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to="centre-logos/", blank=True)
    mfa_required_roles = models.JSONField(
        _("roles that must use two-factor sign-in"),
        default=default_mfa_roles,
        blank=True,
        validators=[validate_roles],
        help_text=_("Members with one of these roles must set up two-factor sign-in before they can work."),
    )
    log_frequency_tolerance = models.PositiveSmallIntegerField(
        _("tolerance above the planned frequency (%)"),
        default=20,
        validators=[MaxValueValidator(500)],
        help_text=_(
            "A service log that takes a planned service's week, month or total this many per cent above the plan "
            "is accepted and flagged for the coordinator."
        ),
    )
    logs_need_confirmation = models.BooleanField(
        _("service logs need the coordinator's confirmation"),
        default=True,
        help_text=_(
            "When off, the logs of a submitted statement that are neither flagged nor disputed are confirmed on the "
            "day it is submitted."
        ),
    )
    auto_confirm_after_days = models.PositiveSmallIntegerField(
        _("confirm logs automatically after (days)"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "The logs of a submitted statement that are neither flagged nor disputed this many days after its "
            "submission are confirmed automatically; 0: never."
        ),
    )
    plans_need_approval = models.BooleanField(
        _("plans need a manager's approval"),
        default=False,
        help_text=_(
            "When on, a coordinator submits a draft plan for approval and only a plan a manager approved can be "
            "activated."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's role in one centre; provider staff also belong to one provider organisation, partner organisation
    staff to one partner of community planning."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("centre"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "catalogue.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_memberships",
        verbose_name=_("provider"),
    )
    partner = models.ForeignKey(
        "planning.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_memberships",
        verbose_name=_("partner organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["centre__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "centre"], name="membership_one_per_user_and_centre"),
            models.CheckConstraint(
                condition=(Q(role="provider", provider__isnull=False) | (~Q(role="provider") & Q(provider__isnull=True))),
                name="membership_provider_iff_provider_role",
                violation_error_message=_("Provider staff must belong to a provider; other roles must not."),
            ),
            models.CheckConstraint(
                condition=(Q(role="partner", partner__isnull=False) | (~Q(role="partner") & Q(partner__isnull=True))),
                name="membership_partner_iff_partner_role",
                violation_error_message=_(
                    "Partner organisation staff must belong to a partner; other roles must not."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.centre} ({self.get_role_display()})"


class TaskRunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class TaskRun(UUIDModel):
    """One background job's state, so the UI can show progress and results; the worker updates it."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("centre")
    )
    kind = models.CharField(_("kind"), max_length=40, help_text=_("What the job does, e.g. report or reminder_scan."))
    task_name = models.CharField(_("task name"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskRunStatus.choices, default=TaskRunStatus.QUEUED)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "kind", "-created_at"], name="taskrun_centre_kind_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.get_status_display()})"


class IdempotencyKey(CentreOwnedModel):
    """A client's ``Idempotency-Key`` for one endpoint and what its first request created: a retry gets that back.

    Keys are the user's own, per centre and endpoint (two users may pick the same key); the fingerprint tells
    a retry from a key reused for other content. Written and read only by ``cus.core.idempotency``.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    endpoint = models.CharField(_("endpoint"), max_length=100)  # the service it was sent to, e.g. "volunteers.log_hours"
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    result = models.JSONField(_("result"), default=list, blank=True)  # the ids of the rows created, in order

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "user", "endpoint", "key"], name="core_idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return self.key


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class Invitation(CentreOwnedModel):
    """An invitation to join a centre with a role, sent by e-mail; the person accepts it through the link.

    Adding someone to a centre never attaches or changes an existing account: the invitation is all the centre
    writes, whether or not the e-mail is known anywhere. The link's token is kept only as its SHA-256
    (``token_hash``); it works once, until ``expires_at``, unless revoked. Written by ``cus.core.invitations``.
    """

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("provider"),
    )
    partner = models.ForeignKey(
        "planning.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("partner organisation"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices,
        help_text=_("The language of the e-mail to someone new, and of their account."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("revoked by"),
    )

    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "email"], name="invitation_centre_email")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="provider", provider__isnull=False) | (~Q(role="provider") & Q(provider__isnull=True))),
                name="invitation_provider_iff_provider_role",
                violation_error_message=_("Provider staff must belong to a provider; other roles must not."),
            ),
            models.CheckConstraint(
                condition=(Q(role="partner", partner__isnull=False) | (~Q(role="partner") & Q(partner__isnull=True))),
                name="invitation_partner_iff_partner_role",
                violation_error_message=_(
                    "Partner organisation staff must belong to a partner; other roles must not."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    def status_at(self, now: Any) -> str:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= now:
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())
