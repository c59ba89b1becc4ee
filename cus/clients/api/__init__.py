"""The client registry's API: serializers, filters and views; ``register`` puts the views on the /api/v1/ router."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from .coverage import ConsentCoverageViewSet
from .views import (
    AccessLogViewSet,
    AssessmentViewSet,
    ClientViewSet,
    ConsentViewSet,
    ContactViewSet,
    ParticipationViewSet,
    ReferralViewSet,
)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("clients", ClientViewSet, basename="client")
    router.register("consents", ConsentViewSet, basename="consent")
    router.register("contacts", ContactViewSet, basename="contact")
    router.register("referrals", ReferralViewSet, basename="referral")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("participations", ParticipationViewSet, basename="participation")
    router.register("consent-coverage", ConsentCoverageViewSet, basename="consent-coverage")
    router.register("access-log", AccessLogViewSet, basename="access-log")
