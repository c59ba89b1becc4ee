"""The shipped service-type taxonomy: loaded by a migration, named in four languages, kept in sync."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from cus.catalogue.models import Category, DeliveryForm, ServiceType, Unit
from cus.catalogue.services import sync_shipped_service_types
from cus.catalogue.taxonomy import SHIPPED_SERVICE_TYPES

pytestmark = pytest.mark.django_db

# The table "Service types" of DOMAIN.md, in its order.
DOMAIN_CODES = [
    "home_care", "specialist_home_care", "personal_assistance", "respite_care", "telecare", "day_centre",
    "residential_care", "sheltered_housing", "nursing", "rehabilitation", "meals", "household_help", "transport",
    "social_counselling", "psychological_support", "crisis_intervention", "family_support", "early_intervention",
    "senior_activation", "leisure_activity", "social_rehabilitation", "employment_support", "shelter",
    "street_work", "legal_advice", "interpretation",
]


def shipped() -> list[ServiceType]:
    return list(ServiceType.objects.filter(centre__isnull=True, code__in=DOMAIN_CODES))


def test_all_26_shipped_types_are_present_after_migrations_in_the_domain_order():
    codes = list(ServiceType.objects.filter(centre__isnull=True).values_list("code", flat=True))
    assert len(DOMAIN_CODES) == 26
    assert codes == DOMAIN_CODES


def test_every_shipped_type_is_named_in_english_polish_czech_and_slovenian():
    for service_type in shipped():
        for language in ("en", "pl", "cs", "sl"):
            assert getattr(service_type, f"name_{language}").strip(), (service_type.code, language)


def test_names_use_the_native_terms():
    home_care = ServiceType.objects.get(code="home_care", centre__isnull=True)
    assert (home_care.name_pl, home_care.name_cs, home_care.name_sl) == (
        "Usługi opiekuńcze",
        "Pečovatelská služba",
        "Pomoč na domu",
    )
    assert home_care.legal_refs["CZ"] == "pečovatelská služba §40"


def test_shipped_types_have_the_category_and_unit_of_the_domain_table():
    by_code = {service_type.code: service_type for service_type in shipped()}
    assert (by_code["home_care"].category, by_code["home_care"].unit) == (Category.CARE, Unit.HOUR)
    assert (by_code["telecare"].category, by_code["telecare"].unit) == (Category.CARE, Unit.MONTH)
    assert (by_code["nursing"].category, by_code["nursing"].unit) == (Category.HEALTH, Unit.VISIT)
    assert (by_code["shelter"].category, by_code["shelter"].unit) == (Category.HOUSING, Unit.NIGHT)
    assert (by_code["street_work"].category, by_code["street_work"].unit) == (Category.PREVENTION, Unit.CONTACT)
    assert by_code["interpretation"].category == Category.OTHER
    assert by_code["residential_care"].delivery_form == DeliveryForm.RESIDENTIAL
    assert by_code["day_centre"].delivery_form == DeliveryForm.DAY


def test_shipped_types_pass_model_validation_and_only_name_known_countries():
    for service_type in shipped():
        service_type.full_clean()
        assert set(service_type.legal_refs) <= {"PL", "CZ", "SI"}
        assert service_type.legal_refs, service_type.code


def test_shipped_types_are_ordered_with_room_between_them():
    orders = [service_type.sort_order for service_type in ServiceType.objects.filter(centre__isnull=True)]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders)
    assert min(b - a for a, b in itertools.pairwise(orders)) >= 10


def test_service_type_name_follows_the_active_language():
    home_care = ServiceType.objects.get(code="home_care", centre__isnull=True)
    expected = {"en": "Care at home", "pl": "Usługi opiekuńcze", "cs": "Pečovatelská služba", "sl": "Pomoč na domu"}
    for language, name in expected.items():
        with translation.override(language):
            assert home_care.name == name
            assert str(home_care) == name


def test_service_type_name_falls_back_to_english_for_a_missing_or_unknown_language():
    service_type = ServiceType(code="x", name_en="Dog walking", name_pl="", category="other", unit="hour")
    with translation.override("pl"):
        assert service_type.name == "Dog walking"
    with translation.override("de"):
        assert service_type.name == "Dog walking"


def test_sync_is_idempotent_and_writes_no_history_when_nothing_changed():
    history_before = ServiceType.history.count()
    result = sync_shipped_service_types()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 26)
    assert ServiceType.objects.filter(centre__isnull=True, code__in=DOMAIN_CODES).count() == 26
    assert ServiceType.history.count() == history_before


def test_sync_restores_shipped_data_and_recreates_a_missing_type_with_history():
    ServiceType.objects.filter(code="meals", centre__isnull=True).update(name_pl="zmienione", active=False)
    ServiceType.objects.filter(code="telecare", centre__isnull=True).delete()
    result = sync_shipped_service_types()
    assert (result.created, result.updated) == (1, 1)
    meals = ServiceType.objects.get(code="meals", centre__isnull=True)
    assert meals.name_pl == "Posiłki i dowóz posiłków"
    assert meals.active
    assert meals.history.first().history_change_reason == "shipped taxonomy synced"
    assert ServiceType.objects.filter(code="telecare", centre__isnull=True).exists()


def test_sync_leaves_the_centres_own_types_alone(centre):
    own = ServiceType.objects.create(
        centre=centre, code="home_care", name_en="Our home care", category="care", unit="hour", delivery_form="home"
    )
    sync_shipped_service_types()
    own.refresh_from_db()
    assert own.name_en == "Our home care"


def test_sync_works_with_the_historical_model_a_migration_passes():
    state = MigrationExecutor(connection).loader.project_state(("catalogue", "0003_shipped_service_types"))
    historical_model = state.apps.get_model("catalogue", "ServiceType")
    result = sync_shipped_service_types(service_type_model=historical_model)
    assert result.unchanged == 26


def test_taxonomy_codes_are_unique_slugs():
    codes = [entry.code for entry in SHIPPED_SERVICE_TYPES]
    assert len(codes) == len(set(codes))
    assert all(code.replace("_", "").isalpha() and code.islower() for code in codes)
