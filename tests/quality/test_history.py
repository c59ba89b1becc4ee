"""standards/{id}/history/ and evaluations/{id}/history/: who changed what, when and why."""

from __future__ import annotations

from cus.core.models import Role

from ..factories import ProviderFactory
from .factories import standard_with_criteria

STANDARDS = "/api/v1/standards/"
EVALUATIONS = "/api/v1/evaluations/"


def test_a_standards_history_shows_its_criteria_changes_with_user_and_reason(api, manager):
    from ..factories import ServiceTypeFactory

    client = api(manager)
    created = client.post(STANDARDS, {"service_type": str(ServiceTypeFactory().pk), "name": "Home care",
                                      "criteria": [{"text": "On time"}]}).json()
    criterion = created["criteria"][0]["id"]
    client.patch(f"{STANDARDS}{created['id']}/", {"criteria": [{"id": criterion, "weight": "2"}], "reason": "review"})
    response = client.get(f"{STANDARDS}{created['id']}/history/")
    assert response.status_code == 200
    entries = response.json()["results"]
    newest = entries[0]
    assert (newest["model"], newest["change_type"], newest["reason"]) == ("criterion", "changed", "review")
    assert newest["user"]["id"] == str(manager.pk)
    assert newest["changes"] == [
        {"field": "weight", "label": "Weight", "old": "1.00", "new": "2.00", "old_display": "1.00", "new_display": "2.00", "hidden": False}
    ]
    assert {(e["model"], e["change_type"]) for e in entries} == {
        ("standard", "created"), ("criterion", "created"), ("criterion", "changed")
    }


def test_an_evaluations_history_shows_scores_and_the_finalisation(api, coordinator, centre):
    standard = standard_with_criteria(centre, ("1",))
    criterion = standard.criteria.get()
    client = api(coordinator)
    created = client.post(EVALUATIONS, {
        "provider": str(ProviderFactory(centre=centre).pk), "standard": str(standard.pk),
        "period_start": "2026-01-01", "period_end": "2026-03-31",
        "scores": [{"criterion": str(criterion.pk), "score": 4}],
    }).json()
    client.post(f"{EVALUATIONS}{created['id']}/finalise/", {"reason": "Q1 review done"})
    entries = client.get(f"{EVALUATIONS}{created['id']}/history/").json()["results"]
    assert entries[0]["reason"] == "Q1 review done"
    status_change = next(c for c in entries[0]["changes"] if c["field"] == "status")
    assert status_change == {"field": "status", "label": "Status", "old": "draft", "new": "final",
                             "old_display": "Draft", "new_display": "Final", "hidden": False}
    assert any(e["model"] == "score" and e["change_type"] == "created" for e in entries)


def test_an_evaluations_history_names_providers_and_criteria_in_the_readers_language(api, coordinator, centre):
    standard = standard_with_criteria(centre, ("1",))
    criterion = standard.criteria.get()
    provider = ProviderFactory(centre=centre, name="Opiekunki Razem")
    client = api(coordinator)
    created = client.post(EVALUATIONS, {
        "provider": str(provider.pk), "standard": str(standard.pk), "period_start": "2026-01-01",
        "period_end": "2026-03-31", "scores": [{"criterion": str(criterion.pk), "score": 4}],
    }).json()
    client.post(f"{EVALUATIONS}{created['id']}/finalise/", {})

    entries = client.get(f"{EVALUATIONS}{created['id']}/history/", HTTP_ACCEPT_LANGUAGE="pl").json()["results"]

    final = entries[0]
    started = next(entry for entry in entries if (entry["model"], entry["change_type"]) == ("evaluation", "created"))
    assert final["model_label"] == "Ocena realizatora"
    status = next(change for change in final["changes"] if change["field"] == "status")
    assert (status["old_display"], status["new_display"]) == ("Wersja robocza", "Ostateczna")
    named = next(change for change in started["changes"] if change["field"] == "provider")
    assert (named["label"], named["new"], named["new_display"]) == ("Realizator usług", str(provider.pk), "Opiekunki Razem")
    score = next(entry for entry in entries if entry["model"] == "score")
    assert score["model_label"] == "Ocena kryterium"
    scored = next(change for change in score["changes"] if change["field"] == "criterion")
    assert (scored["label"], scored["new_display"]) == ("Kryterium", "Criterion 1")


def test_provider_staff_may_not_read_the_history_of_their_evaluation(api, member, centre):
    from .factories import final_evaluation

    provider = ProviderFactory(centre=centre)
    evaluation = final_evaluation(standard_with_criteria(centre, ("1",)), provider, [3])
    staff = member(Role.PROVIDER, centre, provider=provider)
    assert api(staff).get(f"{EVALUATIONS}{evaluation.pk}/").status_code == 200
    assert api(staff).get(f"{EVALUATIONS}{evaluation.pk}/history/").status_code == 403
