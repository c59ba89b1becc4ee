"""Factories and builders for report tests: ESF+ participations (entry snapshots frozen from a client)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import factory
from factory.django import DjangoModelFactory

from cus.clients.models import Client, Participation
from cus.contracts.models import FundingSource

from ..factories import ClientFactory, FundingSourceFactory

LABOUR = ["", "employed", "self_employed", "unemployed", "long_term_unemployed", "inactive", "in_education"]
EDUCATION = ["", "isced_0_2", "isced_3_4", "isced_5_8"]
FLAGS = [None, True, False, False]
EXIT_REASONS = ["goals_achieved", "moved_away", "refused", "transferred", "project_ended"]


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    client = factory.SubFactory(ClientFactory)
    centre = factory.SelfAttribute("client.centre")
    funding_source = factory.SubFactory(FundingSourceFactory, centre=factory.SelfAttribute("..centre"))
    entry_date = dt.date(2026, 1, 15)
    entry_age = 40
    entry_sex = factory.SelfAttribute("client.sex")


def random_participation(
    rng: random.Random, client: Client, source: FundingSource, *, first: dt.date, last: dt.date
) -> Participation:
    """A participation of ``client`` entered between ``first`` and ``last``, with varied attributes and results."""
    entry = first + dt.timedelta(days=rng.randint(0, (last - first).days))
    fields: dict[str, Any] = {
        "entry_age": rng.choice([15, 17, 18, 29, 30, 54, 55, 70, 88]),
        "entry_sex": rng.choice(["female", "female", "male", "other"]),
        "entry_labour_market_status": rng.choice(LABOUR),
        "entry_education_level": rng.choice(EDUCATION),
        "entry_has_disability": rng.choice(FLAGS),
        "entry_third_country_national": rng.choice(FLAGS),
        "entry_foreign_background": rng.choice(FLAGS),
        "entry_minority": rng.choice(FLAGS),
        "entry_homeless_or_housing_exclusion": rng.choice(FLAGS),
        "entry_rural_area": rng.choice(FLAGS),
    }
    if rng.random() < 0.5:
        exit_date = entry + dt.timedelta(days=rng.randint(0, 200))
        if exit_date <= last:
            fields.update(
                exit_date=exit_date,
                exit_reason=rng.choice(EXIT_REASONS),
                exit_job_searching=rng.choice(FLAGS),
                exit_in_education_or_training=rng.choice(FLAGS),
                exit_gained_qualification=rng.choice(FLAGS),
                exit_in_employment=rng.choice(FLAGS),
                followup_in_employment=rng.choice(FLAGS),
                followup_improved_situation=rng.choice(FLAGS),
            )
    return ParticipationFactory(client=client, funding_source=source, entry_date=entry, **fields)
