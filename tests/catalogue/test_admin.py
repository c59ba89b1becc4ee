"""Django admin: every catalogue model with its history; shipped types and providers are not deletable."""

from __future__ import annotations

import pytest
from django.test import Client

from cus.core.models import User

from ..factories import LocationFactory, OfferingFactory
from .conftest import shipped


@pytest.fixture
def admin_client_(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(email="root@example.org", password="x"))
    return client


def test_every_catalogue_model_has_a_list_a_change_page_and_a_history(admin_client_, provider):
    offering = OfferingFactory(provider=provider, service_type=shipped("meals"))
    location = LocationFactory(provider=provider)
    for name, obj in (("servicetype", shipped("meals")), ("provider", provider), ("location", location),
                      ("offering", offering)):
        assert admin_client_.get(f"/admin/catalogue/{name}/").status_code == 200
        assert admin_client_.get(f"/admin/catalogue/{name}/{obj.pk}/change/").status_code == 200
        assert admin_client_.get(f"/admin/catalogue/{name}/{obj.pk}/history/").status_code == 200


def test_shipped_types_and_providers_cannot_be_deleted_in_the_admin(admin_client_, provider):
    assert admin_client_.get(f"/admin/catalogue/servicetype/{shipped('meals').pk}/delete/").status_code == 403
    assert admin_client_.get(f"/admin/catalogue/provider/{provider.pk}/delete/").status_code == 403


def test_shipped_type_change_page_is_read_only(admin_client_):
    page = admin_client_.get(f"/admin/catalogue/servicetype/{shipped('meals').pk}/change/").content.decode()
    assert 'name="name_en"' not in page


def test_admin_checks_and_normalises_a_providers_tax_id(admin_client_, provider):
    url = f"/admin/catalogue/provider/{provider.pk}/change/"
    form = {
        "centre": str(provider.centre_id), "name": provider.name, "legal_form": "foundation",
        "tax_id": "774-000-14-55", "tax_id_country": "PL", "description": "{}", "target_groups": "[]",
        "languages": "[]", "areas": "[]", "is_active": "on",
    }
    assert "tax_id" in admin_client_.post(url, form).context["adminform"].form.errors
    assert admin_client_.post(url, {**form, "tax_id": "774-000-14-54"}).status_code == 302
    provider.refresh_from_db()
    assert provider.tax_id == "7740001454"
