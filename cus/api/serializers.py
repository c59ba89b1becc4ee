"""API-wide serializer pieces."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from cus.core.context import Actor


class ScopedWriteSerializer(serializers.Serializer):
    """Input of a write: related fields offer only what the actor may name (``querysets``, by the serializer
    context's actor), so another centre's or another caseload's id is "does not exist"; an update (an
    ``instance`` is given) drops the ``fixed`` fields, which only a create may set."""

    fixed: tuple[str, ...] = ()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {}

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            for name, queryset in self.querysets(actor).items():
                field = fields[name]
                target: Any = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
                target.queryset = queryset
        if self.instance is not None:
            for name in self.fixed:
                fields.pop(name, None)
        return fields
