"""Pseudonyms for participant-level exports: a keyed hash (HMAC-SHA-256) per centre.

The same client always gets the same pseudonym in a centre's exports, so a funder can follow a participant
from report to report, but nobody without the centre's key can link it back to a name or national ID.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from uuid import UUID

from django.db import IntegrityError, transaction

from cus.core.models import Centre

from .models import PseudonymKey

PSEUDONYM_LENGTH = 16  # hex characters: 64 bits, no collision in any realistic centre


def centre_key(centre: Centre) -> bytes:
    """The centre's pseudonym key, created on first use (concurrent first uses agree on one key)."""
    found = PseudonymKey.objects.filter(centre=centre).values_list("key", flat=True).first()
    if found is not None:
        return bytes(found)
    try:
        with transaction.atomic():
            PseudonymKey.objects.create(centre=centre, key=secrets.token_bytes(32))
    except IntegrityError:
        pass
    return bytes(PseudonymKey.objects.values_list("key", flat=True).get(centre=centre))


def pseudonym(*, key: bytes, client_id: UUID | str) -> str:
    """The participant's pseudonym under ``key`` (see centre_key): deterministic, not reversible."""
    digest = hmac.new(key, str(client_id).encode(), hashlib.sha256).hexdigest()
    return "P-" + digest[:PSEUDONYM_LENGTH].upper()
