"""Retries of a create: one ``Idempotency-Key`` helper for every endpoint that accepts one.

A client that may send a request twice (a phone on a weak network, a bulk import restarted) sends a key of
its choosing in the ``Idempotency-Key`` header. The same semantics everywhere:

- a retry (the same key with the same content) returns what the first request created, and creates nothing:
  the service answers ``created=False`` and the view 200 instead of 201;
- the same key with other content is a conflict (409, code ``idempotency_key_reused``, ``field`` naming the
  header);
- keys are the user's own, per centre and endpoint: two users (or two endpoints) may use the same key;
- a request that was refused leaves no key behind: its retry is checked again;
- two requests with the same key at once: the second waits for the first (on PostgreSQL the key's row is
  inserted first, and a second insert of it waits for the first transaction), then gets its result.

A service wraps its create in ``once``, inside its transaction::

    rows, created = idempotency.once(
        actor=actor, endpoint="volunteers.log_hours", key=idempotency_key,
        fingerprint=idempotency.fingerprint(content), model=VolunteerHours,
        create=lambda: ([hours := _log(...)], True),
    )

A client-generated id on a row (``client_uuid``: an offline client's id for its row) is another matter: each
app keeps its own rule for a row sent twice under the same id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from .context import Actor
from .errors import Conflict, ValidationError
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def clean_key(key: str | None) -> str:
    """The key as sent, without surrounding blanks ("" when none was sent); a 400 naming the header if too long."""
    key = (key or "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError({HEADER: _("The key may have at most %(max)d characters.") % {"max": MAX_KEY_LENGTH}})
    return key


def fingerprint(content: Any) -> str:
    """A hash of a request's content (anything JSON can write; dates, UUIDs and decimals as text)."""
    text = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def once[M: Model](
    *,
    actor: Actor,
    endpoint: str,
    key: str | None,
    fingerprint: str,
    model: type[M],
    create: Callable[[], tuple[Sequence[M], bool]],
) -> tuple[list[M], bool]:
    """Run ``create`` once per key: returns its rows and whether it created any now.

    Without a key, ``create`` simply runs. With one, a retry gets the rows of the first request back (in
    their order, as they are now) with ``False``; the same key with another ``fingerprint`` is a
    ``Conflict``. ``create`` returns the rows it stands for and whether it created them (it may return rows
    created earlier, e.g. found by a client-generated id). Call it inside the service's transaction: if
    ``create`` raises, the key is rolled back with everything else.
    """
    key = clean_key(key)
    if not key:
        rows, created = create()
        return list(rows), created
    with transaction.atomic():
        record, first = _claim(actor, endpoint, key, fingerprint)
        if first is not None:
            return _rows(model, first), False
        rows, created = create()
        record.result = [str(row.pk) for row in rows]
        record.save(update_fields=["result", "updated_at"])
        return list(rows), created


def _claim(actor: Actor, endpoint: str, key: str, fingerprint: str) -> tuple[IdempotencyKey, list[str] | None]:
    """The key's record, and the ids of the first result when the key was used before (None: it is new)."""
    lookup = {"centre_id": actor.centre_id, "user": actor.user, "endpoint": endpoint, "key": key}
    found = IdempotencyKey.objects.filter(**lookup).first()
    if found is None:
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(**lookup, fingerprint=fingerprint), None
        except IntegrityError:  # the same key sent twice at once: the other request committed first
            found = IdempotencyKey.objects.get(**lookup)
    if found.fingerprint != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was already used for a different request."),
            code="idempotency_key_reused", field=HEADER,
        )
    return found, [str(pk) for pk in found.result]


def _rows[M: Model](model: type[M], ids: list[str]) -> list[M]:
    found = {str(pk): row for pk, row in model._default_manager.in_bulk(ids).items()}
    return [found[pk] for pk in ids if pk in found]
