"""The client registry's serializers: what a read shows (``XSerializer``) and what a write takes
(``XWriteSerializer``, whose related fields offer only what the actor may name, from ``selectors``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from cus.api.fields import BirthDateField, DateField
from cus.api.serializers import (
    ClosedSchema,
    ModelSerializer,
    ScopedModelWriteSerializer,
    ScopedWriteSerializer,
    UserRefSerializer,
)

from .. import selectors, services
from ..models import (
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


def change_reason_field() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=500, write_only=True, help_text=CHANGE_REASON_HELP
    )


def client_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.none(), error_messages={"does_not_exist": _("Unknown client.")}
    )


# --- Clients ------------------------------------------------------------------------------------------


class ClientSerializer(ModelSerializer):
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
            "distinct_from", "revision", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_coordinator_name(self, client: Client) -> str | None:
        return str(client.coordinator) if client.coordinator else None

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_distinct_from(self, client: Client) -> list[str]:
        return [str(other.pk) for other in client.distinct_from.all()]


class ClientSummarySerializer(ClosedSchema, ModelSerializer):
    """A client in a list or a search: who they are and where their case stands, no special-category field (the
    record itself is read, and logged, on its own)."""

    coordinator_name = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField(help_text=_("What needs attention: active_plan, lives_alone."))

    class Meta:
        model = Client
        fields = ["id", "reference", "first_name", "last_name", "birth_date", "municipality", "area", "status",
                  "coordinator", "coordinator_name", "flags"]
        read_only_fields = fields

    def get_coordinator_name(self, client: Client) -> str | None:
        return str(client.coordinator) if client.coordinator else None

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=["active_plan", "lives_alone"])))
    def get_flags(self, client: Client) -> list[str]:
        flags = []
        if getattr(client, "has_active_plan", False):
            flags.append("active_plan")
        if client.lives_alone:
            flags.append("lives_alone")
        return flags


@extend_schema_serializer(component_name="Client")  # request bodies: ClientRequest
class ClientWriteSerializer(ScopedModelWriteSerializer):
    related = {"coordinator": selectors.coordinators_for}
    birth_date = BirthDateField(label=_("birth date"))
    confirm_distinct = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text=_(
            "Register or save even though the record matches an existing client by name and birth date: they are "
            "different persons. (A national ID already registered is refused whatever this says.)"
        ),
    )
    change_reason = change_reason_field()

    class Meta:
        model = Client
        fields = [*sorted(services.CLIENT_FIELDS), "confirm_distinct", "change_reason"]
        extra_kwargs = {
            "coordinator": {"error_messages": {"does_not_exist": _("Choose an active coordinator of this centre.")}}
        }


class DuplicateCandidateSerializer(ClosedSchema, ModelSerializer):
    """One record of a likely duplicate pair, for the side-by-side comparison (no special-category field: the
    national ID only as whether there is one)."""

    coordinator_name = serializers.SerializerMethodField()
    has_national_id = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = ["id", "reference", "first_name", "last_name", "birth_date", "sex", "street", "postcode",
                  "municipality", "phone", "email", "status", "coordinator", "coordinator_name", "has_national_id",
                  "created_at"]
        read_only_fields = fields

    def get_coordinator_name(self, client: Client) -> str | None:
        return str(client.coordinator) if client.coordinator else None

    def get_has_national_id(self, client: Client) -> bool:
        return bool(client.national_id)


class DuplicatePairSerializer(serializers.Serializer):
    """Two records of the centre likely the same person."""

    left = DuplicateCandidateSerializer()
    right = DuplicateCandidateSerializer()
    score = serializers.FloatField(help_text=_("How alike the names are, from 0 to 1."))


class ClientMergeSerializer(ScopedWriteSerializer):
    """Merge the record ``absorbed`` into this one (the survivor)."""

    related = {"absorbed": selectors.clients_for}
    absorbed = client_field()
    reason = serializers.CharField(
        max_length=500, help_text=_("Why the two records are one person; kept in the history of both.")
    )


class AccessLogSerializer(ModelSerializer):
    user = UserRefSerializer()

    class Meta:
        model = ClientAccessLog
        fields = ["id", "at", "user", "role", "action", "what", "purpose", "path", "ip_address", "user_agent"]
        read_only_fields = fields


class ClientRefSerializer(serializers.Serializer):
    """A client named on a record: id, case reference and name."""

    id = serializers.UUIDField()
    reference = serializers.CharField()
    name = serializers.CharField(source="full_name")


class CentreAccessLogSerializer(AccessLogSerializer):
    """An entry of the centre's access log: the client too."""

    client = ClientRefSerializer()

    class Meta(AccessLogSerializer.Meta):
        fields = ["id", "at", "client", "user", "role", "action", "what", "purpose", "path", "ip_address", "user_agent"]
        read_only_fields = fields


