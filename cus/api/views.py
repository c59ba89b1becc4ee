"""API-wide view pieces: the actor (user + centre + role) resolved once per request, and the viewset base that
turns HTTP into service calls."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cus.core.context import Actor, actor_for


class ActorMixin(APIView):
    """Resolves ``self.actor`` from the user and the X-Centre header before any handler runs."""

    actor: Actor

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.actor = actor_for(request.user, request.headers.get("X-Centre"))  # type: ignore[arg-type]

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        if hasattr(self, "actor"):
            context["actor"] = self.actor
        return context


class ServiceViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE), thin: a write parses its input with
    ``write_serializer_class``, calls the app's service through ``perform_create_service`` /
    ``perform_update_service``, and answers with the record re-read through ``get_queryset`` and rendered by
    ``serializer_class`` (so a write's answer has the same scope and joins as a read)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    write_serializer_class: type[serializers.Serializer] = serializers.Serializer

    def parsed(self, serializer_class: type[serializers.Serializer], instance: Any = None) -> dict[str, Any]:
        """The request's validated input; partial (PATCH) when it changes an ``instance``."""
        serializer = serializer_class(
            instance, data=self.request.data, partial=instance is not None, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def rendered(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parsed(self.write_serializer_class)
        return self.rendered(self.perform_create_service(data), status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        data = self.parsed(self.write_serializer_class, instance)
        return self.rendered(self.perform_update_service(instance, data))

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError


def write_schema(write: type[serializers.Serializer], output: type[serializers.Serializer]) -> Any:
    """Document a ServiceViewSet's POST/PATCH: the write serializer as request, the output one as response."""
    return extend_schema_view(
        create=extend_schema(request=write, responses={201: output}),
        partial_update=extend_schema(request=write, responses={200: output}),
    )
