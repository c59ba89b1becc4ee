"""Django admin for the client registry: every model with history; the access log and the ESF+
participations (frozen snapshots, changed only through their services) read-only.

The admin site is the platform operator's (``cus.core.admin_access``). Reading a client's record there is logged
like a read in the API: ``LogsClientReads`` writes the client's access log (the operator, when, what, from where)
whenever a record of a client, or one kept under a client, is opened (its change, delete or history page). The
lists show no special-category data and name a record's client only by the case reference: they are for finding a
record; its content is read, and logged, on its page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cus.core.admin_access import operator_actor
from cus.core.client_address import client_ip

from .models import (
    AccessAction,
    Assessment,
    AssessmentArea,
    CaseReferenceCounter,
    Client,
    ClientAccessLog,
    Consent,
    ContactPerson,
    IdentifiedNeed,
    Participation,
    Referral,
)
from .services import record_client_access


def _origin(request: HttpRequest) -> dict[str, Any]:
    """Where a read came from, for the access log (as the API's reads record it)."""
    return {
        "path": request.get_full_path(),
        "ip_address": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }


class LogsClientReads(admin.ModelAdmin):
    """A model admin whose records are a client's, or kept under one: opening one is written to the client's
    access log. ``client_path`` reaches the client from a record (``"plan__client"``; ``""`` for the client
    itself); a record without a client (a volunteer's community activity) logs nothing."""

    client_path: ClassVar[str] = "client"
    # No bulk actions: their checkboxes are labelled with each record's name (a client's, for most), and records
    # are not deleted in bulk past their services.
    actions = None

    def client_of(self, record: Model | None) -> Client | None:
        value: Any = record
        for name in filter(None, self.client_path.split("__")):
            value = getattr(value, name, None) if value is not None else None
        return value if isinstance(value, Client) else None

    def _record(self, request: HttpRequest, object_id: str) -> Model | None:
        """The record of ``object_id``, or, once deleted, its last version in the history."""
        record = self.get_object(request, unquote(object_id))
        history = getattr(self.model, "history", None)
        if record is None and history is not None:
            last = history.filter(**{self.model._meta.pk.name: unquote(object_id)}).order_by("-history_date").first()
            record = last.instance if last is not None else None
        return record

    def log_read(self, request: HttpRequest, object_id: str, action: str) -> None:
        try:
            record = self._record(request, object_id)
        except (ValueError, TypeError, ValidationError):  # not an id of this model: nothing was shown
            return
        client = self.client_of(record)
        if client is not None:
            record_client_access(
                actor=operator_actor(request.user, client.centre),  # type: ignore[arg-type]
                client=client, action=action, what=self.model._meta.model_name or "", **_origin(request),
            )

    def _logged(self, response: HttpResponse, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        if response.status_code == 200:  # the page showed the record (a redirect: it was saved or not found)
            self.log_read(request, object_id, action)
        return response

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._logged(response, request, object_id, AccessAction.VIEW)

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().delete_view(request, object_id, extra_context)
        return self._logged(response, request, object_id, AccessAction.VIEW)

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        return self._logged(response, request, object_id, AccessAction.HISTORY)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]
        return self._logged(response, request, object_id, AccessAction.HISTORY)


def client_reference(path: str) -> Any:
    """A list column naming a record's client by the case reference only (``path`` reaches the client)."""

    @admin.display(description=_("case reference"), ordering=f"{path}__reference")
    def column(record: Model) -> str:
        value: Any = record
        for name in path.split("__"):
            value = getattr(value, name, None) if value is not None else None
        return str(value.reference) if value is not None else "—"

    column.__name__ = "client_reference"
    return column


class ClientRecordAdmin(LogsClientReads, SimpleHistoryAdmin):
    """A record of or under a client, with its history; its change and history pages are logged."""


@admin.register(Client)
class ClientAdmin(ClientRecordAdmin):
    client_path = ""
    # Who, not how they are: no birth date, no health, disability or social-situation field in the list or its
    # filters; the national ID is not searched.
    list_display = ["reference", "last_name", "first_name", "status", "coordinator", "centre"]
    list_filter = ["centre", "status"]
    list_select_related = ["coordinator", "centre"]
    search_fields = ["reference", "first_name", "last_name"]
    readonly_fields = ["reference", "created_at", "updated_at"]
    raw_id_fields = ["coordinator", "distinct_from"]  # not a list of every client's name in the form


@admin.register(Consent)
class ConsentAdmin(ClientRecordAdmin):
    list_display = [client_reference("client"), "kind", "given_on", "valid_until", "withdrawn_on", "centre"]
    list_filter = ["centre", "kind"]
    list_select_related = ["client", "centre"]
    search_fields = ["client__reference"]
    raw_id_fields = ["client", "recorded_by"]


@admin.register(ContactPerson)
class ContactPersonAdmin(ClientRecordAdmin):
    list_display = ["name", "relation", client_reference("client"), "is_emergency_contact", "centre"]
    list_filter = ["centre"]
    list_select_related = ["client", "centre"]
    search_fields = ["name", "client__reference"]
    raw_id_fields = ["client"]


@admin.register(Referral)
class ReferralAdmin(ClientRecordAdmin):
    # Not the source (a hospital, the police, a court says much about the person): on the referral's page.
    list_display = [client_reference("client"), "date", "received_by", "centre"]
    list_filter = ["centre"]
    list_select_related = ["client", "received_by", "centre"]
    search_fields = ["client__reference", "source_name"]
    raw_id_fields = ["client", "received_by"]


class AssessmentAreaInline(admin.TabularInline):
    model = AssessmentArea
    extra = 0
    exclude = ["centre"]


class IdentifiedNeedInline(admin.TabularInline):
    model = IdentifiedNeed
    extra = 0
    exclude = ["centre"]


@admin.register(Assessment)
class AssessmentAdmin(ClientRecordAdmin):
    list_display = [client_reference("client"), "date", "assessor", "status", "centre"]
    list_filter = ["centre", "status"]
    list_select_related = ["client", "assessor", "centre"]
    search_fields = ["client__reference"]
    raw_id_fields = ["client", "assessor"]
    inlines = [AssessmentAreaInline, IdentifiedNeedInline]


@admin.register(AssessmentArea)
class AssessmentAreaAdmin(ClientRecordAdmin):
    client_path = "assessment__client"
    list_display = [client_reference("assessment__client"), "area", "centre"]  # the score: on its page
    list_filter = ["centre", "area"]
    list_select_related = ["assessment__client", "centre"]
    search_fields = ["assessment__client__reference"]
    raw_id_fields = ["assessment"]


@admin.register(IdentifiedNeed)
class IdentifiedNeedAdmin(ClientRecordAdmin):
    client_path = "assessment__client"
    list_display = [client_reference("assessment__client"), "area", "priority", "centre"]
    list_filter = ["centre", "area", "priority"]
    list_select_related = ["assessment__client", "centre"]
    search_fields = ["assessment__client__reference"]
    raw_id_fields = ["assessment"]


@admin.register(CaseReferenceCounter)
class CaseReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ["centre", "year", "last_number"]
    list_filter = ["centre", "year"]


@admin.register(ClientAccessLog)
class ClientAccessLogAdmin(admin.ModelAdmin):
    """Append-only: the log can be read here, never written or erased."""

    list_display = ["at", client_reference("client"), "user", "role", "action", "what", "purpose", "ip_address", "centre"]
    list_filter = ["centre", "action", "role", "purpose"]
    list_select_related = ["client", "user", "centre"]
    search_fields = ["client__reference", "user__email", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Participation)
class ParticipationAdmin(ClientRecordAdmin):
    """Read-only: the entry and exit snapshots are what the funder's reports counted; they change only through
    the services (start, end, follow-up), which stamp who and why."""

    list_display = [client_reference("client"), "funding_source", "entry_date", "exit_date", "exit_reason", "centre"]
    list_filter = ["centre", "funding_source", "entry_sex", "exit_reason"]
    list_select_related = ["client", "funding_source", "centre"]
    search_fields = ["client__reference", "funding_source__project_code"]
    date_hierarchy = "entry_date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