class ProviderClientSerializer(ClosedSchema, ModelSerializer):
    """What provider staff see of a client they serve: only what delivery needs (no national ID,
    no assessments, no health data beyond the access notes)."""

    class Meta:
        model = Client
        fields = ["id", "reference", "first_name", "last_name", "street", "postcode", "municipality", "area",
                  "phone", "language", "access_notes"]
        read_only_fields = fields


# --- Consents -----------------------------------------------------------------------------------------


class ConsentSerializer(ModelSerializer):
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
class ConsentWriteSerializer(ScopedModelWriteSerializer):
    fixed = ("client",)
    related = {
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
    date = DateField(required=False, help_text=_("When the client withdrew it; today if not given."))


# --- Contact persons and referrals ----------------------------------------------------------------------


class ContactSerializer(ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = [
            "id", "client", "name", "relation", "phone", "email", "address", "is_emergency_contact",
            "is_legal_guardian", "note", "created_at", "updated_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="Contact")  # request bodies: ContactRequest
class ContactWriteSerializer(ScopedModelWriteSerializer):
    fixed = ("client",)
    related = {"client": selectors.clients_for}
    client = client_field()
    change_reason = change_reason_field()

    class Meta:
        model = ContactPerson
        fields = [
            "client", "name", "relation", "phone", "email", "address", "is_emergency_contact", "is_legal_guardian",
            "note", "change_reason",
        ]


class ReferralSerializer(ModelSerializer):
    received_by = UserRefSerializer()

    class Meta:
        model = Referral
        fields = ["id", "client", "source", "source_name", "date", "reason", "received_by", "created_at", "updated_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="Referral")  # request bodies: ReferralRequest
class ReferralWriteSerializer(ScopedModelWriteSerializer):
    fixed = ("client",)
    related = {"client": selectors.clients_for}
    client = client_field()
    change_reason = change_reason_field()

    class Meta:
        model = Referral
        fields = ["client", "source", "source_name", "date", "reason", "change_reason"]


# --- Needs assessments ----------------------------------------------------------------------------------


class AssessmentAreaSerializer(ModelSerializer):
    class Meta:
        model = AssessmentArea
        fields = ["id", "area", "score", "description"]
        read_only_fields = fields


class IdentifiedNeedSerializer(ModelSerializer):
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)

    class Meta:
        model = IdentifiedNeed
        fields = ["id", "area", "service_type", "service_type_name", "description", "priority"]
        read_only_fields = fields


class AssessmentSerializer(ModelSerializer):
    assessor = UserRefSerializer()
    areas = AssessmentAreaSerializer(many=True)
    needs = IdentifiedNeedSerializer(many=True)

    class Meta:
        model = Assessment
        fields = ["id", "client", "date", "assessor", "status", "summary", "areas", "needs", "revision", "created_at",
                  "updated_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="AssessmentArea")  # request bodies: AssessmentAreaRequest
class AreaInputSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=LifeArea.choices)
    score = serializers.IntegerField(min_value=0, max_value=4, help_text=_("0 no difficulty … 4 cannot manage without help"))
    description = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="IdentifiedNeed")  # request bodies: IdentifiedNeedRequest
class NeedInputSerializer(ScopedModelWriteSerializer):
    related = {"service_type": selectors.need_service_types_for}
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
class AssessmentWriteSerializer(ScopedModelWriteSerializer):
    fixed = ("client",)
    related = {"client": selectors.clients_for}
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


# --- ESF+ participations --------------------------------------------------------------------------------


def shared_enum_field(choices: Any, component: str, *, blank: bool = False, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented as the client's own enum component (``SexEnum``, ...), not a copy of it under
    another name: the participation's entry_sex has exactly the client's sex choices."""
    ref = {"$ref": f"#/components/schemas/{component}"}
    schema = {"oneOf": [ref, {"$ref": "#/components/schemas/BlankEnum"}]} if blank else {"allOf": [ref]}
    field_class = extend_schema_field(schema)(type(f"{component}Field", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class ParticipationSerializer(ModelSerializer):
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

    @extend_schema_field(DateField(allow_null=True))
    def get_followup_due(self, participation: Participation) -> str | None:
        """Six months after leaving: when the longer-term results are recorded."""
        if participation.exit_date is None:
            return None
        return services.followup_due(participation.exit_date).isoformat()


@extend_schema_serializer(component_name="Participation")  # request bodies: ParticipationRequest
class ParticipationStartSerializer(ScopedModelWriteSerializer):
    """Start a participation: the client's ESF+ attributes at entry are copied from the client record."""

    fixed = ("client",)
    related = {
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
    exit_date = DateField()
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

    entry_date = DateField(required=False)
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
    exit_date = DateField(required=False)
    exit_reason = shared_enum_field(ClosureReason.choices, "ClosureReasonEnum", required=False)
    exit_job_searching = serializers.BooleanField(required=False, allow_null=True)
    exit_in_education_or_training = serializers.BooleanField(required=False, allow_null=True)
    exit_gained_qualification = serializers.BooleanField(required=False, allow_null=True)
    exit_in_employment = serializers.BooleanField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=500, help_text=_("Why the recorded situation is corrected."))
