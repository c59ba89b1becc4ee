"""API-wide view pieces: the actor (user + centre + role) resolved once per request, and the one viewset base
every app's endpoints are written with (``ScopedViewSet``).

A viewset declares what it is; the base does the rest::

    class ConsentViewSet(ScopedViewSet):
        queryset = Consent.objects.none()        # the model, for the schema; rows come from ``selector``
        selector = selectors.consents_for        # what the actor may see (tenancy and role scoping)
        read_perm = Perm.VIEW_CLIENTS            # without it the endpoint does not exist for the role (404)
        write_perm = Perm.EDIT_CLIENTS           # without it a write is refused (403) before its body is read
        action_perms = {"withdraw": Perm.EDIT_CLIENTS}   # actions needing another permission than write_perm
        serializer_class = ConsentSerializer     # the output
        write_serializer_class = ConsentWriteSerializer  # the input of POST (and of PATCH unless
        update_serializer_class = ...                    # ... this names another)
        create_service = services.create_consent  # called as create_consent(actor=..., **input)
        update_service = services.update_consent  # called as update_consent(actor=..., consent=record, **input)
        instance_name = "consent"

``initial()`` maps the HTTP method (or the action) to its permission once, for every app; object-level
rules (only the plan's coordinator changes it) stay in the services. A write answers with the record re-read
through the selector, so a write's answer has the same scope and joins as a read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cus.core.access import Perm, can
from cus.core.client_address import client_ip
from cus.core.context import Actor, request_actor
from cus.core.errors import NotAllowed, NotFound
from cus.core.history import Timeline, TimelineEntry
from cus.core.models import Role
from cus.core.reads import PURPOSE_HEADER, Origin, client_id_at, purpose_for, record_reads

from . import versions
from .serializers import TimelineEntrySerializer

PermSpec = Perm | tuple[Perm, ...] | None

# Roles to whom an endpoint is closed unless it is ``open_to_outsiders``: staff of partner organisations.
CLOSED_ROLES = frozenset({Role.PARTNER})


def allows(actor: Actor, perm: PermSpec) -> bool:
    """True when ``perm`` is None (no permission needed) or the actor's role has it (any of a tuple)."""
    if perm is None:
        return True
    perms = perm if isinstance(perm, tuple) else (perm,)
    return any(can(actor, one) for one in perms)


