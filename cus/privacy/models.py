"""Processing purposes and the legal basis each rests on, per centre (GDPR Art. 6 and 9).

A purpose is something the centre does with a client's data beyond keeping the case file: sharing it with a
contracted provider, entering the client into an EU-funded project, asking about satisfaction... Each has a legal
basis configured per centre: a law, a task in the public interest, or the client's consent. Where the basis is
consent, the action is refused without a valid consent of the same name (``clients.ConsentKind`` has a kind for
every purpose), and withdrawing that consent stops the processing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel


class Purpose(models.TextChoices):
    """What the data is processed for; each value is also the kind of the consent that covers it."""

    DATA_PROCESSING = "data_processing", _("Case work: keeping and using the client's record")
    SPECIAL_CATEGORY = "special_category", _("Health, disability and other special-category data")
    SHARING_WITH_PROVIDERS = "sharing_with_providers", _("Sharing data with a contracted provider")
    EU_PROJECT = "eu_project", _("Taking part in an EU-funded project (ESF+)")
    SURVEYS = "surveys", _("Satisfaction surveys")
    ELECTRONIC_CONTACT = "electronic_contact", _("Contact by e-mail or text message")
    CONTACT_PERSONS = "contact_persons", _("Contacting family and named persons")
    PHOTOS = "photos", _("Photographs and publicity")


# The purposes CUS itself refuses to carry out without a valid consent when their basis is consent (the others are
# recorded and shown, and their consent is for the centre's staff to check outside CUS).
ENFORCED_PURPOSES = frozenset({Purpose.SHARING_WITH_PROVIDERS, Purpose.EU_PROJECT, Purpose.SURVEYS})


class LegalBasis(models.TextChoices):
    LAW = "law", _("A legal obligation")  # GDPR Art. 6(1)(c), with Art. 9(2)(b), (g) or (h) for special categories
    PUBLIC_TASK = "public_task", _("A task in the public interest")  # Art. 6(1)(e)
    CONSENT = "consent", _("The client's consent")  # Art. 6(1)(a), 9(2)(a)


class ProcessingPurpose(CentreOwnedModel):
    """The legal basis one centre relies on for one purpose, and where that basis is written down."""

    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=500,
        blank=True,
        help_text=_("The provisions the basis rests on, e.g. Art. 6(1)(e) GDPR and the national act."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("What the centre's staff should know."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("processing purpose")
        verbose_name_plural = _("processing purposes")
        ordering = ["purpose"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "purpose"], name="processing_purpose_once_per_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_legal_basis_display()}"
