"""evaluations/: a provider evaluated against a standard for a period; a draft until made final, then immutable."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cus.core.models import Role
from cus.quality.models import EvaluationScore, ProviderEvaluation

from ..factories import ProviderFactory
from .factories import (
    CriterionFactory,
    EvaluationFactory,
    StandardFactory,
    final_evaluation,
    standard_with_criteria,
)

URL = "/api/v1/evaluations/"


@pytest.fixture
def standard(centre):
    return standard_with_criteria(centre, ("1", "2", "3"))


@pytest.fixture
def provider(centre):
    return ProviderFactory(centre=centre)


def body(standard, provider, scores=(), **extra) -> dict:
    criteria = list(standard.criteria.order_by("order"))
    return {
        "provider": str(provider.pk),
        "standard": str(standard.pk),
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "notes": "Visit to the provider's office",
        "scores": [{"criterion": str(c.pk), "score": s, "note": "seen"} for c, s in zip(criteria, scores, strict=False)],
        **extra,
    }


def test_an_evaluation_is_drafted_scored_and_made_final_with_its_weighted_score(api, coordinator, standard, provider):
    client = api(coordinator)
    created = client.post(URL, body(standard, provider, scores=(5, 3)))
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["status"], data["service_type"], data["weighted_score"]) == ("draft", str(standard.service_type_id), None)
    # running score: weights 1 and 2 at (5-1)/4 and (3-1)/4 -> (1*1 + 2*0.5) / 3 = 66.67 %
    assert data["current_score"] == "66.67"
    third = standard.criteria.get(order=2)
    patched = client.patch(f"{URL}{data['id']}/", {"scores": [{"criterion": str(third.pk), "score": 1}]})
    assert patched.status_code == 200, patched.json()
    final = client.post(f"{URL}{data['id']}/finalise/", {"reason": "half-year review"})
    assert final.status_code == 200, final.json()
    result = final.json()
    # (1*1 + 2*0.5 + 3*0) / 6 = 33.33 %
    assert (result["status"], result["weighted_score"]) == ("final", "33.33")
    assert result["finalised_at"] is not None
    evaluation = ProviderEvaluation.objects.get()
    record = evaluation.history.first()
    assert (record.history_user, record.history_change_reason, record.status) == (coordinator, "half-year review", "final")


def test_a_final_evaluation_cannot_be_changed(api, manager, standard, provider):
    evaluation = final_evaluation(standard, provider, [5, 5, 5])
    client = api(manager)
    response = client.patch(f"{URL}{evaluation.pk}/", {"notes": "changed my mind"})
    assert response.status_code == 409
    assert response.json()["code"] == "evaluation_final"
    assert client.post(f"{URL}{evaluation.pk}/finalise/").status_code == 409
    evaluation.refresh_from_db()
    assert evaluation.notes != "changed my mind"


def test_a_draft_with_unscored_criteria_cannot_be_made_final(api, coordinator, standard, provider):
    created = api(coordinator).post(URL, body(standard, provider, scores=(4,))).json()
    response = api(coordinator).post(f"{URL}{created['id']}/finalise/")
    assert response.status_code == 400
    assert "scores" in response.json()
    assert ProviderEvaluation.objects.get().status == "draft"


def test_retired_criteria_are_not_required_and_scores_keep_the_weight_they_had(api, manager, standard, provider):
    created = api(manager).post(URL, body(standard, provider, scores=(5, 1))).json()
    standard.criteria.filter(order=2).update(is_active=False)
    standard.criteria.filter(order=0).update(weight=Decimal("10"))
    response = api(manager).post(f"{URL}{created['id']}/finalise/")
    assert response.status_code == 200, response.json()
    # scored with weights 1 and 2 (copied when scored): (1*1 + 2*0) / 3
    assert response.json()["weighted_score"] == "33.33"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": "2025-12-31"}, "period_end"),
        ({"period_start": "someday"}, "period_start"),
        ({"provider": "5d5e4f0e-1111-4222-8333-444455556666"}, "provider"),
        ({"standard": "5d5e4f0e-1111-4222-8333-444455556666"}, "standard"),
        ({"scores": [{"criterion": "5d5e4f0e-1111-4222-8333-444455556666", "score": 3}]}, "scores"),
        ({"scores": [{"score": 3}]}, "scores"),
    ],
)
def test_bad_evaluation_input_is_refused_and_nothing_is_written(api, coordinator, standard, provider, change, field):
    response = api(coordinator).post(URL, {**body(standard, provider), **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not ProviderEvaluation.objects.exists()


def test_scores_outside_the_scale_or_of_another_standard_are_refused(api, coordinator, centre, standard, provider):
    criterion = standard.criteria.get(order=0)
    foreign = CriterionFactory(standard=StandardFactory(centre=centre))
    for scores in ([{"criterion": str(criterion.pk), "score": 6}],
                   [{"criterion": str(foreign.pk), "score": 3}],
                   [{"criterion": str(criterion.pk), "score": 3}, {"criterion": str(criterion.pk), "score": 4}]):
        response = api(coordinator).post(URL, {**body(standard, provider), "scores": scores})
        assert response.status_code == 400, scores
        assert "scores" in response.json()
    assert not ProviderEvaluation.objects.exists()
    assert not EvaluationScore.objects.exists()


def test_a_bad_score_in_a_patch_writes_nothing(api, coordinator, standard, provider):
    created = api(coordinator).post(URL, body(standard, provider, scores=(4,))).json()
    criterion = standard.criteria.get(order=0)
    response = api(coordinator).patch(
        f"{URL}{created['id']}/", {"notes": "new notes", "scores": [{"criterion": str(criterion.pk), "score": 0}]}
    )
    assert response.status_code == 400
    evaluation = ProviderEvaluation.objects.get()
    assert evaluation.notes == "Visit to the provider's office"
    assert evaluation.scores.get().score == 4


def test_another_centres_provider_or_standard_cannot_be_named(api, coordinator, other_centre, standard, provider):
    foreign_provider = ProviderFactory(centre=other_centre)
    foreign_standard = standard_with_criteria(other_centre)
    assert api(coordinator).post(URL, body(standard, foreign_provider)).status_code == 400
    assert api(coordinator).post(URL, body(foreign_standard, provider)).status_code == 400
    assert not ProviderEvaluation.objects.exists()


@pytest.mark.parametrize(
    ("role", "read_draft", "write", "change_others_draft"),
    [
        (Role.ADMIN, 200, 403, 403),
        (Role.MANAGER, 200, 201, 200),
        (Role.COORDINATOR, 200, 201, 403),
        (Role.PROVIDER, 404, 403, 403),
        (Role.VOLUNTEER, 404, 404, 404),
    ],
)
def test_role_matrix_on_evaluations(
    api, member, centre, standard, provider, role, read_draft, write, change_others_draft
):
    draft = EvaluationFactory(standard=standard, provider=provider)
    user = member(role, centre, **({"provider": provider} if role == Role.PROVIDER else {}))
    assert api(user).get(f"{URL}{draft.pk}/").status_code == read_draft
    assert api(user).post(URL, body(standard, provider)).status_code == write
    assert api(user).patch(f"{URL}{draft.pk}/", {"notes": "x"}).status_code == change_others_draft


def test_provider_staff_see_their_own_final_evaluations_only(api, member, centre, standard, provider):
    own_final = final_evaluation(standard, provider, [4, 4, 4])
    EvaluationFactory(standard=standard, provider=provider)  # a draft
    final_evaluation(standard, ProviderFactory(centre=centre), [1, 1, 1])  # another provider's
    staff = member(Role.PROVIDER, centre, provider=provider)
    response = api(staff).get(URL)
    assert [row["id"] for row in response.json()["results"]] == [str(own_final.pk)]


def test_another_centres_evaluation_is_not_found(api, manager, other_centre):
    foreign = final_evaluation(standard_with_criteria(other_centre), ProviderFactory(centre=other_centre), [3, 3, 3])
    draft = EvaluationFactory(standard=foreign.standard, provider=foreign.provider)
    client = api(manager)
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.patch(f"{URL}{draft.pk}/", {"notes": "x"}).status_code == 404
    assert client.post(f"{URL}{draft.pk}/finalise/").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_the_evaluation_list_takes_a_fixed_number_of_queries(api, manager, centre, standard,
                                                              django_assert_max_num_queries):
    for _ in range(5):
        final_evaluation(standard, ProviderFactory(centre=centre), [3, 4, 5])
    client = api(manager)
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.json()["count"] == 5
    assert all(len(row["scores"]) == 3 for row in response.json()["results"])


def test_a_coordinator_changes_only_the_drafts_they_started(api, coordinator, coordinator2, manager, standard, provider):
    created = api(coordinator).post(URL, body(standard, provider, scores=(5, 5, 5))).json()
    assert api(coordinator2).patch(f"{URL}{created['id']}/", {"notes": "mine now"}).status_code == 403
    assert api(coordinator2).post(f"{URL}{created['id']}/finalise/").status_code == 403
    assert api(manager).post(f"{URL}{created['id']}/finalise/").status_code == 200
    assert ProviderEvaluation.objects.get().notes == "Visit to the provider's office"
