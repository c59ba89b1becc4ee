"""The client registry's endpoints (thin: parse, call a service or selector, render).

/api/v1/clients/ (+ history/, access-log/), consents/ (+ withdraw/, evidence/), contacts/, referrals/,
assessments/, participations/ (+ end/, followup/, correct/). Reads come from ``selectors`` (what the actor may
see), writes go to ``services``; who may write at all is declared on each viewset (``cus.api.views``), the
caseload rule (coordinators change their own caseload and unassigned clients) is the services'.
"""

from __future__ import annotations

import os
from typing import Any

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cus.api.parsers import JSONParser
from cus.api.search import SEARCH_HEADER_PARAMETER, header_term
from cus.api.serializers import TimelineEntrySerializer, by_role
from cus.api.views import ScopedViewSet
from cus.core.access import Perm, can
from cus.core.errors import NotAllowed, NotFound
from cus.core.reads import PURPOSE_HEADER, AccessPurpose

from .. import selectors, services
from ..access_log import client_log_pdf, csv_lines
from ..models import (
    AccessAction,
    Assessment,
    Client,
    ClientAccessLog,
    Consent,
    ContactPerson,
    Participation,
    Referral,
)
from .filters import AccessLogFilter, ClientFilter, ParticipationFilter
from .serializers import (
    AccessLogSerializer,
    AssessmentSerializer,
    AssessmentWriteSerializer,
    CentreAccessLogSerializer,
    ClientMergeSerializer,
    ClientSerializer,
    ClientSummarySerializer,
    ClientWriteSerializer,
    ConsentSerializer,
    ConsentWithdrawSerializer,
    ConsentWriteSerializer,
    ContactSerializer,
    ContactWriteSerializer,
    DuplicatePairSerializer,
    ParticipationCorrectSerializer,
    ParticipationEndSerializer,
    ParticipationFollowupSerializer,
    ParticipationSerializer,
    ParticipationStartSerializer,
    ProviderClientSerializer,
    ReferralSerializer,
    ReferralWriteSerializer,
)

# --- Clients ------------------------------------------------------------------------------------------


