"""Serializers and views (thin: parse, call a service or selector, render)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.views import ActorMixin
from cus.clients.models import Client
from cus.core.access import scope
from cus.core.context import Actor
from cus.core.models import User

from . import selectors, services
from .models import (
    MINUTES_IN_A_DAY,
    ActivityType,
    HoursStatus,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
)

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def parse_month(value: str) -> dt.date:
    """The first day of a ``YYYY-MM`` month; ValueError for anything else."""
    if not MONTH_PATTERN.match(value):
        raise ValueError(value)
    return dt.date(int(value[:4]), int(value[5:7]), 1)


class MonthField(serializers.CharField):
    """A month written ``YYYY-MM``, read as the first day of that month."""

    def to_internal_value(self, data: Any) -> dt.date:  # type: ignore[override]
        try:
            return parse_month(str(super().to_internal_value(data)))
        except ValueError:
            raise serializers.ValidationError(_("Give a month as YYYY-MM.")) from None


class MonthFormField(forms.CharField):
    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_month(text)
        except ValueError:
            raise forms.ValidationError(_("Give a month as YYYY-MM.")) from None


@extend_schema_field(OpenApiTypes.STR)
class MonthFilter(filters.Filter):
    """Rows whose date falls in the month given as ``YYYY-MM``."""

    field_class = MonthFormField

    def filter(self, qs: QuerySet[Any], value: dt.date | None) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__year": value.year, f"{self.field_name}__month": value.month})


# --- serializers: reading ----------------------------------------------------------------------

class VolunteerSerializer(serializers.ModelSerializer):
    skills = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Volunteer
        fields = ["id", "user", "first_name", "last_name", "email", "phone", "birth_date", "skills", "languages",
                  "availability", "area", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class VolunteerAgreementSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.full_name", read_only=True)
    duration_days = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = VolunteerAgreement
        fields = ["id", "volunteer", "volunteer_name", "number", "start_date", "end_date", "duration_days", "scope",
                  "insured", "signed_on", "created_at", "updated_at"]
        read_only_fields = fields


class VolunteerActivityTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityType
        fields = ["id", "name", "hourly_rate", "is_active"]
        read_only_fields = fields


class VolunteerAssignmentSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.full_name", read_only=True)
    activity_type_name = serializers.CharField(source="activity_type.name", read_only=True)
    # The client's name only: all a volunteer may learn of the client they help.
    client_name = serializers.CharField(source="client.full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = VolunteerAssignment
        fields = ["id", "volunteer", "volunteer_name", "activity_type", "activity_type_name", "client", "client_name",
                  "community_activity", "start_date", "end_date", "note", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class VolunteerHoursSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.full_name", read_only=True)
    activity_type_name = serializers.CharField(source="activity_type.name", read_only=True)
    client_name = serializers.CharField(source="client.full_name", read_only=True, default=None, allow_null=True)
    verified_by_name = serializers.CharField(
        source="verified_by.get_full_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = VolunteerHours
        fields = ["id", "volunteer", "volunteer_name", "date", "minutes", "activity_type", "activity_type_name",
                  "assignment", "client", "client_name", "note", "status", "status_reason", "verified_by",
                  "verified_by_name", "verified_at", "client_uuid", "logged_by", "created_at", "updated_at"]
        read_only_fields = fields


class VolunteerHoursTotalSerializer(serializers.Serializer):
    volunteer = serializers.UUIDField(source="volunteer_id")
    volunteer_name = serializers.CharField()
    month = serializers.SerializerMethodField()
    activity_type = serializers.UUIDField(source="activity_type_id")
    activity_type_name = serializers.CharField()
    hourly_rate = serializers.DecimalField(max_digits=8, decimal_places=2)
    entries = serializers.IntegerField()
    minutes = serializers.IntegerField(help_text=_lazy("Logged and verified minutes (rejected ones never count)."))
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    verified_minutes = serializers.IntegerField()
    verified_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    logged_minutes = serializers.IntegerField(help_text=_lazy("Minutes still waiting for verification."))
    logged_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text=_lazy("In-kind value: verified hours at the activity's hourly rate.")
    )

    def get_month(self, row: selectors.HoursTotal) -> str:
        return row.month.strftime("%Y-%m")


class VolunteerHoursSumSerializer(serializers.Serializer):
    minutes = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    verified_minutes = serializers.IntegerField()
    verified_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    logged_minutes = serializers.IntegerField()
    logged_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class VolunteerHoursTotalsSerializer(serializers.Serializer):
    currency = serializers.CharField()
    results = VolunteerHoursTotalSerializer(many=True)
    total = VolunteerHoursSumSerializer()


# --- serializers: writing ----------------------------------------------------------------------


class ScopedRelationsMixin(serializers.Serializer):
    """Related fields accept only rows of the actor's centre: another centre's id reads as unknown."""

    scoped: dict[str, type[Model]] = {}

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        actor: Actor | None = self.context.get("actor")
        for name, model in self.scoped.items():
            if name in fields:
                queryset = model._default_manager.all()
                fields[name].queryset = scope(queryset, actor) if actor else queryset.none()
        return fields


class VolunteerWriteSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True,
        help_text=_lazy("The volunteer's login: a member of the centre with the volunteer role."),
    )
    skills = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    class Meta:
        model = Volunteer
        fields = ["user", "first_name", "last_name", "email", "phone", "birth_date", "skills", "languages",
                  "availability", "area", "is_active"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        actor: Actor | None = self.context.get("actor")
        fields["user"].queryset = (
            User.objects.filter(memberships__centre_id=actor.centre_id) if actor else User.objects.none()
        )
        return fields


class VolunteerAgreementWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = VolunteerAgreement
        fields = ["number", "start_date", "end_date", "scope", "insured", "signed_on"]
        validators: list[Any] = []  # uniqueness is the service's (409, not 400)


class VolunteerAgreementCreateSerializer(ScopedRelationsMixin, VolunteerAgreementWriteSerializer):
    scoped = {"volunteer": Volunteer}

    class Meta(VolunteerAgreementWriteSerializer.Meta):
        fields = ["volunteer", *VolunteerAgreementWriteSerializer.Meta.fields]


class VolunteerActivityTypeWriteSerializer(serializers.ModelSerializer):
    hourly_rate = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)

    class Meta:
        model = ActivityType
        fields = ["name", "hourly_rate", "is_active"]
        validators: list[Any] = []  # uniqueness is the service's (409, not 400)


class VolunteerAssignmentWriteSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped = {"volunteer": Volunteer, "activity_type": ActivityType, "client": Client}

    class Meta:
        model = VolunteerAssignment
        fields = ["activity_type", "client", "community_activity", "start_date", "end_date", "note", "is_active"]


class VolunteerAssignmentCreateSerializer(VolunteerAssignmentWriteSerializer):
    class Meta(VolunteerAssignmentWriteSerializer.Meta):
        fields = ["volunteer", *VolunteerAssignmentWriteSerializer.Meta.fields]


class VolunteerHoursWriteSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped = {"volunteer": Volunteer, "activity_type": ActivityType, "assignment": VolunteerAssignment,
              "client": Client}
    minutes = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_A_DAY)

    class Meta:
        model = VolunteerHours
        fields = ["date", "minutes", "activity_type", "assignment", "client", "note"]
        extra_kwargs: dict[str, dict[str, Any]] = {"activity_type": {"required": False, "allow_null": True}}


class VolunteerHoursCreateSerializer(VolunteerHoursWriteSerializer):
    class Meta(VolunteerHoursWriteSerializer.Meta):
        fields = ["volunteer", "client_uuid", *VolunteerHoursWriteSerializer.Meta.fields]
        extra_kwargs: dict[str, dict[str, Any]] = {
            **VolunteerHoursWriteSerializer.Meta.extra_kwargs,
            "volunteer": {"required": False, "help_text": _lazy("Staff name the volunteer; a volunteer logs their own.")},
        }
        validators: list[Any] = []  # a repeated client_uuid is a retry, not an error


class VolunteerHoursReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class VolunteerHoursRejectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class VolunteerHoursTotalsQuerySerializer(serializers.Serializer):
    month = MonthField(required=False, help_text=_lazy("A month, as YYYY-MM."))
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    volunteer = serializers.UUIDField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "date_from" in attrs and "date_to" in attrs and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": _("The end of the period is before its start.")})
        return attrs


# --- views ---------------------------------------------------------------------------------------


class ServiceViewSet(ActorMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reads through a selector; writes parse an input serializer and call a service, then render the output."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    create_serializer_class: type[serializers.Serializer]
    update_serializer_class: type[serializers.Serializer]

    def parse(self, serializer_class: type[serializers.Serializer], *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create_with(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update_with(self, instance: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.create_with(self.parse(self.create_serializer_class))
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        instance = self.update_with(instance, self.parse(self.update_serializer_class, partial=True))
        return Response(self.get_serializer(instance).data)


def _writes(create: type[serializers.Serializer], update: type[serializers.Serializer], output: type) -> Any:
    return extend_schema_view(
        create=extend_schema(request=create, responses={201: output}),
        partial_update=extend_schema(request=update, responses=output),
    )


@_writes(VolunteerWriteSerializer, VolunteerWriteSerializer, VolunteerSerializer)
class VolunteerViewSet(ServiceViewSet):
    """Volunteer-centre staff manage the centre's volunteers; a volunteer sees and edits their own profile."""

    queryset = Volunteer.objects.none()  # for the schema; requests use get_queryset
    serializer_class = VolunteerSerializer
    create_serializer_class = update_serializer_class = VolunteerWriteSerializer
    filterset_fields = ["is_active"]
    search_fields = ["first_name", "last_name", "email"]
    ordering_fields = ["last_name", "first_name", "created_at"]

    def get_queryset(self) -> QuerySet[Volunteer]:
        return selectors.volunteers_for(self.actor)

    def create_with(self, data: dict[str, Any]) -> Volunteer:
        return services.create_volunteer(actor=self.actor, **data)

    def update_with(self, instance: Volunteer, data: dict[str, Any]) -> Volunteer:
        return services.update_volunteer(actor=self.actor, volunteer=instance, **data)


