"""The plans app's API: serializers, filters and views; ``register`` puts the views on the /api/v1/ router."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from .views import (
    GoalViewSet,
    PlannedServiceViewSet,
    PlanRulesView,
    PlanViewSet,
    ReviewViewSet,
    WaitingListViewSet,
)

__all__ = ["PlanRulesView", "register"]


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("plans", PlanViewSet, basename="plan")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("planned-services", PlannedServiceViewSet, basename="planned-service")
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("waiting-list", WaitingListViewSet, basename="waiting-list")
