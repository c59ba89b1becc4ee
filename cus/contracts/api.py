"""funding-sources/ and contracts/ (with nested lines, status actions and usage): thin views over services."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.utils.serializer_helpers import ReturnDict

from cus.api.errors import flat_errors
from cus.api.fields import DateField
from cus.api.serializers import ModelSerializer, ScopedWriteSerializer
from cus.api.views import ScopedViewSet
from cus.catalogue.models import Provider, ServiceType, Unit
from cus.catalogue.selectors import service_types_for
from cus.core.access import Perm, in_centre

from . import selectors, services
from .models import Contract, ContractLine, ContractStatus, FundingSource


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def _units(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


# --- funding sources ------------------------------------------------------------------------------


class FundingSourceSerializer(ModelSerializer):
    class Meta:
        model = FundingSource
        fields = ["id", "name", "kind", "project_code", "funder", "start_date", "end_date", "is_active",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class FundingSourceFilter(django_filters.FilterSet):
    class Meta:
        model = FundingSource
        fields = ["kind", "is_active"]


class FundingSourceViewSet(ScopedViewSet):
    """Who pays: managers and admins write; the centre's staff read; provider staff read those paying them."""

    queryset = FundingSource.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.funding_sources_for
    write_perm = Perm.MANAGE_CONTRACTS
    serializer_class = FundingSourceSerializer
    write_serializer_class = FundingSourceSerializer
    create_service = services.create_funding_source
    update_service = services.update_funding_source
    instance_name = "funding_source"
    filterset_class = FundingSourceFilter
    search_fields = ["name", "project_code", "funder"]
    ordering_fields = ["name", "start_date", "end_date"]


# --- contracts ------------------------------------------------------------------------------------


class ContractLineSerializer(ModelSerializer):
    service_type_code = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    funding_source_name = serializers.CharField(source="funding_source.name", read_only=True)

    class Meta:
        model = ContractLine
        fields = ["id", "service_type", "service_type_code", "service_type_name", "unit", "unit_price", "max_units",
                  "budget", "monthly_capacity", "funding_source", "funding_source_name"]
        read_only_fields = fields


class ContractSerializer(ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    funding_source_name = serializers.CharField(source="funding_source.name", read_only=True, default=None, allow_null=True)
    lines = ContractLineSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = ["id", "provider", "provider_name", "number", "title", "start_date", "end_date", "status",
                  "status_reason", "funding_source", "funding_source_name", "note", "lines", "revision",
                  "created_at", "updated_at"]
        read_only_fields = fields


# What a contract's input may name: the centre's providers and funding sources, the service types usable there.
PROVIDERS = in_centre(Provider)
FUNDING_SOURCES = in_centre(FundingSource)


class ContractLineInputSerializer(ScopedWriteSerializer):
    id = serializers.UUIDField(required=False, help_text=_("An existing line to change; leave out for a new line."))
    service_type = serializers.PrimaryKeyRelatedField(queryset=ServiceType.objects.none(), required=False)
    unit = serializers.ChoiceField(
        choices=Unit.choices, required=False, help_text=_("Defaults to the service type's unit.")
    )
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    max_units = _units(required=False, allow_null=True)
    budget = _money(required=False, allow_null=True)
    monthly_capacity = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    funding_source = serializers.PrimaryKeyRelatedField(
        queryset=FundingSource.objects.none(), required=False, allow_null=True,
        help_text=_("Defaults to the contract's funding source."),
    )

    related = {"service_type": service_types_for, "funding_source": FUNDING_SOURCES}


class ContractInputSerializer(ScopedWriteSerializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.none())
    number = serializers.CharField(max_length=80)
    title = serializers.CharField(max_length=250, required=False, allow_blank=True)
    start_date = DateField()
    end_date = DateField()
    funding_source = serializers.PrimaryKeyRelatedField(
        queryset=FundingSource.objects.none(), required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True)
    lines = ContractLineInputSerializer(
        many=True, required=False,
        help_text=_("On change, the whole set: lines with an id are updated, new ones added, those left out removed."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, write_only=True)

    related = {"provider": PROVIDERS, "funding_source": FUNDING_SOURCES}

    @property
    def errors(self) -> ReturnDict:
        # The lines' errors keyed as the services key theirs (``lines[1].unit_price``): one form for the client.
        return ReturnDict(flat_errors(super().errors), serializer=self)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class LineUsageSerializer(serializers.Serializer):
    line = serializers.UUIDField(source="line.pk")
    service_type = serializers.UUIDField(source="line.service_type_id")
    service_type_name = serializers.CharField(source="line.service_type.name")
    unit = serializers.CharField(source="line.unit")
    unit_price = serializers.DecimalField(source="line.unit_price", max_digits=10, decimal_places=2)
    funding_source = serializers.UUIDField(source="line.funding_source_id")
    max_units = _units(source="line.max_units", allow_null=True)
    budget = _money(source="line.budget", allow_null=True)
    value = _money(
        allow_null=True, help_text=_("The most the line can cost: its budget or max units × price, the lower.")
    )
    units_planned = _units(source="usage.units_planned")
    units_delivered = _units(source="usage.units_delivered")
    units_confirmed = _units(source="usage.units_confirmed")
    amount_spent = _money(source="usage.amount_spent")
    units_remaining = _units(source="usage.units_remaining", allow_null=True)
    amount_remaining = _money(source="usage.amount_remaining", allow_null=True)
    percent_used = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True,
        help_text=_("The larger of the units and the budget used, in per cent."),
    )


class UsageTotalsSerializer(serializers.Serializer):
    units_planned = _units()
    units_delivered = _units()
    units_confirmed = _units()
    amount_spent = _money()
    units_remaining = _units(allow_null=True)
    amount_remaining = _money(allow_null=True)
    max_units = _units(allow_null=True)
    budget = _money(allow_null=True)
    value = _money(allow_null=True)
    percent_used = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, help_text=_("The amount spent against the contract's value.")
    )


