"""Writes on the client registry.

Every function takes the acting ``actor``, checks the role and the caseload rule, runs in one
transaction (nothing half-written), validates with ``full_clean`` and stamps history with the actor
and a reason. Errors are the domain errors of ``cus.core.errors``.

``records``: the client's record and what is kept under it (consents, contacts, referrals, assessments,
the access log); ``participations``: ESF+ participations. Callers use this package:
``from cus.clients import services; services.create_client(...)``.
"""

from __future__ import annotations

from .consents import CONSENT_MISSING, PurposeCoverage, consent_coverage, missing_consent, require_consent
from .merge import client_links, merge_clients
from .participations import (
    CORRECTABLE,
    ENTRY_SNAPSHOT,
    EXIT_RESULTS,
    FOLLOWUP_AFTER_MONTHS,
    FOLLOWUP_RESULTS,
    age_on,
    correct_participation,
    end_participation,
    followup_due,
    record_followup,
    start_participation,
)
from .records import (
    ASSESSMENT_FIELDS,
    CLIENT_FIELDS,
    CONSENT_FIELDS,
    CONTACT_FIELDS,
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    IDENTITY_FIELDS,
    REFERRAL_FIELDS,
    create_assessment,
    create_client,
    create_consent,
    create_contact,
    create_referral,
    record_client_access,
    record_client_reads,
    update_assessment,
    update_client,
    update_consent,
    update_contact,
    update_referral,
    withdraw_consent,
)

__all__ = [
    "ASSESSMENT_FIELDS",
    "CLIENT_FIELDS",
    "CONSENT_FIELDS",
    "CONSENT_MISSING",
    "CONTACT_FIELDS",
    "CORRECTABLE",
    "ENTRY_SNAPSHOT",
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_BYTES",
    "EXIT_RESULTS",
    "FOLLOWUP_AFTER_MONTHS",
    "FOLLOWUP_RESULTS",
    "IDENTITY_FIELDS",
    "REFERRAL_FIELDS",
    "PurposeCoverage",
    "age_on",
    "client_links",
    "consent_coverage",
    "correct_participation",
    "create_assessment",
    "create_client",
    "create_consent",
    "create_contact",
    "create_referral",
    "end_participation",
    "followup_due",
    "merge_clients",
    "missing_consent",
    "record_client_access",
    "record_client_reads",
    "record_followup",
    "require_consent",
    "start_participation",
    "update_assessment",
    "update_client",
    "update_consent",
    "update_contact",
    "update_referral",
    "withdraw_consent",
]