class AgreementFilter(filters.FilterSet):
    volunteer = filters.UUIDFilter(field_name="volunteer_id")

    class Meta:
        model = VolunteerAgreement
        fields = ["volunteer", "insured"]


@_writes(VolunteerAgreementCreateSerializer, VolunteerAgreementWriteSerializer, VolunteerAgreementSerializer)
class AgreementViewSet(ServiceViewSet):
    """Volunteers' agreements: staff write them; a volunteer sees their own."""

    queryset = VolunteerAgreement.objects.none()  # for the schema; requests use get_queryset
    serializer_class = VolunteerAgreementSerializer
    create_serializer_class = VolunteerAgreementCreateSerializer
    update_serializer_class = VolunteerAgreementWriteSerializer
    filterset_class = AgreementFilter
    search_fields = ["number", "volunteer__first_name", "volunteer__last_name"]
    ordering_fields = ["start_date", "end_date", "number"]

    def get_queryset(self) -> QuerySet[VolunteerAgreement]:
        return selectors.agreements_for(self.actor)

    def create_with(self, data: dict[str, Any]) -> VolunteerAgreement:
        return services.create_agreement(actor=self.actor, **data)

    def update_with(self, instance: VolunteerAgreement, data: dict[str, Any]) -> VolunteerAgreement:
        return services.update_agreement(actor=self.actor, agreement=instance, **data)