class ContractUsageSerializer(serializers.Serializer):
    contract = serializers.UUIDField(source="contract.pk")
    lines = LineUsageSerializer(many=True)
    total = UsageTotalsSerializer()


class ContractFilter(django_filters.FilterSet):
    provider = django_filters.UUIDFilter(field_name="provider")
    status = django_filters.MultipleChoiceFilter(choices=ContractStatus.choices)
    funding_source = django_filters.UUIDFilter(
        method="filter_funding_source", label=_("Paid (by default or on a line) by this funding source")
    )
    service_type = django_filters.UUIDFilter(method="filter_service_type", label=_("Has a line of this service type"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Its period covers this date"))

    class Meta:
        model = Contract
        fields = ["provider", "status"]

    def filter_funding_source(self, queryset: QuerySet[Contract], name: str, value: Any) -> QuerySet[Contract]:
        return selectors.contracts_paid_by(queryset, value)

    def filter_service_type(self, queryset: QuerySet[Contract], name: str, value: Any) -> QuerySet[Contract]:
        return selectors.contracts_with_line_of(queryset, value)

    def filter_active_on(self, queryset: QuerySet[Contract], name: str, value: Any) -> QuerySet[Contract]:
        return selectors.contracts_active_on(queryset, value)


class ContractViewSet(ScopedViewSet):
    """Contracts with providers and their lines: managers and admins write, coordinators read all of the
    centre, provider staff their own provider's."""

    queryset = Contract.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.contracts_for
    export_name = "contracts"  # CSV/XLSX with the list's filters (cus.api.exports)
    write_perm = Perm.MANAGE_CONTRACTS  # also of the status actions
    serializer_class = ContractSerializer
    write_serializer_class = ContractInputSerializer
    create_service = services.create_contract
    update_service = services.update_contract
    instance_name = "contract"
    filterset_class = ContractFilter
    search_fields = ["number", "title", "provider__name"]
    ordering_fields = ["number", "start_date", "end_date"]

    def _reason(self) -> str:
        return str(self.parsed(ReasonSerializer).get("reason", ""))

    @extend_schema(request=ReasonSerializer, responses=ContractSerializer, summary="Draft -> active")
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        contract = services.activate_contract(actor=self.actor, contract=self.get_object(), reason=self._reason())
        return self.rendered(contract)

    @extend_schema(request=ReasonSerializer, responses=ContractSerializer, summary="Active -> ended")
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        contract = services.end_contract(actor=self.actor, contract=self.get_object(), reason=self._reason())
        return self.rendered(contract)

    @extend_schema(request=ReasonSerializer, responses=ContractSerializer, summary="Active -> terminated (reason required)")
    @action(detail=True, methods=["post"])
    def terminate(self, request: Request, pk: str | None = None) -> Response:
        contract = services.terminate_contract(actor=self.actor, contract=self.get_object(), reason=self._reason())
        return self.rendered(contract)

    @extend_schema(responses=ContractUsageSerializer, summary="Usage per line and in total")
    @action(detail=True, methods=["get"])
    def usage(self, request: Request, pk: str | None = None) -> Response:
        usage = selectors.contract_usage(self.get_object())
        return Response(ContractUsageSerializer(usage).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("funding-sources", FundingSourceViewSet, basename="funding-source")
    router.register("contracts", ContractViewSet, basename="contract")
