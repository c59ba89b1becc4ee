"""/api/v1/consent-coverage/{client id}/: which processing purposes a client's data may be used for, and on what
ground: the centre's legal basis for each purpose (a law, a public task, or consent) and, where it is consent,
the client's valid consents (for provider sharing: the providers they name, and those serving the client that no
consent names). The coordinator's view on the client page; reading it is written to the client's access log.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cus.api.fields import DateField, NamedChoiceField
from cus.api.views import ScopedViewSet
from cus.core.access import Perm
from cus.privacy.models import LegalBasis, Purpose

from .. import selectors, services
from ..models import Client

COVERAGE_STATUSES = [
    ("law", _("Covered by a legal obligation")),
    ("public_task", _("Covered by a task in the public interest")),
    ("consent", _("Covered by the client's consent")),
    ("missing", _("Consent missing")),
]


class CoverageProviderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CoverageConsentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    given_on = DateField()
    valid_until = DateField(allow_null=True)
    scope = serializers.CharField(allow_blank=True)
    providers = CoverageProviderSerializer(many=True, source="providers.all")


class PurposeCoverageSerializer(serializers.Serializer):
    purpose = NamedChoiceField(Purpose.choices, "PurposeEnum")
    legal_basis = NamedChoiceField(LegalBasis.choices, "LegalBasisEnum")
    legal_reference = serializers.CharField(allow_blank=True)
    enforced = serializers.BooleanField(
        help_text=_("Whether CUS refuses this processing without a valid consent when the basis is consent.")
    )
    status = NamedChoiceField(COVERAGE_STATUSES, "CoverageStatusEnum")
    consents = CoverageConsentSerializer(many=True, help_text=_("The client's valid consents of this purpose's kind."))
    providers_missing = CoverageProviderSerializer(
        many=True, help_text=_("Provider sharing: providers serving the client that no valid consent names.")
    )


class ConsentCoverageSerializer(serializers.Serializer):
    client = serializers.UUIDField()
    purposes = PurposeCoverageSerializer(many=True)


class ConsentCoverageViewSet(ScopedViewSet):
    """Which purposes a client's data may be processed for: by law, by a public task, by a valid consent, or not
    (a consent missing). The centre's staff only."""

    queryset = Client.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.clients_for
    read_perm = Perm.VIEW_CLIENTS
    reads = ("retrieve",)
    logs_client_reads = ""  # the record is the client
    serializer_class = ConsentCoverageSerializer
    filter_backends: list[Any] = []

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = self.get_object()
        coverage = {"client": client.pk, "purposes": services.consent_coverage(client)}
        return Response(ConsentCoverageSerializer(coverage).data)
