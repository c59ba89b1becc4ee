"""evaluations/summary/: per provider and service type, surveys and final evaluations, computed in the database."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from cus.core.models import Role
from cus.quality.selectors import MIN_SURVEYS_FOR_PROVIDERS

from ..factories import ProviderFactory, ServiceTypeFactory
from .factories import (
    EvaluationFactory,
    SurveyFactory,
    assigned_service,
    final_evaluation,
    standard_with_criteria,
)

URL = "/api/v1/evaluations/summary/"
KEYS = ("overall", "punctuality", "respect", "needs_met", "would_recommend")


def two_places(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


@pytest.fixture
def world(centre, coordinator, other_centre, member):
    """Two providers x two service types, surveys in and out of the window, final and draft evaluations."""
    rng = random.Random(6)
    providers = [ProviderFactory(centre=centre, name=name) for name in ("Alfa", "Beta")]
    types = [ServiceTypeFactory(), ServiceTypeFactory()]
    surveys, evaluations = [], []
    for provider in providers:
        for service_type in types:
            service = assigned_service(centre, coordinator, provider=provider, service_type=service_type)
            for _ in range(rng.randint(1, 5)):
                answers = {key: rng.choice([None, 1, 2, 3, 4, 5]) for key in KEYS[1:]}
                survey = SurveyFactory(
                    planned_service=service, overall=rng.randint(1, 5),
                    date=dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)), **answers,
                )
                surveys.append(survey)
            standard = standard_with_criteria(centre, ("1", "2.5"), service_type=service_type)
            for quarter in range(rng.randint(0, 3)):
                start = dt.date(2026, 1 + 3 * quarter, 1)
                evaluations.append(final_evaluation(
                    standard, provider, [rng.randint(1, 5), rng.randint(1, 5)],
                    period_start=start, period_end=start + dt.timedelta(days=89),
                ))
            EvaluationFactory(standard=standard, provider=provider)  # a draft: never counted
    # another centre's figures must not leak in
    foreign_coordinator = member(Role.COORDINATOR, other_centre)
    SurveyFactory(planned_service=assigned_service(other_centre, foreign_coordinator), overall=1)
    return providers, types, surveys, evaluations


def expected(surveys, evaluations, date_from=None, date_to=None) -> dict:
    """The summary computed independently, in Python."""
    rows: dict = {}
    for survey in surveys:
        if (date_from and survey.date < date_from) or (date_to and survey.date > date_to):
            continue
        row = rows.setdefault((str(survey.provider_id), str(survey.service_type_id)), {"surveys": [], "evals": []})
        row["surveys"].append(survey)
    for evaluation in evaluations:
        if (date_from and evaluation.period_end < date_from) or (date_to and evaluation.period_start > date_to):
            continue
        key = (str(evaluation.provider_id), str(evaluation.service_type_id))
        rows.setdefault(key, {"surveys": [], "evals": []})["evals"].append(evaluation)
    result = {}
    for key, row in rows.items():
        averages = {}
        for question in KEYS:
            given = [getattr(s, question) for s in row["surveys"] if getattr(s, question) is not None]
            averages[question] = two_places(Decimal(sum(given)) / len(given)) if given else None
        every = [getattr(s, q) for s in row["surveys"] for q in KEYS if getattr(s, q) is not None]
        scores = []
        for evaluation in row["evals"]:
            points = sum(
                s.weight * Decimal(s.score - s.scale_min) / Decimal(s.scale_max - s.scale_min)
                for s in evaluation.scores.all()
            )
            # each evaluation's score is kept to two places when it is made final; the summary averages those
            scores.append(Decimal(two_places(points * 100 / sum(s.weight for s in evaluation.scores.all()))))
        latest = max(row["evals"], key=lambda e: e.period_end, default=None)
        result[key] = {
            "survey_count": len(row["surveys"]),
            "survey_averages": averages,
            "survey_average": two_places(Decimal(sum(every)) / len(every)) if every else None,
            "evaluation_count": len(row["evals"]),
            "evaluation_score": two_places(sum(scores) / len(scores)) if scores else None,
            "latest_evaluation": str(latest.pk) if latest else None,
        }
    return result


def actual(response) -> dict:
    assert response.status_code == 200, response.json()
    return {
        (row["provider"], row["service_type"]): {
            "survey_count": row["survey_count"],
            "survey_averages": row["survey_averages"],
            "survey_average": row["survey_average"],
            "evaluation_count": row["evaluation_count"],
            "evaluation_score": row["evaluation_score"],
            "latest_evaluation": row["latest_evaluation"]["id"] if row["latest_evaluation"] else None,
        }
        for row in response.json()
    }


def test_the_summary_equals_an_independent_computation(api, manager, world):
    _providers, _types, surveys, evaluations = world
    assert actual(api(manager).get(URL)) == expected(surveys, evaluations)


def test_the_summary_window_counts_surveys_dated_in_it_and_evaluations_overlapping_it(api, manager, world):
    _providers, _types, surveys, evaluations = world
    date_from, date_to = dt.date(2026, 3, 15), dt.date(2026, 8, 31)
    response = api(manager).get(URL, {"from": "2026-03-15", "to": "2026-08-31"})
    assert actual(response) == expected(surveys, evaluations, date_from, date_to)


def test_the_summary_filters_by_provider_and_service_type(api, manager, world):
    providers, types, surveys, evaluations = world
    response = api(manager).get(URL, {"provider": str(providers[1].pk), "service_type": str(types[0].pk)})
    key = (str(providers[1].pk), str(types[0].pk))
    assert actual(response) == {key: expected(surveys, evaluations)[key]}
    row = response.json()[0]
    assert (row["provider_name"], row["service_type_name"]) == ("Beta", types[0].name_en)


def test_provider_staff_see_their_own_providers_summary_only(api, member, centre, world):
    providers, _types, surveys, evaluations = world
    staff = member(Role.PROVIDER, centre, provider=providers[0])
    own = {key: row for key, row in expected(surveys, evaluations).items() if key[0] == str(providers[0].pk)}
    for row in own.values():
        if row["survey_count"] < MIN_SURVEYS_FOR_PROVIDERS:  # no single client's answers can be read off
            row["survey_averages"] = dict.fromkeys(KEYS)
            row["survey_average"] = None
    assert {row["survey_count"] < MIN_SURVEYS_FOR_PROVIDERS for row in own.values()} == {True, False}
    assert actual(api(staff).get(URL)) == own
    # asking for another provider does not widen what they see
    assert actual(api(staff).get(URL, {"provider": str(providers[1].pk)})) == own


def test_volunteers_get_no_summary(api, volunteer, world):
    assert api(volunteer).get(URL).status_code == 404


def test_another_centre_sees_none_of_these_figures(api, member, other_centre, world):
    providers, *_ = world
    elsewhere = member(Role.MANAGER, other_centre)
    rows = api(elsewhere).get(URL).json()
    assert {row["provider"] for row in rows}.isdisjoint({str(p.pk) for p in providers})


@pytest.mark.parametrize(
    ("params", "field"),
    [({"from": "March"}, "from"), ({"to": "2026-13-01"}, "to"), ({"provider": "x"}, "provider"),
     ({"from": "2026-05-01", "to": "2026-04-01"}, "to")],
)
def test_bad_summary_parameters_are_refused(api, manager, params, field):
    response = api(manager).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_summary_takes_a_fixed_number_of_queries(api, manager, world, django_assert_max_num_queries):
    client = api(manager)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(response.json()) == 4


def test_means_are_exact_decimals_rounded_half_up(api, manager, centre, coordinator):
    from decimal import Decimal

    provider = ProviderFactory(centre=centre)
    service_type = ServiceTypeFactory()
    standard = standard_with_criteria(centre, ("1",), service_type=service_type)
    for kept in ("33.33", "33.34"):
        evaluation = final_evaluation(standard, provider, [3])
        evaluation.weighted_score = Decimal(kept)
        evaluation.save()
    service = assigned_service(centre, coordinator, provider=provider, service_type=service_type)
    for overall in (1, 2, 2):
        SurveyFactory(planned_service=service, overall=overall, punctuality=None, respect=None, needs_met=None,
                      would_recommend=None)
    [row] = api(manager).get(URL).json()
    assert row["evaluation_score"] == "33.34"  # 33.335, not the float 33.33499...
    assert row["survey_averages"]["overall"] == "1.67"
    assert row["survey_averages"]["respect"] is None
    assert row["survey_average"] == "1.67"