@_writes(VolunteerActivityTypeWriteSerializer, VolunteerActivityTypeWriteSerializer, VolunteerActivityTypeSerializer)
class ActivityTypeViewSet(ServiceViewSet):
    """Kinds of volunteer activity and the hourly rate of their in-kind value; managers write them."""

    queryset = ActivityType.objects.none()  # for the schema; requests use get_queryset
    serializer_class = VolunteerActivityTypeSerializer
    create_serializer_class = update_serializer_class = VolunteerActivityTypeWriteSerializer
    filterset_fields = ["is_active"]
    search_fields = ["name"]
    ordering_fields = ["name", "hourly_rate"]

    def get_queryset(self) -> QuerySet[ActivityType]:
        return selectors.activity_types_for(self.actor)

    def create_with(self, data: dict[str, Any]) -> ActivityType:
        return services.create_activity_type(actor=self.actor, **data)

    def update_with(self, instance: ActivityType, data: dict[str, Any]) -> ActivityType:
        return services.update_activity_type(actor=self.actor, activity_type=instance, **data)


class AssignmentFilter(filters.FilterSet):
    volunteer = filters.UUIDFilter(field_name="volunteer_id")
    client = filters.UUIDFilter(field_name="client_id")
    activity_type = filters.UUIDFilter(field_name="activity_type_id")

    class Meta:
        model = VolunteerAssignment
        fields = ["volunteer", "client", "activity_type", "is_active"]


@_writes(VolunteerAssignmentCreateSerializer, VolunteerAssignmentWriteSerializer, VolunteerAssignmentSerializer)
class AssignmentViewSet(ServiceViewSet):
    """Volunteers' tasks with a client or in a community activity: staff write them; a volunteer sees their own."""

    queryset = VolunteerAssignment.objects.none()  # for the schema; requests use get_queryset
    serializer_class = VolunteerAssignmentSerializer
    create_serializer_class = VolunteerAssignmentCreateSerializer
    update_serializer_class = VolunteerAssignmentWriteSerializer
    filterset_class = AssignmentFilter
    search_fields = ["community_activity", "volunteer__first_name", "volunteer__last_name"]
    ordering_fields = ["start_date", "end_date"]

    def get_queryset(self) -> QuerySet[VolunteerAssignment]:
        return selectors.assignments_for(self.actor)

    def create_with(self, data: dict[str, Any]) -> VolunteerAssignment:
        return services.create_assignment(actor=self.actor, **data)

    def update_with(self, instance: VolunteerAssignment, data: dict[str, Any]) -> VolunteerAssignment:
        return services.update_assignment(actor=self.actor, assignment=instance, **data)


