"""Serializers and views (thin: parse, call a service or selector, render).

/api/v1/clients/ (+ history/, access-log/), consents/ (+ withdraw/, evidence/), contacts/, referrals/,
assessments/, participations/ (+ end/, followup/, correct/). Reads come from ``selectors`` (what the actor may see), writes go to ``services``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from django.db.models import Model, QuerySet
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.relations import ManyRelatedField
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.views import ServiceViewSet, write_schema
from cus.core.access import Perm, can, require
from cus.core.context import Actor
from cus.core.errors import NotAllowed, NotFound

from . import selectors, services
from .models import (
    AccessAction,
    Assessment,
    AssessmentArea,
    Client,
    ClientAccessLog,
    ClosureReason,
    Consent,
    ContactPerson,
    EducationLevel,
    IdentifiedNeed,
    LabourMarketStatus,
    LifeArea,
    NeedPriority,
    Participation,
    Referral,
    Sex,
)

CHANGE_REASON_HELP = _("Why the record is changed; kept in its history.")


# --- Serializer helpers -------------------------------------------------------------------------------


class ActorScopedSerializer(serializers.ModelSerializer):
    """Related fields offer only what the actor may name (``related_querysets``: field -> selector).

    On an update the ``client`` a record belongs to is fixed, so the field is dropped.
    """

    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {}

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        actor: Actor | None = self.context.get("actor")
        for name, selector in self.related_querysets.items():
            if actor is not None and name in fields:
                field = fields[name]
                related: Any = field.child_relation if isinstance(field, ManyRelatedField) else field
                related.queryset = selector(actor)
        if self.instance is not None:
            fields.pop("client", None)
        return fields


def change_reason_field() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=500, write_only=True, help_text=CHANGE_REASON_HELP
    )


def client_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.none(), error_messages={"does_not_exist": _("Unknown client.")}
    )


class UserRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="__str__")


# --- Clients ------------------------------------------------------------------------------------------


class ClientSerializer(serializers.ModelSerializer):
    coordinator_name = serializers.SerializerMethodField()
    distinct_from = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "id", "reference",
            "first_name", "last_name", "birth_date", "sex", "national_id", "national_id_country", "citizenship",
            "street", "postcode", "municipality", "area", "phone", "email", "language",
            "lives_alone", "household_size", "dependants", "carer_name", "carer_phone",
            "labour_market_status", "education_level", "has_disability", "third_country_national",
            "foreign_background", "minority", "homeless_or_housing_exclusion", "rural_area",
            "health_summary", "mobility", "risks", "access_notes",
            "status", "coordinator", "coordinator_name", "closure_reason", "exit_situation", "closed_at",
            "distinct_from", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_coordinator_name(self, client: Client) -> str | None:
        return str(client.coordinator) if client.coordinator else None

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_distinct_from(self, client: Client) -> list[str]:
        return [str(other.pk) for other in client.distinct_from.all()]


@extend_schema_serializer(component_name="Client")  # request bodies: ClientRequest
class ClientWriteSerializer(ActorScopedSerializer):
    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {
        "coordinator": selectors.coordinators_for
    }
    confirm_distinct = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text=_("Register or save even though the record matches an existing client: they are different persons."),
    )
    change_reason = change_reason_field()

    class Meta:
        model = Client
        fields = [*sorted(services.CLIENT_FIELDS), "confirm_distinct", "change_reason"]
        extra_kwargs = {
            "coordinator": {"error_messages": {"does_not_exist": _("Choose an active coordinator of this centre.")}}
        }


class AccessLogSerializer(serializers.ModelSerializer):
    user = UserRefSerializer()

    class Meta:
        model = ClientAccessLog
        fields = ["id", "at", "user", "role", "action", "path", "ip_address", "user_agent"]
        read_only_fields = fields


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = UserRefSerializer(allow_null=True)
    model = serializers.CharField(help_text=_("What changed: client, consent, contact, referral, assessment, ..."))
    object_id = serializers.UUIDField()
    change_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


def _request_origin(request: Request) -> dict[str, Any]:
    """Where a read came from, for the access log."""
    return {
        "path": request.get_full_path(),
        "ip_address": request.META.get("REMOTE_ADDR"),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }


class RegistryViewSet(ServiceViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE): writes parse with the write serializer and
    call the app's create/update service; responses render the output serializer."""

    create_perm = Perm.EDIT_CLIENTS

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "create":
            # A role that may not write here at all is refused before its input is read.
            require(self.actor, self.create_perm)


