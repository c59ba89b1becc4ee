"""manage.py import_hsds: HSDS 3.0 publications into a centre's catalogue, validated, reported, idempotent."""

from __future__ import annotations

import copy
import io
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from cus.catalogue.models import Contact, Location, Offering, Provider
from cus.catalogue.publishing.hsds_import import import_hsds

from ..factories import ServiceTypeFactory
from .conftest import shipped
from .hsds_schemas import EXAMPLES_DIR, SCHEMA_DIR, needs_hsds, validate

pytestmark = [pytest.mark.django_db, needs_hsds]

EXAMPLE_ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def run(path: Path, centre, *args: str) -> str:
    out = io.StringIO()
    call_command("import_hsds", str(path), "--centre", centre.code, "--schema-dir", str(SCHEMA_DIR), *args,
                 stdout=out)
    return out.getvalue()


def example(name: str) -> Any:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def counts() -> tuple[int, int, int, int, int]:
    return (Provider.objects.count(), Offering.objects.count(), Location.objects.count(), Contact.objects.count(),
            Offering.locations.through.objects.count())


def history_rows() -> int:
    return sum(model.history.count() for model in (Provider, Offering, Location, Contact))


def organization(**overrides: Any) -> dict[str, Any]:
    record = {"id": str(uuid.uuid4()), "name": "Stowarzyszenie Przykład", "description": "Pomoc sąsiedzka"}
    return {**record, **overrides}


def service(organization_id: str, **overrides: Any) -> dict[str, Any]:
    record = {"id": str(uuid.uuid4()), "name": "Dowóz obiadów", "status": "active", "organization_id": organization_id,
              "description": "Ciepłe obiady pięć razy w tygodniu"}
    return {**record, **overrides}


def term(code: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "taxonomy_term": {"id": str(uuid.uuid4()), "code": code, "name": code,
                                                        "description": code}}


# --- the shared examples --------------------------------------------------------------------------------


def test_the_hsds_examples_import_into_the_centre(centre):
    output = run(EXAMPLES_DIR, centre, "--language", "en", "--default-service-type", "social_counselling")
    provider = Provider.objects.get(centre=centre, hsds_id=EXAMPLE_ORGANIZATION)
    assert provider.name == "Example Organization Inc."
    assert provider.legal_form == "company"  # "Limited Company"
    assert provider.email == "email@example.com"
    assert provider.description["en"].startswith("Example Org is a non-profit")
    assert provider.is_public
    offering = Offering.objects.get(centre=centre, hsds_id=EXAMPLE_SERVICE)
    assert offering.provider == provider
    assert offering.name == "Community Counselling"
    assert offering.service_type == shipped("social_counselling")
    assert offering.cost == Decimal("35.00")
    assert offering.languages == ["ur"]
    assert offering.schedule
    location = offering.locations.get()
    assert location.provider == provider
    assert location.municipality == "MyCity"
    assert location.wheelchair_accessible  # "Wheelchair access is possible on all levels."
    assert location.latitude is None  # the example's 100° is out of range
    contact = Contact.objects.get(centre=centre)
    assert (contact.name, contact.offering, contact.phone) == ("Ann Persona", offering, "+44 1234 234567")
    assert "organization: created 1" in output
    assert "service: created 1" in output
    assert "taxonomies are not imported" in output
    assert "coordinates out of range" in output


def test_reimporting_changes_nothing_and_writes_no_history(centre):
    run(EXAMPLES_DIR, centre, "--language", "en", "--default-service-type", "social_counselling")
    before, history = counts(), history_rows()
    output = run(EXAMPLES_DIR, centre, "--language", "en", "--default-service-type", "social_counselling")
    assert counts() == before
    assert history_rows() == history
    assert "created 1" not in output
    assert "updated 1" not in output
    assert "organization: created 0, updated 0, unchanged 1" in output


def test_the_same_publication_in_two_centres_makes_rows_of_each(centre, other_centre):
    for each in (centre, other_centre):
        run(EXAMPLES_DIR, each, "--language", "en", "--default-service-type", "social_counselling")
    assert Provider.objects.filter(hsds_id=EXAMPLE_ORGANIZATION).count() == 2
    assert set(Offering.objects.filter(hsds_id=EXAMPLE_SERVICE).values_list("centre", flat=True)) == {
        centre.pk, other_centre.pk
    }


