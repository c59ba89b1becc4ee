"""Every figure of the monthly report recomputed independently from the raw rows of a seeded demo centre."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cus.clients.models import Client, Participation
from cus.contracts.models import FundingSource
from cus.core.dates import add_months
from cus.core.models import Centre
from cus.reports import figures

from ..factories import ClientFactory, FundingSourceFactory
from .factories import random_participation
from .independent import dump, expected_figures

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECTIONS = ("participants", "services", "contracts", "volunteers", "plans", "waiting_list")


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo (40 clients in the main centre) plus ESF+ participations, built once for the module."""
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("seed_demo", "--clients", "40", stdout=StringIO())
        centre = main_centre()
        rng = random.Random(2026)
        today = timezone.localdate()
        sources = list(FundingSource.objects.filter(centre=centre, kind="esf_plus")[:2])
        while len(sources) < 2:
            sources.append(FundingSourceFactory(centre=centre))
        taken = set(Participation.objects.filter(centre=centre).values_list("client_id", "funding_source_id"))
        for client in Client.objects.filter(centre=centre).order_by("reference"):
            for source in rng.sample(sources, rng.choice([1, 1, 2])):
                if (client.pk, source.pk) not in taken:  # the demo may have enrolled the client already
                    random_participation(rng, client, source, first=today - dt.timedelta(days=420), last=today)
        yield
        transaction.set_rollback(True)


def main_centre() -> Centre:
    return max(Centre.objects.all(), key=lambda c: Client.objects.filter(centre=c).count())


@pytest.fixture
def centre(_seeded, db) -> Centre:
    return main_centre()


def months_to_check() -> list[dt.date]:
    this_month = timezone.localdate().replace(day=1)
    return [add_months(this_month, -n) for n in (1, 2, 4, 7)]


def computed(data: Any) -> dict[str, Any]:
    found = {name: data[name] for name in SECTIONS}
    found["projects"] = [
        {"funding_source_id": p["funding_source_id"], "participants": p["participants"]} for p in data["projects"]
    ]
    return found


def test_the_seeded_month_has_something_in_every_section(centre):
    month = add_months(timezone.localdate().replace(day=1), -1)
    data = figures.compute(centre=centre, month=month, cut_off_at=timezone.now())

    assert data["participants"]["active"]["total"]["total"] > 0
    assert data["participants"]["cumulative"]["total"]["total"] >= data["participants"]["active"]["total"]["total"]
    assert len(data["projects"]) >= 2
    assert any(row["units_delivered"] != "0.00" for row in data["services"])
    assert any(row["units_planned"] != "0.00" for row in data["services"])
    assert data["contracts"]
    assert data["plans"]["active_at_month_end"] > 0
    assert data["volunteers"]["minutes"] > 0


@pytest.mark.parametrize("months_ago", [0, 1, 2, 3])
def test_every_figure_matches_an_independent_computation_from_raw_rows(centre, months_ago):
    month = months_to_check()[months_ago]
    cut_off = timezone.now()

    data = figures.compute(centre=centre, month=month, cut_off_at=cut_off)
    expected = expected_figures(dump(), centre, month, cut_off)

    found = computed(data)
    for section in expected:
        assert found[section] == expected[section], section


def test_rows_recorded_after_the_cut_off_are_not_counted(centre):
    month = months_to_check()[0]
    cut_off = timezone.now()
    before = figures.compute(centre=centre, month=month, cut_off_at=cut_off)

    source = FundingSource.objects.get(pk=before["projects"][0]["funding_source_id"])
    late = random_participation(
        random.Random(1), ClientFactory(centre=centre), source, first=month, last=month + dt.timedelta(days=3)
    )
    assert late.created_at > cut_off

    again = figures.compute(centre=centre, month=month, cut_off_at=cut_off)
    later = figures.compute(centre=centre, month=month, cut_off_at=timezone.now())

    assert computed(again) == computed(before)
    assert later["participants"]["new"]["total"]["total"] == before["participants"]["new"]["total"]["total"] + 1
    rows = dump()
    assert computed(again) == expected_figures(rows, centre, month, cut_off)
    assert computed(later)["participants"] == expected_figures(rows, centre, month, timezone.now())["participants"]


def test_the_participant_rows_are_pseudonymised_and_cover_the_active_participations(centre):
    month = months_to_check()[0]
    data = figures.compute(centre=centre, month=month, cut_off_at=timezone.now())

    rows = data["participant_rows"]
    assert len(rows) == data["participants"]["active"]["total"]["total"]
    names = {c.last_name for c in Client.objects.filter(centre=centre)}
    ids = {c.national_id for c in Client.objects.filter(centre=centre) if c.national_id}
    for row in rows:
        assert row["pseudonym"].startswith("P-")
        assert not (set(map(str, row.values())) & (names | ids))
    assert "birth_date" not in rows[0]
