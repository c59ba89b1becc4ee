"""API-wide serializer pieces: the model serializer every app builds on (dates, times and blank values as the
schema says), the one way a write's related fields are restricted to what the actor may name, and the schema of an
answer whose shape depends on the role."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from cus.core.context import Actor

from .fields import DateField, DateTimeField, TimeField

RelatedSelector = Callable[[Actor], QuerySet[Any]]
_M = TypeVar("_M", bound=models.Model)


# No docstrings on these bases: the schema would show them as the description of every serializer built on them.
# The model serializer of every app. Its model fields map to the API's own date, date-time and time fields
# (cus.api.fields: years 1900-2999 on input; times documented as they are written), and a read-only field keeps
# ``allow_blank`` from a model field with ``blank=True``, so the schema admits the empty string it may answer
# (DRF drops it from read-only fields: an e-mail, a URL or a choice left blank then broke the schema).
class ModelSerializer(serializers.ModelSerializer[_M]):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: DateField,
        models.DateTimeField: DateTimeField,
        models.TimeField: TimeField,
    }

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any],
    ) -> MutableMapping[str, Any]:
        blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


# Marks a serializer whose schema admits no other properties than its fields (``additionalProperties: false``):
# a reduced view of a record (what provider staff see of a client), which a fuller view of the same record
# would otherwise also match, so a ``oneOf`` of the two (``by_role``) could not tell them apart.
class ClosedSchema:
    pass


class ClosedSchemaExtension(OpenApiSerializerExtension):
    target_class = ClosedSchema
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        return schema


def by_role(component_name: str, *views: type[serializers.Serializer], many: bool = False) -> Any:
    """The schema of an answer that is one of ``views`` depending on who asks (a ``oneOf``): the full record for
    staff, a reduced one (a ``ClosedSchema``) for provider staff."""
    return PolymorphicProxySerializer(
        component_name=component_name, serializers=list(views), resource_type_field_name=None, many=many
    )


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


class ScopedModelWriteSerializer(ScopedRelations, ModelSerializer):  # fields and checks from the model
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
    hidden = serializers.BooleanField(
        help_text=_("The values are withheld from this reader: special-category data, shown only to the client's "
                    "coordinator and the data-protection officer.")
    )


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
