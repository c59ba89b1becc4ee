"""API-wide serializer pieces: the one way a write's related fields are restricted to what the actor may name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cus.core.context import Actor

RelatedSelector = Callable[[Actor], QuerySet[Any]]


# No docstrings on these bases: the schema would show them as the description of every serializer built on them.
# Mixin for an input serializer (plain or model): each field named in ``related`` offers only the rows
# its selector gives the serializer context's actor, so another centre's or another caseload's id reads as
# "does not exist"; without an actor it offers nothing. An update (an ``instance`` is given) drops the
# ``fixed`` fields, which only a create may set (the client a consent belongs to, the plan of a goal).
#
# Selectors come from the owning app's ``selectors`` (``selectors.clients_for``) or, for "any row of the
# actor's centre", from ``cus.core.access.in_centre(Model)``.
class ScopedRelations:
    related: ClassVar[dict[str, RelatedSelector]] = {}
    fixed: ClassVar[tuple[str, ...]] = ()

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        actor: Actor | None = self.context.get("actor")  # type: ignore[attr-defined]
        for name, selector in self.related.items():
            field = fields.get(name)
            if field is None:
                continue
            target: Any = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            target.queryset = selector(actor) if actor is not None else target.queryset.none()
        if self.instance is not None:  # type: ignore[attr-defined]
            for name in self.fixed:
                fields.pop(name, None)
        return fields


class ScopedWriteSerializer(ScopedRelations, serializers.Serializer):  # a plain input serializer
    pass


class ScopedModelWriteSerializer(ScopedRelations, serializers.ModelSerializer):  # fields and checks from the model
    pass



class UserRefSerializer(serializers.Serializer):
    """A user named on a record: id and name."""

    id = serializers.UUIDField()
    name = serializers.CharField(source="__str__")


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text=_("The field's name in the API."))
    label = serializers.CharField(help_text=_("The field's name in the reader's language."))  # type: ignore[assignment]
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)
    old_display = serializers.CharField(allow_null=True, help_text=_("The old value as a reader reads it."))
    new_display = serializers.CharField(allow_null=True, help_text=_("The new value as a reader reads it."))


class TimelineEntrySerializer(serializers.Serializer):
    """One change on a timeline (cus.core.history): every history endpoint answers pages of these."""

    at = serializers.DateTimeField()
    user = UserRefSerializer(allow_null=True)
    model = serializers.CharField(help_text=_("What changed: client, consent, plan, goal, standard, ..."))
    model_label = serializers.CharField(help_text=_("What changed, in the reader's language."))
    object_id = serializers.UUIDField()
    change_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField()
    changes = FieldChangeSerializer(many=True)
    version = serializers.IntegerField(
        allow_null=True, help_text=_("The plan's version once the change was made; null outside plans.")
    )
