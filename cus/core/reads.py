"""Reads of client data, for the client's access log (GDPR accountability: who read what, when, from where and
for what purpose).

The API's shared layer (``cus.api.views.ScopedViewSet`` with ``logs_client_reads``) reports every read of a
client's data here, once per request and for every client on the page; the clients app, which keeps the access
log, installs the recorder from its ``AppConfig.ready()`` (the core imports no domain app). Until a recorder is
installed nothing is written, so tests of the core alone need no registry.

The purpose of a read is the reader's to state (the ``X-Access-Purpose`` header, one of ``AccessPurpose``); when
they do not, it is the one their role reads for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ValidationError
from .models import Role

PURPOSE_HEADER = "X-Access-Purpose"


class AccessPurpose(models.TextChoices):
    """Why client data was read."""

    CASE_WORK = "case_work", gettext_lazy("Case work")
    SERVICE_DELIVERY = "service_delivery", gettext_lazy("Delivering a service")
    MANAGEMENT = "management", gettext_lazy("Management and reporting")
    SUBJECT_REQUEST = "subject_request", gettext_lazy("A data subject's request")
    AUDIT = "audit", gettext_lazy("Data-protection audit")
    PLATFORM = "platform", gettext_lazy("Running the platform")


# The purpose a role reads for when the reader states none.
ROLE_PURPOSES: dict[str, str] = {
    Role.COORDINATOR: AccessPurpose.CASE_WORK,
    Role.PROVIDER: AccessPurpose.SERVICE_DELIVERY,
    Role.VOLUNTEER: AccessPurpose.SERVICE_DELIVERY,
    Role.MANAGER: AccessPurpose.MANAGEMENT,
    Role.ADMIN: AccessPurpose.MANAGEMENT,
    Role.AUDITOR: AccessPurpose.AUDIT,
}



def purpose_for(role: str, stated: str | None = None) -> str:
    """The purpose of a read: the stated one (a 400 naming the header if it is not one of ``AccessPurpose``),
    otherwise the role's."""
    stated = (stated or "").strip()
    if stated:
        if stated not in AccessPurpose.values:
            raise ValidationError(
                {PURPOSE_HEADER: _("Not a known purpose; one of: %(choices)s.") % {"choices": ", ".join(AccessPurpose.values)}}
            )
        return stated
    return ROLE_PURPOSES.get(role, AccessPurpose.PLATFORM)


@dataclass(frozen=True)
class Origin:
    """Where a read came from and why."""

    path: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    purpose: str = ""


@dataclass(frozen=True)
class Reads:
    """One request's reads: ``action`` (an ``AccessAction`` value) of records of kind ``what`` of these clients."""

    action: str
    what: str
    client_ids: tuple[UUID, ...]


Recorder = Callable[[Any, Reads, Origin], None]  # fn(actor, reads, origin)


class _Registry:
    recorder: Recorder | None = None


_registry = _Registry()


def install_recorder(recorder: Recorder) -> None:
    """Called by the clients app's ``ready()``: ``recorder`` writes the access log."""
    _registry.recorder = recorder


def record_reads(actor: Any, *, action: str, what: str, client_ids: Iterable[UUID | None], origin: Origin) -> None:
    """Write that ``actor`` read these clients' data (once per client; nothing for no client)."""
    ids = tuple(dict.fromkeys(client_id for client_id in client_ids if client_id is not None))
    if ids and _registry.recorder is not None:
        _registry.recorder(actor, Reads(action=action, what=what, client_ids=ids), origin)


def client_id_at(record: Any, path: str) -> Any:
    """The id of the client ``path`` reaches from ``record`` (``""``: the record is the client; ``"plan__client"``
    follows the plan), read from the foreign key's column so that no query is made for the last step."""
    if not path:
        return getattr(record, "pk", None)
    *steps, last = path.split("__")
    value: Any = record
    for step in steps:
        value = getattr(value, step, None)
        if value is None:
            return None
    if isinstance(value, dict):
        return value.get(f"{last}_id", value.get(last))
    return getattr(value, f"{last}_id", None)
