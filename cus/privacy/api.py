"""/api/v1/processing-purposes/ (+ history/): the centre's purposes and the legal basis of each.

The centre's staff read them (the client page shows which purposes a client's consents cover); only the centre's
administrator changes them (``MANAGE_CENTRE``). Provider staff and volunteers have no such endpoint (404).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.fields import NamedChoiceField
from cus.api.serializers import ModelSerializer, ScopedWriteSerializer, TimelineEntrySerializer
from cus.api.views import ScopedViewSet
from cus.core.access import Perm

from . import selectors, services
from .models import ENFORCED_PURPOSES, LegalBasis, ProcessingPurpose, Purpose


def legal_basis_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(LegalBasis.choices, "LegalBasisEnum", **kwargs)


class ProcessingPurposeSerializer(ModelSerializer[ProcessingPurpose]):
    purpose = NamedChoiceField(Purpose.choices, "PurposeEnum", read_only=True)
    legal_basis = legal_basis_field(read_only=True)
    consent_kind = serializers.CharField(
        source="purpose", read_only=True, help_text=str(_("The kind of consent that covers this purpose."))
    )
    enforced = serializers.SerializerMethodField(
        help_text=str(_("Whether CUS refuses this processing without a valid consent when the basis is consent."))
    )
    default_legal_basis = serializers.SerializerMethodField()
    default_legal_reference = serializers.SerializerMethodField()
    default_why = serializers.SerializerMethodField()

    class Meta:
        model = ProcessingPurpose
        fields = [
            "id", "purpose", "consent_kind", "legal_basis", "legal_reference", "note", "enforced",
            "default_legal_basis", "default_legal_reference", "default_why", "updated_at",
        ]
        read_only_fields = fields

    def get_enforced(self, record: ProcessingPurpose) -> bool:
        return record.purpose in ENFORCED_PURPOSES

    @extend_schema_field(legal_basis_field())
    def get_default_legal_basis(self, record: ProcessingPurpose) -> str:
        return selectors.default_of(record).legal_basis

    def get_default_legal_reference(self, record: ProcessingPurpose) -> str:
        return selectors.default_of(record).legal_reference

    def get_default_why(self, record: ProcessingPurpose) -> str:
        return selectors.default_of(record).why


class ProcessingPurposeWriteSerializer(ScopedWriteSerializer):
    legal_basis = legal_basis_field(required=False)
    legal_reference = serializers.CharField(required=False, allow_blank=True, max_length=500)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text=str(_("Why; kept in the history."))
    )


class ProcessingPurposeViewSet(ScopedViewSet):
    """The centre's processing purposes: the legal basis each rests on (law, public task or the client's consent),
    the provisions behind it, and the country's default beside it."""

    queryset = ProcessingPurpose.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.purposes_for
    read_perm = Perm.VIEW_CLIENTS
    write_perm = Perm.MANAGE_CENTRE
    serializer_class = ProcessingPurposeSerializer
    write_serializer_class = ProcessingPurposeWriteSerializer
    update_service = services.update_purpose
    instance_name = "processing_purpose"

    @extend_schema(responses=TimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Who changed this purpose's legal basis, when and why, newest first."""
        return self.timeline_page(selectors.purpose_timeline, self.get_object())


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("processing-purposes", ProcessingPurposeViewSet, basename="processing-purpose")
