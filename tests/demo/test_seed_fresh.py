"""manage.py seed_demo on an empty database: the default size, --clients, determinism and bulk inserts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cus.catalogue.models import Provider
from cus.clients.models import Client, Referral
from cus.contracts.models import Contract
from cus.core.models import Centre
from cus.demo.builder import build
from cus.demo.centres import SOPOT_CENTRE

from .conftest import seed


def people(code: str) -> list[tuple]:
    return list(
        Client.objects.filter(centre__code=code)
        .order_by("national_id")
        .values_list("first_name", "last_name", "birth_date", "sex", "national_id", "street", "area")
    )


def test_seed_on_a_fresh_database_makes_the_default_demo(db):
    output = seed()
    gdynia = Centre.objects.get(code="gdy")
    assert (gdynia.name, gdynia.country, gdynia.language, gdynia.timezone, gdynia.currency) == (
        "Centrum Usług Społecznych w Gdyni", "PL", "pl", "Europe/Warsaw", "PLN"
    )
    assert Client.objects.filter(centre=gdynia).count() == 300
    assert Provider.objects.filter(centre=gdynia).count() >= 12
    assert "created" in output


def test_clients_option_sets_the_size_of_the_main_centre_only(db):
    seed("--clients", "25")
    assert Client.objects.filter(centre__code="gdy").count() == 25
    assert Client.objects.filter(centre__code="sop").count() == SOPOT_CENTRE.clients


def test_the_same_people_come_out_on_every_run_whatever_the_day(db):
    with transaction.atomic():
        build(clients=40, today=dt.date(2026, 3, 2))
        first = people("gdy")
        first_intake = Referral.objects.order_by("client__national_id").values_list("date", flat=True).first()
        transaction.set_rollback(True)
    assert not Centre.objects.exists()
    build(clients=40, today=dt.date(2026, 9, 15))
    assert people("gdy") == first
    later_intake = Referral.objects.order_by("client__national_id").values_list("date", flat=True).first()
    assert later_intake - first_intake == dt.timedelta(days=197)  # case dates move with today


def test_the_seed_inserts_in_bulk_not_one_query_per_client(db):
    def queries_and_rows(clients: int) -> tuple[int, int, int]:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            results = build(clients=clients)
            contracts = Contract.objects.count()
            transaction.set_rollback(True)
        rows = sum(sum(result.created.values()) for result in results if result.created)
        return len(captured.captured_queries), rows, contracts

    small_queries, small_rows, _contracts = queries_and_rows(20)
    queries, rows, contracts = queries_and_rows(400)
    # 20 times the clients: only more batches of a thousand rows (a row and its history row), and the
    # deliveries and statements are inserted contract by contract
    assert queries <= small_queries + 2 * (rows - small_rows) / 1000 + 4 * contracts + 12


def test_a_negative_number_of_clients_is_refused(db):
    with pytest.raises(CommandError):
        seed("--clients", "-1")
    assert not Centre.objects.exists()


def test_a_citys_contracts_are_let_in_lots_that_grow_with_its_clients(db):
    """Beyond a thousand clients each provider's yearly contract is one lot per thousand clients (contracts, lines
    and statements grow with the city); the demo of 300 keeps one contract a provider and year."""
    from collections import Counter

    from cus.contracts.models import ContractLine, ContractStatus
    from cus.demo.centres import CENTRES
    from cus.demo.steps.catalogue import create_providers
    from cus.demo.steps.contracts import create_contracts, create_funding_sources, lots_for
    from cus.demo.steps.staff import create_centre, create_memberships, create_staff

    steps = (create_staff, create_centre, create_providers, create_memberships, create_funding_sources,
             create_contracts)

    def contracts(clients: int) -> tuple[Counter[tuple], int]:
        with transaction.atomic():
            build(clients=clients, centres=CENTRES[:1], steps=steps)
            found = Counter(Contract.objects.values_list("provider__name", "start_date__year", "status"))
            titled = Contract.objects.filter(title__contains=f" — część 1 z {lots_for(clients)}").count()
            lines = ContractLine.objects.count()
            transaction.set_rollback(True)
        return found, titled, lines

    assert (lots_for(300), lots_for(1000), lots_for(2500), lots_for(20000)) == (1, 1, 3, 20)
    small, _titled, small_lines = contracts(300)
    city, titled, city_lines = contracts(2500)
    assert set(small.values()) == {1}
    assert {n for (_provider, _year, status), n in city.items() if status != ContractStatus.DRAFT} == {3}
    active = {provider for provider, _year, status in small if status == ContractStatus.ACTIVE}
    assert {provider for provider, _year, status in city if status == ContractStatus.ACTIVE} == active
    assert titled == len(city)  # one first lot in each provider's year
    assert city_lines > 2 * small_lines