def _own_copy(function: Callable[..., Any]) -> Callable[..., Any]:
    """A new function object running ``function`` (one per viewset, to carry that viewset's schema)."""

    @functools.wraps(function)
    def handler(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return handler


class ActorMixin(APIView):
    """Resolves ``self.actor`` from the user and the X-Centre header before any handler runs."""

    actor: Actor

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.actor = request_actor(request._request, request.user)  # type: ignore[arg-type]

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        if hasattr(self, "actor"):
            context["actor"] = self.actor
        return context


EXPORTABLE: dict[str, type[ScopedViewSet]] = {}  # the lists that may be exported, by name (``export_name``)


class ScopedViewSet(ActorMixin, viewsets.GenericViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE): the one way an endpoint is written (see the module)."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    reads: ClassVar[tuple[str, ...]] = ("list", "retrieve")  # ("list",): a list without a /{id}/ route

    # Closed by default to the roles of people outside the centre's service chain (``CLOSED_ROLES``: partner
    # organisations' staff): the endpoint does not exist for them (404) unless it says it is open to them. They
    # never see client data, whatever a selector would return.
    open_to_outsiders: ClassVar[bool] = False

    selector: ClassVar[Callable[[Actor], QuerySet[Any]] | None] = None
    # The list may be exported as CSV/XLSX with its filters under this name (its route; ``cus.api.exports``): its
    # serializer's fields without ids and nested records, or ``export_fields`` in that order.
    export_name: ClassVar[str] = ""
    export_fields: ClassVar[tuple[str, ...] | None] = None
    read_perm: ClassVar[PermSpec] = None
    write_perm: ClassVar[PermSpec] = None
    action_perms: ClassVar[dict[str, PermSpec]] = {}

    write_serializer_class: ClassVar[type[serializers.Serializer] | None] = None
    update_serializer_class: ClassVar[type[serializers.Serializer] | None] = None
    create_service: ClassVar[Callable[..., Any] | None] = None
    update_service: ClassVar[Callable[..., Any] | None] = None
    instance_name: ClassVar[str] = ""

    # Records of a client's (``cus.core.reads``): the path from a record to its client (``""``: the record is the
    # client; ``"plan__client"``), None for records that are nobody's. Every successful GET answering such records
    # writes the access log for each client on it, in one insert; ``client_read_actions`` names what a read was
    # (by the viewset's action; anything else is a view; "" for an action whose service logs the read itself).
    logs_client_reads: ClassVar[str | None] = None
    client_read_actions: ClassVar[dict[str, str]] = {"list": "list", "history": "history"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A declared create/update service is what makes POST/PATCH exist (405 otherwise), documented with the
        input serializer as the request and ``serializer_class`` as the answer."""
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("export_name"):
            EXPORTABLE[cls.export_name] = cls
        documented: dict[str, Any] = {}
        output = getattr(cls, "serializer_class", None)
        readers: dict[str, Callable[..., Any]] = {
            "list": mixins.ListModelMixin.list, "retrieve": mixins.RetrieveModelMixin.retrieve,
        }
        for name in cls.reads:
            if not hasattr(cls, name):
                setattr(cls, name, _own_copy(readers[name]))
        # Each class gets its own handler function: the schema annotation is stored on the function, so one
        # shared by every viewset would document all of them with the last one's serializers.
        if cls.create_service is not None and not hasattr(cls, "create"):
            cls.create = _own_copy(ScopedViewSet._create_with_service)  # type: ignore[attr-defined]
            documented["create"] = extend_schema(request=cls.write_serializer_class, responses={201: output})
        if cls.update_service is not None and not hasattr(cls, "partial_update"):
            cls.partial_update = _own_copy(ScopedViewSet._update_with_service)  # type: ignore[attr-defined]
            versioned = versions.is_versioned(getattr(getattr(cls, "queryset", None), "model", None))
            documented["partial_update"] = extend_schema(
                request=cls.update_serializer_class or cls.write_serializer_class,
                responses={200: output, 412: versions.StaleRecordSerializer} if versioned else {200: output},
                parameters=[versions.IF_MATCH_PARAMETER] if versioned else None,
            )
        if documented:
            extend_schema_view(**documented)(cls)

    # --- permissions ------------------------------------------------------------------------------

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """The actor, then the permission this method or action needs, before any input is read."""
        super().initial(request, *args, **kwargs)
        if self.actor.role in CLOSED_ROLES and not self.open_to_outsiders:
            raise NotFound()
        if not allows(self.actor, self.read_perm):
            raise NotFound()
        if request.method not in SAFE_METHODS:
            perm = self.action_perms.get(self.action or "", self.write_perm)
            if not allows(self.actor, perm):
                raise NotAllowed()
        self._read_records: list[Any] = []
        if self.logs_client_reads is not None:
            self._read_purpose = purpose_for(self.actor.role, request.headers.get(PURPOSE_HEADER))

    # --- reads of client data: the access log ---------------------------------------------------------

    def note_read(self, records: Any) -> None:
        """``records`` (a record, a page, a queryset) are answered to the reader: log them if they are a client's."""
        if self.logs_client_reads is not None and hasattr(self, "_read_records"):
            self._read_records.append(records)

    def client_reads(self) -> tuple[str, list[Any]] | None:
        """What this request read of whose: (the ``AccessAction`` value, the clients' ids), or None for nothing."""
        path = self.logs_client_reads
        if path is None:
            return None
        ids: list[Any] = []
        for records in self._read_records:
            many = records if isinstance(records, list | tuple | QuerySet) else [records]
            ids.extend(client_id_at(record, path) for record in many)
        return self.client_read_actions.get(self.action or "", "view"), ids

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            self.detail and 200 <= response.status_code < 300 and isinstance(getattr(response, "data", None), dict)
            and "revision" in response.data and versions.is_versioned(getattr(type(self).queryset, "model", None))
        ):
            response["ETag"] = f'"{response.data["revision"]}"'  # what an If-Match of the next write names
        if (
            request.method in SAFE_METHODS
            and 200 <= response.status_code < 300
            and getattr(self, "_read_records", None)
            and hasattr(self, "actor")
        ):
            reads = self.client_reads()
            if reads is not None and reads[0]:
                queryset = type(self).queryset
                record_reads(
                    self.actor,
                    action=reads[0],
                    what=(queryset.model._meta.model_name or "") if queryset is not None else "",
                    client_ids=reads[1],
                    origin=Origin(
                        path=request.get_full_path(),
                        ip_address=client_ip(request),
                        user_agent=request.META.get("HTTP_USER_AGENT", ""),
                        purpose=self._read_purpose,
                    ),
                )
        return response

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and kwargs.get("many") and self.request.method in SAFE_METHODS:
            self.note_read(args[0])
        return super().get_serializer(*args, **kwargs)

    # --- reads ------------------------------------------------------------------------------------

    def get_queryset(self) -> QuerySet[Any]:
        selector = type(self).selector
        if selector is None or not hasattr(self, "actor"):  # the schema generator has no actor
            return super().get_queryset()
        return selector(self.actor)

    def timeline_page(
        self, timeline: Timeline, subject: Any,
        decorate: Callable[[list[TimelineEntry]], list[TimelineEntry]] | None = None,
    ) -> Response:
        """A page of ``subject``'s timeline (newest first) as ``TimelineEntrySerializer`` renders it."""
        if self.logs_client_reads is not None and not can(self.actor, Perm.VIEW_CLIENTS):
            raise NotFound()  # provider staff see no history of client data
        page = self.paginate_queryset(timeline.index(subject))
        entries = timeline.entries(page or [], reveal_special=self.reveals_special_category(subject))
        if decorate is not None:
            entries = decorate(entries)
        return self.get_paginated_response(TimelineEntrySerializer(entries, many=True).data)

    def reveals_special_category(self, subject: Any) -> bool:
        """Whether the values of special-category fields on ``subject``'s history are shown: to the data-protection
        officer, and to the coordinator of the client the subject is (or is kept under)."""
        if can(self.actor, Perm.VIEW_OLD_VALUES) or self.logs_client_reads is None:
            return True
        client: Any = subject
        for step in filter(None, self.logs_client_reads.split("__")):
            client = getattr(client, step, None)
        return client is not None and getattr(client, "coordinator_id", None) == self.actor.user.pk

    def get_object(self) -> Any:
        """The record in the actor's reach (404 otherwise); for a write also ``check_writable`` (403), before the
        write's body is read. A read of it is noted for the access log (``logs_client_reads``)."""
        instance = super().get_object()
        if self.request.method not in SAFE_METHODS:
            self.check_writable(instance)
            if versions.is_versioned(type(instance)):
                self.check_current(instance)
        else:
            self.note_read(instance)
        return instance

    def check_writable(self, instance: Any) -> None:
        """Refuse (raise NotAllowed) a write to this record whatever its input, e.g. a shipped service type; the
        rules that depend on the input stay in the services."""

    # --- writes -----------------------------------------------------------------------------------

    def parsed(self, serializer_class: type[serializers.Serializer], instance: Any = None, *,
               data: Any = None) -> dict[str, Any]:
        """The request's validated input (``data`` instead of the body when given); partial when it changes an
        ``instance``. Invalid input is a 400 naming each field."""
        serializer = serializer_class(
            instance,
            data=self.request.data if data is None else data,
            partial=instance is not None,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def query(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The request's validated query parameters."""
        return self.parsed(serializer_class, data=self.request.query_params)

    def rendered(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """The record as a read shows it: re-read through the selector and rendered by ``serializer_class``."""
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def rendered_many(self, instances: list[Any], status_code: int = status.HTTP_200_OK) -> Response:
        found = self.get_queryset().in_bulk([instance.pk for instance in instances])
        data = self.get_serializer([found[instance.pk] for instance in instances], many=True).data
        return Response(data, status=status_code)

    def perform_create_service(self, data: dict[str, Any]) -> Any:
        service = type(self).create_service
        if service is None:
            raise NotImplementedError(f"{type(self).__name__} declares no create_service")
        return service(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Any:
        service = type(self).update_service
        if service is None:
            raise NotImplementedError(f"{type(self).__name__} declares no update_service")
        return service(actor=self.actor, **{self.instance_name: instance}, **data)

    def _create_with_service(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assert self.write_serializer_class is not None, f"{type(self).__name__} declares no write_serializer_class"
        data = self.parsed(self.write_serializer_class)
        return self.rendered(self.perform_create_service(data), status.HTTP_201_CREATED)

    def _update_with_service(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer_class = self.update_serializer_class or self.write_serializer_class
        assert serializer_class is not None, f"{type(self).__name__} declares no write_serializer_class"
        with transaction.atomic():
            instance = self.get_object()  # locked and checked against If-Match (``check_current``)
            data = self.parsed(serializer_class, instance)
            updated = self.perform_update_service(instance, data)
        return self.rendered(updated)

    def check_current(self, instance: Any) -> None:
        """A record several people edit (``Versioned``) about to be written: refuse the write (412) when
        ``If-Match`` names another revision than the one it has now (``cus.api.versions``). Inside a transaction
        (a PATCH) its row is locked first, so two writes made from the same read cannot both pass."""
        if transaction.get_connection().in_atomic_block:
            revision = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values_list(
                "revision", flat=True
            ).get()
            if revision != instance.revision:
                instance.refresh_from_db()  # changed between the read and the lock: the write sees the current row
        if not versions.is_current(self.request, instance):
            current = self.get_serializer(self.get_queryset().get(pk=instance.pk)).data
            raise versions.stale_record(self.request, instance, current=current)


def write_schema(write: type[serializers.Serializer], output: type[serializers.Serializer]) -> Any:
    """Document a POST/PATCH whose request and response the base cannot infer (a custom ``create``)."""
    return extend_schema_view(
        create=extend_schema(request=write, responses={201: output}),
        partial_update=extend_schema(request=write, responses={200: output}),
    )
