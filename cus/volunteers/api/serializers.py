"""Serializers of the volunteer centre's endpoints: what they answer, and what writes accept."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import serializers

from cus.api.fields import BirthDateField, DateField, MonthField
from cus.api.serializers import ModelSerializer, ScopedModelWriteSerializer
from cus.clients.models import Client
from cus.core.access import in_centre
from cus.core.models import User

from .. import selectors
from ..models import (
    MINUTES_IN_A_DAY,
    ActivityType,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
)

# --- reading ---------------------------------------------------------------------------------------


class VolunteerSerializer(ModelSerializer):
    skills = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Volunteer
        fields = ["id", "user", "first_name", "last_name", "email", "phone", "birth_date", "skills", "languages",
                  "availability", "area", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class VolunteerAgreementSerializer(ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.full_name", read_only=True)
    duration_days = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = VolunteerAgreement
        fields = ["id", "volunteer", "volunteer_name", "number", "start_date", "end_date", "duration_days", "scope",
                  "insured", "signed_on", "created_at", "updated_at"]
        read_only_fields = fields


class VolunteerActivityTypeSerializer(ModelSerializer):
    class Meta:
        model = ActivityType
        fields = ["id", "name", "hourly_rate", "is_active"]
        read_only_fields = fields


class VolunteerAssignmentSerializer(ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.full_name", read_only=True)
    activity_type_name = serializers.CharField(source="activity_type.name", read_only=True)
    # The client's name only: all a volunteer may learn of the client they help.
    client_name = serializers.CharField(source="client.full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = VolunteerAssignment
        fields = ["id", "volunteer", "volunteer_name", "activity_type", "activity_type_name", "client", "client_name",
                  "community_activity", "start_date", "end_date", "note", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class VolunteerHoursSerializer(ModelSerializer):
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


# --- writing ---------------------------------------------------------------------------------------
# Related fields offer the rows of the actor's centre (``related``): another centre's id reads as unknown; who
# may name which volunteer, assignment or client is then the services' to say.


class VolunteerWriteSerializer(ScopedModelWriteSerializer):
    related = {"user": selectors.logins_in_centre}

    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True,
        help_text=_lazy("The volunteer's login: a member of the centre with the volunteer role."),
    )
    birth_date = BirthDateField(label=_lazy("birth date"), required=False, allow_null=True)
    skills = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    class Meta:
        model = Volunteer
        fields = ["user", "first_name", "last_name", "email", "phone", "birth_date", "skills", "languages",
                  "availability", "area", "is_active"]


class VolunteerAgreementWriteSerializer(ScopedModelWriteSerializer):
    related = {"volunteer": in_centre(Volunteer)}

    class Meta:
        model = VolunteerAgreement
        fields = ["number", "start_date", "end_date", "scope", "insured", "signed_on"]
        validators: list[Any] = []  # uniqueness is the service's (409, not 400)


class VolunteerAgreementCreateSerializer(VolunteerAgreementWriteSerializer):
    class Meta(VolunteerAgreementWriteSerializer.Meta):
        fields = ["volunteer", *VolunteerAgreementWriteSerializer.Meta.fields]


class VolunteerActivityTypeWriteSerializer(ModelSerializer):
    hourly_rate = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)

    class Meta:
        model = ActivityType
        fields = ["name", "hourly_rate", "is_active"]
        validators: list[Any] = []  # uniqueness is the service's (409, not 400)


class VolunteerAssignmentWriteSerializer(ScopedModelWriteSerializer):
    related = {"volunteer": in_centre(Volunteer), "activity_type": in_centre(ActivityType), "client": in_centre(Client)}

    class Meta:
        model = VolunteerAssignment
        fields = ["activity_type", "client", "community_activity", "start_date", "end_date", "note", "is_active"]


class VolunteerAssignmentCreateSerializer(VolunteerAssignmentWriteSerializer):
    class Meta(VolunteerAssignmentWriteSerializer.Meta):
        fields = ["volunteer", *VolunteerAssignmentWriteSerializer.Meta.fields]


class VolunteerHoursWriteSerializer(ScopedModelWriteSerializer):
    related = {
        "volunteer": in_centre(Volunteer), "activity_type": in_centre(ActivityType),
        "assignment": in_centre(VolunteerAssignment), "client": in_centre(Client),
    }

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
    date_from = DateField(required=False)
    date_to = DateField(required=False)
    volunteer = serializers.UUIDField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "date_from" in attrs and "date_to" in attrs and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": _("The end of the period is before its start.")})
        return attrs
