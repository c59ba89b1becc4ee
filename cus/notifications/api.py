"""Serializers and views for the actor's own notifications (thin: parse, call a service or selector, render)."""

from __future__ import annotations

import django_filters as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.serializers import ModelSerializer
from cus.api.views import ActorMixin, ScopedViewSet
from cus.core.access import Perm, can
from cus.core.errors import NotAllowed, NotFound

from . import selectors, services
from .models import Notification


class NotificationSerializer(ModelSerializer[Notification]):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "subject_type",
            "subject_id",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


CountSerializer = inline_serializer("NotificationCount", fields={"count": serializers.IntegerField()})
MarkedSerializer = inline_serializer("NotificationsMarked", fields={"marked": serializers.IntegerField()})


class NotificationViewSet(ScopedViewSet):
    """The actor's own notifications in the centre they act in; anyone else's answer 404."""

    open_to_outsiders = True  # everyone's own

    queryset = Notification.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.notifications_for
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    search_fields = ["title", "body"]
    ordering_fields = ["created_at", "read_at"]

    @extend_schema(responses=CountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[], pagination_class=None)
    def unread_count(self, request: Request) -> Response:
        return Response({"count": selectors.unread_count(self.actor)})

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, pk: str | None = None) -> Response:
        return self.rendered(services.mark_read(actor=self.actor, notification=self.get_object()))

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.mark_all_read(actor=self.actor)})


class ReminderSettingSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True, help_text="The kind's name in the request's language.")  # type: ignore[assignment]
    meaning = serializers.ChoiceField(
        read_only=True, choices=["days_before", "days_after_month", "days_waiting", "days_without", "switch"],
        help_text="What the lead time counts: days before a date, grace days after a month's end, days waited, "
                  "days without a log, or nothing (the setting only switches the reminder on or off).",
    )
    enabled = serializers.BooleanField()
    lead_days = serializers.IntegerField(min_value=0, max_value=365)
    default_lead_days = serializers.IntegerField(read_only=True)
    customised = serializers.BooleanField(read_only=True, help_text="False: the centre uses the default.")


class _ReminderSettingsBase(ActorMixin):
    """The centre's reminders are its managers' and administrators' (others: 404 to read, 403 to change)."""

    serializer_class = ReminderSettingSerializer

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        if not can(self.actor, Perm.MANAGE_REMINDERS):
            if request.method in ("GET", "HEAD", "OPTIONS"):
                raise NotFound()
            raise NotAllowed()


class ReminderSettingsView(_ReminderSettingsBase):
    @extend_schema(responses=ReminderSettingSerializer(many=True), summary="Every kind of reminder and its setting")
    def get(self, request: Request) -> Response:
        return Response(ReminderSettingSerializer(selectors.reminder_settings_for(self.actor), many=True).data)


class ReminderSettingView(_ReminderSettingsBase):
    @extend_schema(request=ReminderSettingSerializer, responses=ReminderSettingSerializer,
                   summary="Switch a kind of reminder on or off, or change its lead time")
    def patch(self, request: Request, kind: str) -> Response:
        serializer = ReminderSettingSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.set_reminder(actor=self.actor, kind=kind, **serializer.validated_data)
        [row] = selectors.reminder_settings_for(self.actor, kind=kind)
        return Response(ReminderSettingSerializer(row).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("notifications", NotificationViewSet, basename="notification")