def test_imported_data_is_published_back_as_valid_hsds(centre, settings):
    settings.CUS_PUBLIC_API_RATE = "off"
    run(EXAMPLES_DIR, centre, "--language", "en", "--default-service-type", "social_counselling")
    offering = Offering.objects.get(hsds_id=EXAMPLE_SERVICE)
    body = APIClient().get(f"/api/hsds/services/{offering.pk}").json()
    validate(body, "compiled/service.json")
    assert body["name"] == "Community Counselling"
    assert body["contacts"][0]["name"] == "Ann Persona"


def test_unlisted_imports_stay_out_of_the_public_catalogue(centre, settings):
    settings.CUS_PUBLIC_API_RATE = "off"
    run(EXAMPLES_DIR, centre, "--language", "en", "--default-service-type", "social_counselling", "--unlisted")
    assert not Provider.objects.get(hsds_id=EXAMPLE_ORGANIZATION).is_public
    assert APIClient().get("/api/hsds/services").json()["total_items"] == 0


# --- mapping --------------------------------------------------------------------------------------------


def test_service_type_and_target_groups_come_from_taxonomy_term_codes(centre, tmp_path):
    org = organization(services=[service("", attributes=[term("meals"), term("seniors"), term("unknown")])])
    org["services"][0].pop("organization_id")
    run(write(tmp_path, "org.json", org), centre)
    offering = Offering.objects.get(centre=centre)
    assert offering.service_type == shipped("meals")
    assert offering.target_groups == ["seniors"]
    assert offering.description == {"pl": "Ciepłe obiady pięć razy w tygodniu"}  # the centre's language


def test_a_centres_own_service_type_code_wins_over_the_shipped_one(centre, tmp_path):
    own = ServiceTypeFactory(centre=centre, code="gdynia_meals")
    org = organization()
    run(write(tmp_path, "page.json", {"contents": [org, service(org["id"], attributes=[term("gdynia_meals")])]}),
        centre)
    assert Offering.objects.get(centre=centre).service_type == own


def test_a_service_without_a_known_type_is_skipped_without_a_default(centre, tmp_path):
    org = organization()
    output = run(write(tmp_path, "page.json", {"contents": [org, service(org["id"])]}), centre)
    assert Provider.objects.filter(centre=centre).count() == 1
    assert not Offering.objects.exists()
    assert "no taxonomy term matches a service type code" in output


def test_a_changed_record_updates_the_row_and_keeps_other_languages(centre, tmp_path):
    org = organization()
    offer = service(org["id"], attributes=[term("meals")])
    run(write(tmp_path, "page.json", {"contents": [org, offer]}), centre, "--language", "en")
    row = Offering.objects.get(centre=centre)
    row.description = {**row.description, "pl": "Obiady (tłumaczenie)"}
    row.save()
    changed = {**offer, "description": "Hot meals, now also on Saturdays", "status": "inactive"}
    output = run(write(tmp_path, "page.json", {"contents": [org, changed]}), centre, "--language", "en")
    row.refresh_from_db()
    assert row.description == {"en": "Hot meals, now also on Saturdays", "pl": "Obiady (tłumaczenie)"}
    assert not row.is_active
    assert not row.is_public
    assert "service: created 0, updated 1" in output
    assert Offering.objects.count() == 1


# --- bad records ----------------------------------------------------------------------------------------


def test_bad_records_are_reported_and_skipped_and_the_rest_imported(centre, tmp_path):
    good = organization(name="Dobra Fundacja")
    no_name = organization()
    del no_name["name"]
    bad_id = organization(id="not-a-uuid", name="Zły identyfikator")
    bad_status = service(good["id"], status="maybe", name="Zły status")
    orphan = service(str(uuid.uuid4()), name="Sierota", attributes=[term("meals")])
    bad_website = organization(name="Zła strona", website="http//nope")
    fine_service = service(good["id"], attributes=[term("meals")])
    page = {"contents": [good, no_name, bad_id, bad_status, orphan, bad_website, fine_service, "junk"]}
    write(tmp_path, "page.json", page)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    output = run(tmp_path, centre)
    assert list(Provider.objects.values_list("name", flat=True)) == ["Dobra Fundacja"]
    assert list(Offering.objects.values_list("hsds_id", flat=True)) == [fine_service["id"]]
    assert "skipped: 7" in output
    assert "not valid HSDS 3.0 organization" in output  # no name, bad id
    assert "not valid HSDS 3.0 service" in output  # bad status
    assert f"its organization {orphan['organization_id']} is not imported" in output
    assert "invalid: website" in output
    assert "not readable JSON" in output
    assert "page.json#contents[7]" in output


