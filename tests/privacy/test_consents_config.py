"""The centre's legal bases: documented defaults per country (a data file), a new centre starts with its country's,
each centre configures its own (its administrator only, every change in the history with a reason); the centre's
staff read them; provider staff and volunteers have no such endpoint; another centre's purpose is not found."""

from __future__ import annotations

import pytest

from cus.core.models import Role
from cus.privacy.defaults import DEFAULTS_FILE, all_defaults, defaults_for, parse
from cus.privacy.models import LegalBasis, ProcessingPurpose, Purpose

from ..factories import CentreFactory

URL = "/api/v1/processing-purposes/"


def row(centre, purpose: Purpose) -> ProcessingPurpose:
    return ProcessingPurpose.objects.get(centre=centre, purpose=purpose)


# --- the shipped defaults ------------------------------------------------------------------------------------------


def test_the_defaults_file_gives_every_purpose_a_basis_and_a_reference_for_pl_cz_and_si():
    table = parse(DEFAULTS_FILE.read_text(encoding="utf-8"))
    assert set(table) == {"PL", "CZ", "SI"}
    for country, purposes in table.items():
        assert set(purposes) == set(Purpose), country
        for default in purposes.values():
            assert default.legal_reference, (country, default.purpose)
            assert default.why, (country, default.purpose)


def test_a_defaults_file_missing_a_purpose_or_naming_an_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="missing purposes"):
        parse('[PL.surveys]\nbasis = "consent"\n')
    complete = "".join(f'[XX.{purpose}]\nbasis = "consent"\n' for purpose in Purpose.values)
    with pytest.raises(ValueError, match="unknown basis"):
        parse(complete.replace('basis = "consent"', 'basis = "legitimate_interest"', 1))


def test_the_defaults_differ_by_country_where_the_law_does():
    assert defaults_for("PL")[Purpose.SHARING_WITH_PROVIDERS].legal_basis == LegalBasis.PUBLIC_TASK
    assert defaults_for("CZ")[Purpose.SHARING_WITH_PROVIDERS].legal_basis == LegalBasis.CONSENT
    for country in ("PL", "CZ", "SI"):
        assert defaults_for(country)[Purpose.EU_PROJECT].legal_basis == LegalBasis.LAW  # ESF+ 2021-2027
        assert defaults_for(country)[Purpose.SURVEYS].legal_basis == LegalBasis.CONSENT
    assert all_defaults()["*"][Purpose.PHOTOS].legal_basis == LegalBasis.CONSENT


@pytest.mark.parametrize("country", ["PL", "CZ", "SI"])
def test_a_new_centre_starts_with_its_countrys_defaults(db, country):
    centre = CentreFactory(country=country)
    rows = {record.purpose: record for record in ProcessingPurpose.objects.filter(centre=centre)}
    assert set(rows) == set(Purpose.values)
    for purpose, default in defaults_for(country).items():
        assert rows[purpose].legal_basis == default.legal_basis
        assert rows[purpose].legal_reference == default.legal_reference
    assert rows[Purpose.SURVEYS].history.get().history_change_reason == "country default"


# --- reading and changing them -------------------------------------------------------------------------------------


def test_the_staff_read_the_centres_purposes_with_the_default_beside_each(api, coordinator, centre):
    response = api(coordinator).get(URL)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["purpose"] for item in results] == list(Purpose.values)  # the purposes' own order
    sharing = next(item for item in results if item["purpose"] == "sharing_with_providers")
    assert sharing["legal_basis"] == sharing["default_legal_basis"] == "public_task"
    assert sharing["consent_kind"] == "sharing_with_providers"
    assert sharing["enforced"] is True
    assert sharing["default_why"]
    assert next(item for item in results if item["purpose"] == "photos")["enforced"] is False


def test_the_administrator_changes_a_basis_with_a_reason_kept_in_the_history(api, admin_user, centre):
    record = row(centre, Purpose.SHARING_WITH_PROVIDERS)
    response = api(admin_user).patch(
        f"{URL}{record.pk}/",
        {"legal_basis": "consent", "note": "We share only with the client's consent.", "reason": "DPO opinion 3/2026"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["legal_basis"] == "consent"
    assert response.json()["default_legal_basis"] == "public_task"
    record.refresh_from_db()
    assert (record.legal_basis, record.note) == ("consent", "We share only with the client's consent.")
    history = api(admin_user).get(f"{URL}{record.pk}/history/").json()["results"]
    assert history[0]["reason"] == "DPO opinion 3/2026"
    assert history[0]["user"]["id"] == str(admin_user.pk)
    assert {change["field"] for change in history[0]["changes"]} == {"legal_basis", "note"}


def test_each_centre_configures_its_own(api, member, centre, other_centre):
    mine = row(centre, Purpose.SURVEYS)
    theirs = row(other_centre, Purpose.SURVEYS)
    admin = member(Role.ADMIN, centre)
    assert api(admin).patch(
        f"{URL}{mine.pk}/", {"legal_basis": "public_task", "legal_reference": "Art. 6(1)(e) GDPR"}
    ).status_code == 200
    theirs.refresh_from_db()
    assert theirs.legal_basis == "consent"
    assert api(admin).patch(f"{URL}{theirs.pk}/", {"legal_basis": "law"}).status_code == 404
    assert api(admin).get(f"{URL}{theirs.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"legal_basis": "law", "legal_reference": ""}, "legal_reference"),
        ({"legal_basis": "legitimate_interest"}, "legal_basis"),
        ({"legal_reference": "x" * 501}, "legal_reference"),
    ],
    ids=["law_without_reference", "unknown_basis", "reference_too_long"],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_changes(api, admin_user, centre, body, field):
    record = row(centre, Purpose.PHOTOS)
    response = api(admin_user).patch(f"{URL}{record.pk}/", body)
    assert response.status_code == 400
    assert field in response.json()
    record.refresh_from_db()
    assert record.legal_basis == "consent"
    assert record.history.count() == 1


@pytest.mark.parametrize("role", ["manager", "coordinator"])
def test_staff_other_than_the_administrator_may_read_but_not_change(api, member, centre, role):
    user = member(role, centre)
    record = row(centre, Purpose.PHOTOS)
    assert api(user).get(f"{URL}{record.pk}/").status_code == 200
    assert api(user).patch(f"{URL}{record.pk}/", {"legal_basis": "law"}).status_code == 403
    record.refresh_from_db()
    assert record.legal_basis == "consent"


@pytest.mark.parametrize("role", ["provider", "volunteer"])
def test_provider_staff_and_volunteers_have_no_purposes_endpoint(api, member, centre, role):
    user = member(role, centre)
    record = row(centre, Purpose.PHOTOS)
    assert api(user).get(URL).status_code == 404
    assert api(user).get(f"{URL}{record.pk}/").status_code == 404
    assert api(user).patch(f"{URL}{record.pk}/", {"legal_basis": "law"}).status_code == 404


def test_the_purposes_list_takes_a_fixed_number_of_queries(api, coordinator, centre, django_assert_max_num_queries):
    client = api(coordinator)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
