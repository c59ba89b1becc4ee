"""The catalogue's services called directly: the rules hold whatever the caller (API, admin, import)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cus.catalogue import services
from cus.catalogue.models import Offering
from cus.core.context import actor_for
from cus.core.errors import NotAllowed, NotFound, ValidationError

from ..factories import LocationFactory, OfferingFactory, ProviderFactory, ServiceTypeFactory
from .conftest import shipped


def test_provider_lists_are_normalised(admin_user):
    provider = services.create_provider(
        actor=actor_for(admin_user),
        name="Fundacja Dobro",
        legal_form="foundation",
        languages=["PL", "uk", "pl", " "],
        areas=[" Śródmieście ", "Śródmieście", ""],
        target_groups=["seniors", "seniors"],
        description={"PL": " Opis ", "en": "  "},
    )
    provider.refresh_from_db()
    assert provider.languages == ["pl", "uk"]
    assert provider.areas == ["Śródmieście"]
    assert provider.target_groups == ["seniors"]
    assert provider.description == {"pl": "Opis"}


def test_tax_id_country_defaults_to_the_centres_and_a_cleared_tax_id_is_allowed(admin_user, centre):
    actor = actor_for(admin_user)
    provider = services.create_provider(actor=actor, name="Firma", legal_form="company", tax_id="PL 526-025-02-74")
    assert (provider.tax_id, provider.tax_id_country) == ("5260250274", centre.country)
    provider = services.update_provider(actor=actor, provider=provider, tax_id="")
    assert provider.tax_id == ""


def test_changing_only_the_country_rechecks_the_tax_id(admin_user):
    actor = actor_for(admin_user)
    provider = services.create_provider(actor=actor, name="Firma", legal_form="company", tax_id="7740001454")
    with pytest.raises(ValidationError) as excinfo:
        services.update_provider(actor=actor, provider=provider, tax_id_country="CZ")
    assert "tax_id" in excinfo.value.message_dict
    provider.refresh_from_db()
    assert provider.tax_id_country == "PL"


def test_unknown_fields_are_a_programming_error(admin_user):
    with pytest.raises(TypeError):
        services.create_provider(actor=actor_for(admin_user), name="X", legal_form="company", colour="red")


def test_a_manager_cannot_write_to_another_centres_provider(manager, foreign_provider):
    actor = actor_for(manager)
    with pytest.raises(NotFound):
        services.update_provider(actor=actor, provider=foreign_provider, name="Mine")
    with pytest.raises(ValidationError) as excinfo:
        services.create_offering(actor=actor, provider=foreign_provider, service_type=shipped("meals"))
    assert "provider" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.create_location(actor=actor, provider=foreign_provider, name="Tu")
    assert not Offering.objects.filter(provider=foreign_provider).exists()


def test_provider_staff_may_edit_only_their_own_providers_offerings(provider_staff, own_provider, provider):
    actor = actor_for(provider_staff)
    assert services.can_edit_offerings_of(actor, own_provider)
    assert not services.can_edit_offerings_of(actor, provider)
    with pytest.raises(NotAllowed):
        services.create_offering(actor=actor, provider=provider, service_type=shipped("meals"))
    with pytest.raises(NotAllowed):
        services.update_provider(actor=actor, provider=own_provider, name="Renamed")
    offering = services.create_offering(actor=actor, provider=own_provider, service_type=shipped("meals"), cost="7.5")
    assert offering.cost == Decimal("7.5")


def test_offering_locations_are_checked_and_set(manager, provider, centre):
    actor = actor_for(manager)
    mine = LocationFactory(provider=provider)
    theirs = LocationFactory(provider=ProviderFactory(centre=centre))
    with pytest.raises(ValidationError) as excinfo:
        services.create_offering(actor=actor, provider=provider, service_type=shipped("meals"), locations=[theirs])
    assert "locations" in excinfo.value.message_dict
    offering = services.create_offering(actor=actor, provider=provider, service_type=shipped("meals"), locations=[mine])
    assert list(offering.locations.all()) == [mine]
    services.update_offering(actor=actor, offering=offering, locations=[])
    assert offering.locations.count() == 0


def test_changing_an_offerings_service_type_to_a_retired_one_is_refused(manager, provider, centre):
    retired = ServiceTypeFactory(centre=centre, code="retired", active=False)
    offering = OfferingFactory(provider=provider, service_type=shipped("meals"))
    with pytest.raises(ValidationError) as excinfo:
        services.update_offering(actor=actor_for(manager), offering=offering, service_type=retired)
    assert "service_type" in excinfo.value.message_dict


def test_centre_types_are_edited_only_by_their_centres_admins(admin_user, other_centre):
    theirs = ServiceTypeFactory(centre=other_centre, code="sopot_beach")
    with pytest.raises(NotFound):
        services.update_service_type(actor=actor_for(admin_user), service_type=theirs, name_en="Mine")
    with pytest.raises(NotAllowed):
        services.update_service_type(actor=actor_for(admin_user), service_type=shipped("meals"), name_en="Food")