def test_a_service_whose_nested_organization_fails_leaves_nothing_half_written(centre, tmp_path):
    broken = service("", attributes=[term("meals")])
    broken.pop("organization_id")
    broken["organization"] = organization(name="Zagnieżdżona", website="http//nope")
    output = run(write(tmp_path, "service.json", broken), centre)
    assert counts() == (0, 0, 0, 0, 0)
    assert "skipped: 1" in output
    assert "invalid: website" in output


def test_a_failing_nested_service_does_not_stop_its_organization(centre, tmp_path):
    typed = service("", attributes=[term("meals")])
    untyped = service("", name="Bez typu")
    for nested in (typed, untyped):
        nested.pop("organization_id")
    org = organization(services=[typed, untyped])
    output = run(write(tmp_path, "org.json", org), centre)
    assert Provider.objects.filter(centre=centre).count() == 1
    assert list(Offering.objects.values_list("hsds_id", flat=True)) == [typed["id"]]
    assert f"service {untyped['id']}" in output
    assert "skipped: 1" in output


def test_a_service_at_location_links_known_records_only(centre, tmp_path):
    org = organization()
    offer = service(org["id"], attributes=[term("meals")])
    place = {"id": str(uuid.uuid4()), "location_type": "physical", "name": "Stołówka", "organization_id": org["id"],
             "addresses": [{"id": str(uuid.uuid4()), "address_1": "ul. Morska 5", "city": "Gdynia",
                            "state_province": "pomorskie", "postal_code": "81-001", "country": "PL",
                            "address_type": "physical"}]}
    link = {"id": str(uuid.uuid4()), "service_id": offer["id"], "location_id": place["id"]}
    dangling = {"id": str(uuid.uuid4()), "service_id": offer["id"], "location_id": str(uuid.uuid4())}
    output = run(write(tmp_path, "all.json", [org, place, offer, link, dangling]), centre)
    offering = Offering.objects.get(centre=centre)
    assert [location.name for location in offering.locations.all()] == ["Stołówka"]
    assert offering.locations.get().street == "ul. Morska 5"
    assert "is not imported" in output
    assert "skipped: 1" in output
    again = run(write(tmp_path, "all.json", [org, place, offer, link]), centre)
    assert "service_at_location: created 0" in again
    assert offering.locations.count() == 1


def test_a_record_invalid_for_the_schema_of_a_nested_kind_is_refused_whole(centre, tmp_path):
    record = copy.deepcopy(example("organization_full.json"))
    record["services"][0]["status"] = "sleeping"
    output = run(write(tmp_path, "org.json", record), centre, "--default-service-type", "meals")
    assert counts() == (0, 0, 0, 0, 0)
    assert "services/0/status" in output


# --- the command ----------------------------------------------------------------------------------------


def test_an_unknown_centre_path_default_type_or_schema_folder_is_an_error(centre, tmp_path):
    with pytest.raises(CommandError, match="No centre"):
        call_command("import_hsds", str(EXAMPLES_DIR), "--centre", "nowhere", "--schema-dir", str(SCHEMA_DIR))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_hsds", str(tmp_path / "missing.json"), "--centre", centre.code)
    with pytest.raises(CommandError, match="unknown service type"):
        run(EXAMPLES_DIR, centre, "--default-service-type", "no_such_type")
    with pytest.raises(CommandError, match="schemas are not in"):
        call_command("import_hsds", str(EXAMPLES_DIR), "--centre", centre.code, "--schema-dir", str(tmp_path))
    with pytest.raises(CommandError, match="Unknown language"):
        run(EXAMPLES_DIR, centre, "--language", "de")
    assert counts() == (0, 0, 0, 0, 0)


def test_the_service_function_reports_without_the_command(centre):
    report = import_hsds(path=EXAMPLES_DIR / "service_full.json", centre=centre, schema_dir=SCHEMA_DIR,
                         language="en", default_service_type="social_counselling")
    assert report.created["service"] == 1
    assert report.created["organization"] == 1
    assert report.skipped == []


def test_nul_bytes_in_texts_are_dropped_not_a_crash(centre, tmp_path):
    org = organization(name="Fundacja\x00 Zero", description="Opis\x00")
    output = run(write(tmp_path, "org.json", org), centre)
    assert Provider.objects.get(centre=centre).name == "Fundacja Zero"
    assert "organization: created 1" in output