@extend_schema_view(  # staff read the full record, provider staff what delivery needs: either is answered
    list=extend_schema(
        responses=by_role("ClientListItem", ClientSummarySerializer, ProviderClientSerializer, many=True),
        parameters=[SEARCH_HEADER_PARAMETER],
    ),
    retrieve=extend_schema(responses=by_role("ClientRecord", ClientSerializer, ProviderClientSerializer)),
)
class ClientViewSet(ScopedViewSet):
    """The client registry. The list is a summary (no special-category field); reading a record (or its history) is
    written to the client's access log, and so is a search by national ID (for the clients it found) and every list
    provider staff read (they see contact details and access notes). National IDs are matched only by a term sent
    in the ``X-Search`` header, never in the URL (``cus.api.search``)."""

    queryset = Client.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.clients_for  # staff: the centre's clients; provider staff: the clients they serve
    export_name = "clients"  # CSV/XLSX with the list's filters (cus.api.exports)
    logs_client_reads = ""  # the record is the client
    # Reading the access log is the audit, not a read of the file; printing it for the client is an export.
    # The duplicates list shows contact details side by side: logged as a list read of each record on the page.
    client_read_actions = {
        **ScopedViewSet.client_read_actions, "access_log": "", "access_log_print": AccessAction.EXPORT,
        "duplicates": AccessAction.LIST,
    }
    write_perm = Perm.EDIT_CLIENTS
    action_perms = {"create": Perm.CREATE_CLIENTS, "merge": Perm.MERGE_CLIENTS}
    serializer_class = ClientSerializer
    write_serializer_class = ClientWriteSerializer
    create_service = services.create_client
    update_service = services.update_client
    instance_name = "client"
    ordering_fields = ["last_name", "created_at", "reference"]

    @property
    def reads_full_record(self) -> bool:
        return can(self.actor, Perm.VIEW_CLIENTS)

    def get_queryset(self) -> Any:
        if hasattr(self, "actor") and self.action == "list" and self.reads_full_record:
            return selectors.client_summaries_for(self.actor)
        return super().get_queryset()

    def get_serializer_class(self) -> Any:
        if hasattr(self, "actor") and not self.reads_full_record:
            return ProviderClientSerializer
        if self.action == "list":
            return ClientSummarySerializer
        return super().get_serializer_class()

    @property
    def filterset_class(self) -> Any:  # read by django-filter's backend
        # Provider staff may not filter the clients they serve by case status, coordinator or plan.
        if hasattr(self, "actor") and not self.reads_full_record:
            return None
        return ClientFilter

    def client_reads(self) -> tuple[str, list[Any]] | None:
        reads = super().client_reads()
        if reads is None or self.action != "list" or not self.reads_full_record:
            return reads  # a record, its history; provider staff's lists
        # Staff's list is a summary, not logged; a search that matched a national ID reveals that the person is a
        # client here: it is logged for the clients it found that way.
        term = (header_term(self.request) or "").strip()
        if not term:
            return None
        found = Client.objects.filter(pk__in=reads[1], national_id__icontains=term).values_list("pk", flat=True)
        return AccessAction.SEARCH, list(found)

    @property
    def search_fields(self) -> list[str]:  # read by DRF's SearchFilter
        # Provider staff may not look clients up by national ID (they never see it); staff do, with a term sent in
        # the X-Search header only (an ID in a URL ends up in logs and the browser's history: cus.api.search).
        # Names ignoring case and accents ("glowacki" finds "Głowacki": cus.core.textmatch).
        names = ["first_name__unaccent_icontains", "last_name__unaccent_icontains", "reference"]
        if hasattr(self, "actor") and not self.reads_full_record:
            return names
        if not hasattr(self, "request") or header_term(self.request) is None:
            return names
        return [*names, "national_id"]

    def get_object(self) -> Any:
        """The record; for a record merged into another one, a 404 naming the survivor (when the reader may see it),
        so that an old link leads to the person's record."""
        try:
            return super().get_object()
        except Http404:
            survivor = selectors.survivor_of(self.actor, self.kwargs.get("pk"))
            if survivor is None:
                raise
            raise NotFound(
                _("This record was merged into %(reference)s.") % {"reference": survivor.reference},
                code="merged",
                merged_into=str(survivor.pk),
                merged_into_reference=survivor.reference,
            ) from None

    @extend_schema(responses=DuplicatePairSerializer(many=True), filters=False)
    @action(detail=False, methods=["get"], filter_backends=[])
    def duplicates(self, request: Request) -> Response:
        """Records of the centre likely the same person (same birth date, names alike ignoring case, accents and small
        spelling differences), most alike first: for managers and administrators, who may merge them."""
        if not can(self.actor, Perm.MERGE_CLIENTS):
            raise NotFound()
        page = self.paginate_queryset(selectors.duplicate_pairs_for(self.actor)) or []
        self.note_read([client for pair in page for client in (pair.left, pair.right)])
        return self.get_paginated_response(DuplicatePairSerializer(page, many=True).data)

    @extend_schema(request=ClientMergeSerializer, responses=ClientSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """Merge another record of the same person into this one: everything that pointed to it points here, both
        histories say who merged and why, and the other record can no longer be used."""
        survivor = self.get_object()
        data = self.parsed(ClientMergeSerializer)
        merged = services.merge_clients(
            actor=self.actor, survivor=survivor, absorbed=data["absorbed"], reason=data["reason"]
        )
        return self.rendered(merged)

    def _full_record(self) -> Client:
        """The client, for the roles that read the full record (provider staff: 404)."""
        if not self.reads_full_record:
            raise NotFound()
        client: Client = self.get_object()
        return client

    @extend_schema(responses=TimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Timeline of changes to the client and everything under it, newest first."""
        client = self._full_record()
        return self.timeline_page(selectors.client_timeline, client)

    @extend_schema(responses=AccessLogSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], url_path="access-log", filter_backends=[])
    def access_log(self, request: Request, pk: str | None = None) -> Response:
        """Who read the record, when and from where: for admins and the client's own coordinator."""
        client = self._full_record()
        if not selectors.can_view_access_log(self.actor, client):
            raise NotAllowed(_("Only administrators and the client's coordinator may read its access log."))
        page = self.paginate_queryset(selectors.access_log_of(client))
        return self.get_paginated_response(AccessLogSerializer(page, many=True).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], url_path="access-log/print", filter_backends=[])
    def access_log_print(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The client's access log as a PDF in the client's language, for a subject-access request (the print is
        itself logged, as an export for the data subject's request)."""
        client = self._full_record()
        if not selectors.can_view_access_log(self.actor, client):
            raise NotAllowed(_("Only administrators and the client's coordinator may read its access log."))
        if not request.headers.get(PURPOSE_HEADER):
            self._read_purpose = AccessPurpose.SUBJECT_REQUEST
        pdf = client_log_pdf(
            client, selectors.access_log_of(client), requested_by=str(self.actor.user), at=timezone.now()
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="access-log-{client.reference.replace("/", "-")}.pdf"'
        return response


# --- Consents, contact persons, referrals, assessments ------------------------------------------------


class ConsentViewSet(ScopedViewSet):
    """Consents the client gave, with the providers they cover and the signed evidence; a withdrawn consent stays
    on record as it was."""

    logs_client_reads = "client"  # every read is in the client's access log
    queryset = Consent.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.consents_for
    write_perm = Perm.EDIT_CLIENTS
    serializer_class = ConsentSerializer
    write_serializer_class = ConsentWriteSerializer
    create_service = services.create_consent
    update_service = services.update_consent
    instance_name = "consent"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["client", "kind"]
    ordering_fields = ["given_on", "created_at"]

    @extend_schema(request=ConsentWithdrawSerializer, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Record that the client withdrew this consent."""
        consent = self.get_object()
        data = self.parsed(ConsentWithdrawSerializer)
        return self.rendered(services.withdraw_consent(actor=self.actor, consent=consent, **data))

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def evidence(self, request: Request, pk: str | None = None) -> FileResponse:
        """The uploaded evidence file (reading it is written to the client's access log)."""
        consent = self.get_object()
        if not consent.evidence:
            raise NotFound(_("This consent has no evidence file."))
        return FileResponse(
            consent.evidence.open("rb"), as_attachment=True, filename=os.path.basename(consent.evidence.name)
        )


class ContactViewSet(ScopedViewSet):
    """The client's contact persons: family, carers, legal guardians, whom to call in an emergency."""

    logs_client_reads = "client"  # every read is in the client's access log
    queryset = ContactPerson.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.contacts_for
    write_perm = Perm.EDIT_CLIENTS
    serializer_class = ContactSerializer
    write_serializer_class = ContactWriteSerializer
    create_service = services.create_contact
    update_service = services.update_contact
    instance_name = "contact"
    filterset_fields = ["client"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]


class ReferralViewSet(ScopedViewSet):
    """How the client came to the centre: who referred them, when and why."""

    logs_client_reads = "client"  # every read is in the client's access log
    queryset = Referral.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.referrals_for
    write_perm = Perm.EDIT_CLIENTS
    serializer_class = ReferralSerializer
    write_serializer_class = ReferralWriteSerializer
    create_service = services.create_referral
    update_service = services.update_referral
    instance_name = "referral"
    filterset_fields = ["client", "source"]
    ordering_fields = ["date", "created_at"]


class AssessmentViewSet(ScopedViewSet):
    """Needs assessments: each area of life scored, and the needs found mapped to service types."""

    logs_client_reads = "client"  # every read is in the client's access log
    queryset = Assessment.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.assessments_for
    write_perm = Perm.EDIT_CLIENTS
    serializer_class = AssessmentSerializer
    write_serializer_class = AssessmentWriteSerializer
    create_service = services.create_assessment
    update_service = services.update_assessment
    instance_name = "assessment"
    filterset_fields = ["client", "status"]
    ordering_fields = ["date", "created_at"]


# --- ESF+ participations --------------------------------------------------------------------------------


class ParticipationViewSet(ScopedViewSet):
    """ESF+ participations: the client's situation at entry and at exit, frozen for the funder's report.

    Not edited like a record: a participation is started, ended and followed up six months later; a mistake in
    a recorded situation is corrected through ``correct`` with a reason.
    """

    logs_client_reads = "client"  # every read is in the client's access log
    queryset = Participation.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.participations_for
    write_perm = Perm.MANAGE_PARTICIPATIONS
    serializer_class = ParticipationSerializer
    write_serializer_class = ParticipationStartSerializer
    create_service = services.start_participation
    filterset_class = ParticipationFilter
    search_fields = ["client__reference", "client__last_name", "funding_source__project_code"]
    ordering_fields = ["entry_date", "exit_date", "created_at"]

    @extend_schema(request=ParticipationEndSerializer, responses=ParticipationSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """The client left the project: exit date, reason and the immediate result indicators."""
        participation = self.get_object()
        data = self.parsed(ParticipationEndSerializer)
        reason = data.pop("reason", "")
        return self.rendered(
            services.end_participation(actor=self.actor, participation=participation, change_reason=reason, **data)
        )

    @extend_schema(request=ParticipationCorrectSerializer, responses=ParticipationSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Correct the recorded entry or exit situation, with a reason (the history keeps the old values)."""
        participation = self.get_object()
        data = self.parsed(ParticipationCorrectSerializer)
        return self.rendered(services.correct_participation(actor=self.actor, participation=participation, **data))

    @extend_schema(request=ParticipationFollowupSerializer, responses=ParticipationSerializer)
    @action(detail=True, methods=["post"])
    def followup(self, request: Request, pk: str | None = None) -> Response:
        """The longer-term results, six months after the client left."""
        participation = self.get_object()
        data = self.parsed(ParticipationFollowupSerializer)
        reason = data.pop("reason", "")
        return self.rendered(
            services.record_followup(actor=self.actor, participation=participation, change_reason=reason, **data)
        )


# --- The centre's access log ------------------------------------------------------------------------------


class AccessLogViewSet(ScopedViewSet):
    """Who read which client's data, when, from where and why: the centre's whole log, searched by client, reader
    and period, and exported, for the data-protection officer and the administrators (read-only)."""

    queryset = ClientAccessLog.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.access_log_for
    read_perm = Perm.AUDIT_ACCESS_LOG
    reads = ("list",)
    serializer_class = CentreAccessLogSerializer
    filterset_class = AccessLogFilter
    ordering_fields = ["at"]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY}, filters=True)
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> StreamingHttpResponse:
        """The entries the same filters select, as CSV (cells that look like formulas written as text)."""
        entries = self.filter_queryset(self.get_queryset()).iterator(chunk_size=2000)
        response = StreamingHttpResponse(csv_lines(entries, self.actor.centre), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
        return response
