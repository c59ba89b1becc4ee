"""API-wide view pieces: the actor (user + centre + role) resolved once per request."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
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