class HoursFilter(filters.FilterSet):
    volunteer = filters.UUIDFilter(field_name="volunteer_id")
    client = filters.UUIDFilter(field_name="client_id")
    activity_type = filters.UUIDFilter(field_name="activity_type_id")
    assignment = filters.UUIDFilter(field_name="assignment_id")
    status = filters.ChoiceFilter(choices=HoursStatus.choices)
    month = MonthFilter(field_name="date", help_text=_lazy("A month, as YYYY-MM."))
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = VolunteerHours
        fields = ["volunteer", "client", "activity_type", "assignment", "status", "month", "date_from", "date_to"]


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_lazy("Repeat a request with the same key to get the first result back (200) without logging twice."),
)


@extend_schema_view(
    create=extend_schema(
        request=VolunteerHoursCreateSerializer, responses={201: VolunteerHoursSerializer, 200: VolunteerHoursSerializer},
        parameters=[IDEMPOTENCY_KEY],
    ),
    partial_update=extend_schema(request=VolunteerHoursWriteSerializer, responses=VolunteerHoursSerializer),
)
class HoursViewSet(ServiceViewSet):
    """Volunteer hours: a volunteer logs and corrects their own until staff verify or reject them."""

    queryset = VolunteerHours.objects.none()  # for the schema; requests use get_queryset
    serializer_class = VolunteerHoursSerializer
    create_serializer_class = VolunteerHoursCreateSerializer
    update_serializer_class = VolunteerHoursWriteSerializer
    filterset_class = HoursFilter
    search_fields = ["note", "volunteer__first_name", "volunteer__last_name"]
    ordering_fields = ["date", "minutes", "created_at"]

    def get_queryset(self) -> QuerySet[VolunteerHours]:
        return selectors.hours_for(self.actor)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parse(self.create_serializer_class)
        if key := request.headers.get("Idempotency-Key", "").strip():
            from_header = services.client_uuid_for(self.actor, key)
            if data.get("client_uuid") not in (None, from_header):
                raise serializers.ValidationError({"client_uuid": [_("Does not match the Idempotency-Key header.")]})
            data["client_uuid"] = from_header
        hours, created = services.log_hours(actor=self.actor, **data)
        return Response(
            self.get_serializer(hours).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    def update_with(self, instance: VolunteerHours, data: dict[str, Any]) -> VolunteerHours:
        return services.update_hours(actor=self.actor, hours=instance, **data)

    @extend_schema(request=VolunteerHoursReasonSerializer, responses=VolunteerHoursSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Confirm logged hours: they count for the in-kind value and are locked."""
        reason = self.parse(VolunteerHoursReasonSerializer).get("reason", "")
        hours = services.verify_hours(actor=self.actor, hours=self.get_object(), reason=reason)
        return Response(self.get_serializer(hours).data)

    @extend_schema(request=VolunteerHoursRejectionSerializer, responses=VolunteerHoursSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Refuse logged hours, saying why."""
        reason = self.parse(VolunteerHoursRejectionSerializer)["reason"]
        hours = services.reject_hours(actor=self.actor, hours=self.get_object(), reason=reason)
        return Response(self.get_serializer(hours).data)

    @extend_schema(parameters=[VolunteerHoursTotalsQuerySerializer], responses=VolunteerHoursTotalsSerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def totals(self, request: Request) -> Response:
        """Minutes, hours and in-kind value per volunteer, month and activity type, with the grand total."""
        query = VolunteerHoursTotalsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.hours_totals(self.actor, **query.validated_data)
        body = {"currency": self.actor.centre.currency, "results": rows, "total": selectors.HoursSum.of(rows)}
        return Response(VolunteerHoursTotalsSerializer(body).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("volunteers", VolunteerViewSet, basename="volunteer")
    router.register("volunteer-agreements", AgreementViewSet, basename="volunteer-agreement")
    router.register("volunteer-activity-types", ActivityTypeViewSet, basename="volunteer-activity-type")
    router.register("volunteer-assignments", AssignmentViewSet, basename="volunteer-assignment")
    router.register("volunteer-hours", HoursViewSet, basename="volunteer-hours")
