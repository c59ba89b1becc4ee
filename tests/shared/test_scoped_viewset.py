"""The one viewset base (cus.api.views.ScopedViewSet): what a viewset declares is what it does."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import include, path
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.serializers import ScopedModelWriteSerializer
from cus.api.views import ScopedViewSet
from cus.catalogue.models import Provider
from cus.core.access import Perm, in_centre
from cus.core.context import Actor
from tests.factories import ProviderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

CALLS: list[dict[str, Any]] = []


def create_provider(*, actor: Actor, **data: Any) -> Provider:
    CALLS.append({"actor": actor, **data})
    return Provider.objects.create(centre_id=actor.centre_id, legal_form="ngo", **data)


class ProviderOut(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "name"]


class ProviderIn(ScopedModelWriteSerializer):
    class Meta:
        model = Provider
        fields = ["name"]


class WritableProviders(ScopedViewSet):
    queryset = Provider.objects.none()
    selector = in_centre(Provider)
    read_perm = Perm.VIEW_CLIENTS  # staff only, for the test
    write_perm = Perm.MANAGE_CATALOGUE
    action_perms = {"touch": Perm.CREATE_CLIENTS}
    serializer_class = ProviderOut
    write_serializer_class = ProviderIn
    create_service = create_provider

    @action(detail=True, methods=["post"])
    def touch(self, request: Request, pk: str | None = None) -> Response:
        return self.rendered(self.get_object())


class ReadOnlyProviders(ScopedViewSet):
    queryset = Provider.objects.none()
    selector = in_centre(Provider)
    serializer_class = ProviderOut


router = DefaultRouter()
router.register("writable", WritableProviders, basename="writable")
router.register("readonly", ReadOnlyProviders, basename="readonly")
urlpatterns = [path("api/", include(router.urls))]


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def test_a_declared_service_is_called_with_the_actor_and_the_parsed_input(api, manager, centre):
    response = api(manager).post("/api/writable/", {"name": "Caritas"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Caritas"
    assert len(CALLS) == 1
    assert CALLS[0]["actor"].user == manager
    assert CALLS[0]["name"] == "Caritas"


def test_a_role_without_the_write_permission_is_refused_before_its_input_is_read(api, coordinator):
    response = api(coordinator).post("/api/writable/", {"name": ""}, format="json")  # invalid input, too
    assert response.status_code == 403
    assert CALLS == []


def test_a_role_without_the_read_permission_finds_nothing(api, provider_staff, centre):
    provider = ProviderFactory(centre=centre)
    assert api(provider_staff).get("/api/writable/").status_code == 404
    assert api(provider_staff).get(f"/api/writable/{provider.pk}/").status_code == 404


def test_an_action_may_need_another_permission(api, manager, coordinator, centre):
    provider = ProviderFactory(centre=centre)
    assert api(manager).post(f"/api/writable/{provider.pk}/touch/").status_code == 403
    assert api(coordinator).post(f"/api/writable/{provider.pk}/touch/").status_code == 200


def test_rows_come_from_the_selector_so_another_centre_is_not_found(api, manager, other_centre):
    elsewhere = ProviderFactory(centre=other_centre)
    assert api(manager).get(f"/api/readonly/{elsewhere.pk}/").status_code == 404
    assert api(manager).get("/api/readonly/").json()["count"] == 0


def test_without_a_declared_service_there_is_no_write(api, manager):
    assert api(manager).post("/api/readonly/", {"name": "x"}, format="json").status_code == 405
    assert not hasattr(ReadOnlyProviders, "create")
    assert not hasattr(ReadOnlyProviders, "partial_update")
