"""Anonymising leaves every funder-report figure exactly as it was: computed for several months of the seeded demo
before and after anonymising every closed client (and then every client at all)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cus.clients.models import Client
from cus.core.dates import add_months, centre_today, first_of_month
from cus.core.models import Centre
from cus.reports import figures
from cus.retention import anonymiser
from cus.retention.models import Anonymisation

from ..demo.conftest import FAST_HASHERS, seed

MONTHS = 12


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            seed("--clients", "60")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo, db) -> Centre:
    return Centre.objects.get(code="gdy")


def report_figures(centre: Centre, cut_off) -> dict[str, dict]:
    this_month = first_of_month(centre_today(centre))
    months = [add_months(this_month, -n) for n in range(MONTHS)]
    return {f"{m:%Y-%m}": dict(figures.compute(centre=centre, month=m, cut_off_at=cut_off)) for m in months}


def test_report_figures_are_identical_before_and_after_anonymising(demo):
    cut_off = timezone.now()
    before = report_figures(demo, cut_off)
    assert sum(len(month["services"]) + len(month["participant_rows"]) for month in before.values()) > 20

    closed = list(Client.objects.filter(centre=demo, status="closed"))
    assert closed
    anonymiser.anonymise_clients(closed, category="case_file")
    assert report_figures(demo, cut_off) == before

    everyone = list(Client.objects.filter(centre=demo))
    anonymiser.anonymise_clients(everyone, category="case_file")
    assert Anonymisation.objects.filter(centre=demo).count() == len(everyone)
    assert not Client.objects.filter(centre=demo).exclude(first_name=anonymiser.ANONYMISED_NAME).exists()
    assert report_figures(demo, cut_off) == before
