"""No lost updates: the ``ETag`` of a record several people edit, and the ``If-Match`` that makes a write conditional.

A record whose model is ``cus.core.models.Versioned`` counts its saves in ``revision``. Reading it answers
``ETag: "<revision>"`` (and the body carries ``revision``, for the list rows and nested records a client edits);
a write that sends ``If-Match`` with an older revision is refused with 412 and told what happened since: the
record as it is now (``current``), its ``ETag``, who changed it and which fields. The check and the write happen
under a lock of the row, so two writes from the same read cannot both pass.

A write without ``If-Match`` is still accepted (API clients written before the header existed); the web UI sends
it on every edit of such a record.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from cus.core.errors import PreconditionFailed
from cus.core.history import BOOKKEEPING_FIELDS
from cus.core.models import Versioned

IF_MATCH = "If-Match"
_TAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*')


IF_MATCH_PARAMETER = OpenApiParameter(
    IF_MATCH, location=OpenApiParameter.HEADER, required=False, type=str,
    description=_('The ETag of the read the change was made from (e.g. "3"): an older one is refused with 412.'),
)


class ChangedFieldSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field (the metaclass takes it)


class ChangesSinceSerializer(serializers.Serializer):
    by = serializers.ListField(child=serializers.CharField(), help_text=_("Who changed the record since."))
    at = serializers.DateTimeField(allow_null=True, required=False, help_text=_("When it was last changed."))
    fields = ChangedFieldSerializer(many=True)  # type: ignore[assignment]  # a declared field, as above


class StaleRecordSerializer(serializers.Serializer):
    """The 412 answer to a write made from an older read."""

    detail = serializers.CharField()
    code = serializers.CharField()
    revision = serializers.IntegerField()
    etag = serializers.CharField()
    changes = ChangesSinceSerializer()
    current = serializers.DictField(help_text=_("The record as it is now, as a read shows it."))


def is_versioned(model: type[Model] | None) -> bool:
    return model is not None and issubclass(model, Versioned)


def etag_of(record: Versioned) -> str:
    return f'"{record.revision}"'


def wanted_revisions(request: Request) -> set[str] | None:
    """The revisions ``If-Match`` accepts (``{"*"}`` for any), or None when the request sets no condition."""
    header = request.headers.get(IF_MATCH)
    if header is None or not header.strip():
        return None
    if header.strip() == "*":
        return {"*"}
    tags = {match.group(1) for part in header.split(",") if (match := _TAG.fullmatch(part))}
    return tags or {""}  # a header that names no tag matches nothing


def is_current(request: Request, record: Versioned) -> bool:
    """Whether a write to ``record`` may go ahead: no ``If-Match``, ``*``, or one naming its revision now."""
    wanted = wanted_revisions(request)
    return wanted is None or "*" in wanted or str(record.revision) in wanted


def stale_record(request: Request, record: Versioned, *, current: dict[str, Any]) -> PreconditionFailed:
    """The 412 for a write made from another revision of ``record``: ``current`` is the record as a read renders it,
    answered with the refusal so the client can show it, with who changed what since the revision it names."""
    since = _known_revision(wanted_revisions(request) or set())
    return PreconditionFailed(
        _("Someone else changed this record after you opened it. Review their change, then make yours again."),
        code="stale_record",
        revision=record.revision,
        etag=etag_of(record),
        changes=changes_since(record, since) if since is not None else {"by": [], "fields": []},
        current=current,
    )


def _known_revision(wanted: set[str]) -> int | None:
    numbers = [int(tag) for tag in wanted if tag.isdigit()]
    return max(numbers) if numbers else None


def changes_since(record: Versioned, revision: int) -> dict[str, Any]:
    """Who changed ``record`` after ``revision`` and which of its fields differ (names and labels, no values: the
    values are in the record as it is now, rendered for the reader's role)."""
    history = record.history.model._default_manager  # type: ignore[attr-defined]
    rows = history.filter(id=record.pk).order_by("history_date", "history_id")
    before = rows.filter(revision__lte=revision).last()
    after = rows.last()
    users = (
        rows.filter(revision__gt=revision).exclude(history_user=None)
        .values_list("history_user__first_name", "history_user__last_name", "history_user__email").distinct()
    )
    fields: list[dict[str, str]] = []
    if before is not None and after is not None and before.pk != after.pk:
        for change in after.diff_against(before).changes:
            if change.field in BOOKKEEPING_FIELDS:
                continue
            field = type(record)._meta.get_field(change.field)
            fields.append({"field": change.field, "label": str(getattr(field, "verbose_name", change.field))})
    return {
        "by": sorted({f"{first} {last}".strip() or email for first, last, email in users}),
        "at": after.history_date.isoformat() if after is not None else None,
        "fields": fields,
    }