class ProviderClientSerializer(serializers.ModelSerializer):
    """What provider staff see of a client they serve: only what delivery needs (no national ID,
    no assessments, no health data beyond the access notes)."""

    class Meta:
        model = Client
        fields = ["id", "reference", "first_name", "last_name", "street", "postcode", "municipality", "area",
                  "phone", "language", "access_notes"]
        read_only_fields = fields


class ClientFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter: django-filter's boolean widget silently ignores a value like "maybe".
    has_active_plan = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_has_active_plan",
        label=_("Only clients with (true) or without (false) an active plan."),
    )

    class Meta:
        model = Client
        fields = ["status", "coordinator"]

    def filter_has_active_plan(self, queryset: QuerySet[Client], name: str, value: bool | None) -> QuerySet[Client]:
        return queryset if value is None else selectors.filter_has_active_plan(queryset, value)


@write_schema(ClientWriteSerializer, ClientSerializer)
class ClientViewSet(RegistryViewSet):
    """The client registry. Reading a record (or its history) is written to the client's access log."""

    queryset = Client.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = ClientSerializer
    write_serializer_class = ClientWriteSerializer
    create_perm = Perm.CREATE_CLIENTS
    filterset_class = ClientFilter
    ordering_fields = ["last_name", "created_at", "reference"]

    def get_queryset(self) -> QuerySet[Client]:
        return selectors.clients_for(self.actor)

    @property
    def reads_full_record(self) -> bool:
        return can(self.actor, Perm.VIEW_CLIENTS)

    def get_serializer_class(self) -> Any:
        if hasattr(self, "actor") and not self.reads_full_record:
            return ProviderClientSerializer
        return super().get_serializer_class()

    @property
    def search_fields(self) -> list[str]:  # read by DRF's SearchFilter
        # Provider staff may not look clients up by national ID (they never see it).
        if hasattr(self, "actor") and not self.reads_full_record:
            return ["first_name", "last_name", "reference"]
        return ["first_name", "last_name", "reference", "national_id"]

    def _full_record_only(self) -> None:
        if not self.reads_full_record:
            raise NotFound()

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_client(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_client(actor=self.actor, client=instance, **data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = self.get_object()
        services.record_client_access(actor=self.actor, client=client, action=AccessAction.VIEW, **_request_origin(request))
        return Response(self.get_serializer(client).data)

    @extend_schema(responses=TimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Timeline of changes to the client and everything under it, newest first."""
        self._full_record_only()
        client = self.get_object()
        services.record_client_access(actor=self.actor, client=client, action=AccessAction.HISTORY, **_request_origin(request))
        page = self.paginate_queryset(selectors.history_index(client))
        entries = selectors.timeline_entries(page or [])
        return self.get_paginated_response(TimelineEntrySerializer(entries, many=True).data)

    @extend_schema(responses=AccessLogSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], url_path="access-log", filter_backends=[])
    def access_log(self, request: Request, pk: str | None = None) -> Response:
        """Who read the record, when and from where: for admins and the client's own coordinator."""
        self._full_record_only()
        client = self.get_object()
        if not selectors.can_view_access_log(self.actor, client):
            raise NotAllowed(_("Only administrators and the client's coordinator may read its access log."))
        page = self.paginate_queryset(selectors.access_log_of(client))
        return self.get_paginated_response(AccessLogSerializer(page, many=True).data)



# --- Consents -----------------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    recorded_by = UserRefSerializer()
    is_active = serializers.BooleanField(read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id", "client", "kind", "scope", "providers", "given_on", "valid_until", "withdrawn_on",
            "withdrawal_reason", "is_active", "has_evidence", "recorded_by", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_has_evidence(self, consent: Consent) -> bool:
        return bool(consent.evidence)


@extend_schema_serializer(component_name="Consent")  # request bodies: ConsentRequest
class ConsentWriteSerializer(ActorScopedSerializer):
    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {
        "client": selectors.clients_for,
        "providers": selectors.consent_providers_for,
    }
    client = client_field()
    evidence = serializers.FileField(required=False, help_text=_("A scan or photo of the signed consent (PDF, JPEG, PNG)."))
    change_reason = change_reason_field()

    class Meta:
        model = Consent
        fields = ["client", "kind", "scope", "providers", "given_on", "valid_until", "evidence", "change_reason"]
        extra_kwargs = {"providers": {"required": False}}


class ConsentWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    date = serializers.DateField(required=False, help_text=_("When the client withdrew it; today if not given."))


@write_schema(ConsentWriteSerializer, ConsentSerializer)
class ConsentViewSet(RegistryViewSet):
    queryset = Consent.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = ConsentSerializer
    write_serializer_class = ConsentWriteSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["client", "kind"]
    ordering_fields = ["given_on", "created_at"]

    def get_queryset(self) -> QuerySet[Consent]:
        return selectors.consents_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_consent(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_consent(actor=self.actor, consent=instance, **data)

    @extend_schema(request=ConsentWithdrawSerializer, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Record that the client withdrew this consent."""
        serializer = ConsentWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = services.withdraw_consent(actor=self.actor, consent=self.get_object(), **serializer.validated_data)
        return self.rendered(consent)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def evidence(self, request: Request, pk: str | None = None) -> FileResponse:
        """The uploaded evidence file (reading it is written to the client's access log)."""
        consent = self.get_object()
        if not consent.evidence:
            raise NotFound(_("This consent has no evidence file."))
        services.record_client_access(actor=self.actor, client=consent.client, action=AccessAction.VIEW, **_request_origin(request))
        return FileResponse(consent.evidence.open("rb"), as_attachment=True, filename=os.path.basename(consent.evidence.name))



# --- Contact persons and referrals ----------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = [
            "id", "client", "name", "relation", "phone", "email", "address", "is_emergency_contact",
            "is_legal_guardian", "note", "created_at", "updated_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="Contact")  # request bodies: ContactRequest
class ContactWriteSerializer(ActorScopedSerializer):
    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {"client": selectors.clients_for}
    client = client_field()
    change_reason = change_reason_field()

    class Meta:
        model = ContactPerson
        fields = [
            "client", "name", "relation", "phone", "email", "address", "is_emergency_contact", "is_legal_guardian",
            "note", "change_reason",
        ]


@write_schema(ContactWriteSerializer, ContactSerializer)
class ContactViewSet(RegistryViewSet):
    queryset = ContactPerson.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = ContactSerializer
    write_serializer_class = ContactWriteSerializer
    filterset_fields = ["client"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self) -> QuerySet[ContactPerson]:
        return selectors.contacts_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_contact(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_contact(actor=self.actor, contact=instance, **data)



class ReferralSerializer(serializers.ModelSerializer):
    received_by = UserRefSerializer()

    class Meta:
        model = Referral
        fields = ["id", "client", "source", "source_name", "date", "reason", "received_by", "created_at", "updated_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="Referral")  # request bodies: ReferralRequest
class ReferralWriteSerializer(ActorScopedSerializer):
    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {"client": selectors.clients_for}
    client = client_field()
    change_reason = change_reason_field()

    class Meta:
        model = Referral
        fields = ["client", "source", "source_name", "date", "reason", "change_reason"]


@write_schema(ReferralWriteSerializer, ReferralSerializer)
class ReferralViewSet(RegistryViewSet):
    queryset = Referral.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = ReferralSerializer
    write_serializer_class = ReferralWriteSerializer
    filterset_fields = ["client", "source"]
    ordering_fields = ["date", "created_at"]

    def get_queryset(self) -> QuerySet[Referral]:
        return selectors.referrals_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_referral(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_referral(actor=self.actor, referral=instance, **data)



# --- Needs assessments ----------------------------------------------------------------------------------


class AssessmentAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentArea
        fields = ["id", "area", "score", "description"]
        read_only_fields = fields


class IdentifiedNeedSerializer(serializers.ModelSerializer):
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)

    class Meta:
        model = IdentifiedNeed
        fields = ["id", "area", "service_type", "service_type_name", "description", "priority"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    assessor = UserRefSerializer()
    areas = AssessmentAreaSerializer(many=True)
    needs = IdentifiedNeedSerializer(many=True)

    class Meta:
        model = Assessment
        fields = ["id", "client", "date", "assessor", "status", "summary", "areas", "needs", "created_at", "updated_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="AssessmentArea")  # request bodies: AssessmentAreaRequest
class AreaInputSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=LifeArea.choices)
    score = serializers.IntegerField(min_value=0, max_value=4, help_text=_("0 no difficulty … 4 cannot manage without help"))
    description = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="IdentifiedNeed")  # request bodies: IdentifiedNeedRequest
class NeedInputSerializer(ActorScopedSerializer):
    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {
        "service_type": selectors.need_service_types_for
    }
    id = serializers.UUIDField(required=False, help_text=_("An existing need to change; leave out for a new one."))
    priority = serializers.ChoiceField(choices=NeedPriority.choices, default=NeedPriority.MEDIUM)

    class Meta:
        model = IdentifiedNeed
        fields = ["id", "area", "service_type", "description", "priority"]
        extra_kwargs = {
            "service_type": {
                "error_messages": {
                    "does_not_exist": _("Choose an active service type of the catalogue or of this centre.")
                }
            }
        }


@extend_schema_serializer(component_name="Assessment")  # request bodies: AssessmentRequest
class AssessmentWriteSerializer(ActorScopedSerializer):
    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {"client": selectors.clients_for}
    client = client_field()
    areas = AreaInputSerializer(many=True, required=False, help_text=_("The full list: areas left out are removed."))
    needs = NeedInputSerializer(many=True, required=False, help_text=_("The full list: needs left out are removed."))
    change_reason = change_reason_field()

    class Meta:
        model = Assessment
        fields = ["client", "date", "status", "summary", "areas", "needs", "change_reason"]

    def validate_areas(self, areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
        names = [item["area"] for item in areas]
        if len(names) != len(set(names)):
            raise serializers.ValidationError(_("Each area of life is assessed once per assessment."))
        return areas


@write_schema(AssessmentWriteSerializer, AssessmentSerializer)
class AssessmentViewSet(RegistryViewSet):
    queryset = Assessment.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = AssessmentSerializer
    write_serializer_class = AssessmentWriteSerializer
    filterset_fields = ["client", "status"]
    ordering_fields = ["date", "created_at"]

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessments_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_assessment(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_assessment(actor=self.actor, assessment=instance, **data)



# --- ESF+ participations --------------------------------------------------------------------------------


def shared_enum_field(choices: Any, component: str, *, blank: bool = False, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented as the client's own enum component (``SexEnum``, ...), not a copy of it under
    another name: the participation's entry_sex has exactly the client's sex choices."""
    ref = {"$ref": f"#/components/schemas/{component}"}
    schema = {"oneOf": [ref, {"$ref": "#/components/schemas/BlankEnum"}]} if blank else {"allOf": [ref]}
    field_class = extend_schema_field(schema)(type(f"{component}Field", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class ParticipationSerializer(serializers.ModelSerializer):
    entry_sex = shared_enum_field(Sex.choices, "SexEnum", read_only=True)
    entry_labour_market_status = shared_enum_field(
        LabourMarketStatus.choices, "LabourMarketStatusEnum", blank=True, read_only=True
    )
    entry_education_level = shared_enum_field(EducationLevel.choices, "EducationLevelEnum", blank=True, read_only=True)
    exit_reason = shared_enum_field(ClosureReason.choices, "ClosureReasonEnum", blank=True, read_only=True)
    client_reference = serializers.CharField(source="client.reference", read_only=True)
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    funding_source_name = serializers.CharField(source="funding_source.name", read_only=True)
    project_code = serializers.CharField(source="funding_source.project_code", read_only=True)
    is_open = serializers.SerializerMethodField()
    followup_due = serializers.SerializerMethodField()

    class Meta:
        model = Participation
        fields = [
            "id", "client", "client_reference", "client_name", "funding_source", "funding_source_name",
            "project_code", "entry_date", "entry_age", "entry_sex", "entry_labour_market_status",
            "entry_education_level", "entry_has_disability", "entry_third_country_national",
            "entry_foreign_background", "entry_minority", "entry_homeless_or_housing_exclusion", "entry_rural_area",
            "exit_date", "exit_reason", *services.EXIT_RESULTS, *services.FOLLOWUP_RESULTS,
            "is_open", "followup_due", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_is_open(self, participation: Participation) -> bool:
        return participation.exit_date is None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_followup_due(self, participation: Participation) -> str | None:
        """Six months after leaving: when the longer-term results are recorded."""
        if participation.exit_date is None:
            return None
        return services.followup_due(participation.exit_date).isoformat()


@extend_schema_serializer(component_name="Participation")  # request bodies: ParticipationRequest
class ParticipationStartSerializer(ActorScopedSerializer):
    """Start a participation: the client's ESF+ attributes at entry are copied from the client record."""

    related_querysets: ClassVar[dict[str, Callable[[Actor], QuerySet[Any]]]] = {
        "client": selectors.clients_for,
        "funding_source": selectors.participation_projects_for,
    }
    client = client_field()
    change_reason = change_reason_field()

    class Meta:
        model = Participation
        fields = ["client", "funding_source", "entry_date", "change_reason"]
        extra_kwargs = {"funding_source": {"error_messages": {"does_not_exist": _("Choose a project of this centre.")}}}


def nullable_result(help_text: Any) -> serializers.BooleanField:
    return serializers.BooleanField(required=False, allow_null=True, default=None, help_text=help_text)


class ParticipationEndSerializer(serializers.Serializer):
    exit_date = serializers.DateField()
    exit_reason = shared_enum_field(ClosureReason.choices, "ClosureReasonEnum")
    exit_job_searching = nullable_result(_("Engaged in job searching on leaving; empty when not known."))
    exit_in_education_or_training = nullable_result(_("In education or training on leaving."))
    exit_gained_qualification = nullable_result(_("Gained a qualification on leaving."))
    exit_in_employment = nullable_result(_("In employment, incl. self-employment, on leaving."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text=CHANGE_REASON_HELP)


class ParticipationFollowupSerializer(serializers.Serializer):
    followup_in_employment = nullable_result(_("In employment six months after leaving."))
    followup_improved_situation = nullable_result(_("Improved labour-market situation six months after leaving."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text=CHANGE_REASON_HELP)


class ParticipationCorrectSerializer(serializers.Serializer):
    """Only the fields given are corrected; the reason is required and kept in the history."""

    entry_date = serializers.DateField(required=False)
    entry_age = serializers.IntegerField(required=False, min_value=0, max_value=130)
    entry_sex = shared_enum_field(Sex.choices, "SexEnum", required=False)
    entry_labour_market_status = shared_enum_field(
        LabourMarketStatus.choices, "LabourMarketStatusEnum", blank=True, required=False, allow_blank=True
    )
    entry_education_level = shared_enum_field(
        EducationLevel.choices, "EducationLevelEnum", blank=True, required=False, allow_blank=True
    )
    entry_has_disability = serializers.BooleanField(required=False, allow_null=True)
    entry_third_country_national = serializers.BooleanField(required=False, allow_null=True)
    entry_foreign_background = serializers.BooleanField(required=False, allow_null=True)
    entry_minority = serializers.BooleanField(required=False, allow_null=True)
    entry_homeless_or_housing_exclusion = serializers.BooleanField(required=False, allow_null=True)
    entry_rural_area = serializers.BooleanField(required=False, allow_null=True)
    exit_date = serializers.DateField(required=False)
    exit_reason = shared_enum_field(ClosureReason.choices, "ClosureReasonEnum", required=False)
    exit_job_searching = serializers.BooleanField(required=False, allow_null=True)
    exit_in_education_or_training = serializers.BooleanField(required=False, allow_null=True)
    exit_gained_qualification = serializers.BooleanField(required=False, allow_null=True)
    exit_in_employment = serializers.BooleanField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=500, help_text=_("Why the recorded situation is corrected."))


class ParticipationFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(
        field_name="exit_date", lookup_expr="isnull", label=_("Only open (true) or only ended (false) participations.")
    )

    class Meta:
        model = Participation
        fields = ["client", "funding_source", "open"]


@extend_schema_view(create=extend_schema(request=ParticipationStartSerializer, responses={201: ParticipationSerializer}))
class ParticipationViewSet(RegistryViewSet):
    """ESF+ participations: the client's situation at entry and at exit, frozen for the funder's report.

    Not edited like a record: a participation is started, ended and followed up six months later; a mistake in
    a recorded situation is corrected through ``correct`` with a reason.
    """

    queryset = Participation.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = ParticipationSerializer
    write_serializer_class = ParticipationStartSerializer
    http_method_names = ["get", "post", "head", "options"]
    create_perm = Perm.MANAGE_PARTICIPATIONS
    filterset_class = ParticipationFilter
    search_fields = ["client__reference", "client__last_name", "funding_source__project_code"]
    ordering_fields = ["entry_date", "exit_date", "created_at"]

    def get_queryset(self) -> QuerySet[Participation]:
        return selectors.participations_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.start_participation(actor=self.actor, **data)

    def _writable(self) -> Participation:
        participation: Participation = self.get_object()
        require(self.actor, Perm.MANAGE_PARTICIPATIONS)
        return participation

    @extend_schema(request=ParticipationEndSerializer, responses=ParticipationSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """The client left the project: exit date, reason and the immediate result indicators."""
        participation = self._writable()
        serializer = ParticipationEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        return self.rendered(
            services.end_participation(actor=self.actor, participation=participation, change_reason=reason, **data)
        )

    @extend_schema(request=ParticipationCorrectSerializer, responses=ParticipationSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Correct the recorded entry or exit situation, with a reason (the history keeps the old values)."""
        participation = self._writable()
        serializer = ParticipationCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.rendered(
            services.correct_participation(actor=self.actor, participation=participation, **serializer.validated_data)
        )

    @extend_schema(request=ParticipationFollowupSerializer, responses=ParticipationSerializer)
    @action(detail=True, methods=["post"])
    def followup(self, request: Request, pk: str | None = None) -> Response:
        """The longer-term results, six months after the client left."""
        participation = self._writable()
        serializer = ParticipationFollowupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        return self.rendered(
            services.record_followup(actor=self.actor, participation=participation, change_reason=reason, **data)
        )


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("clients", ClientViewSet, basename="client")
    router.register("consents", ConsentViewSet, basename="consent")
    router.register("contacts", ContactViewSet, basename="contact")
    router.register("referrals", ReferralViewSet, basename="referral")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("participations", ParticipationViewSet, basename="participation")
