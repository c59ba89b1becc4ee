"""The report's figures are published in the OpenAPI schema (ReportRun.data is a ReportData component, built from
cus/reports/shape.py), and what the API answers matches it: every key documented, types and nulls as published."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from jsonschema import Draft202012Validator

from cus.core.context import actor_for
from cus.reports import figures, services
from cus.reports.api import ReportDataSerializer
from cus.reports.shape import PRIVATE_KEYS

from .test_rendering import report_data

URL = "/api/v1/reports/"


@pytest.fixture(scope="module")
def components() -> dict[str, Any]:
    """The schema's components as ``manage.py spectacular`` writes them, as strict JSON Schema: OpenAPI's
    ``nullable`` as a null alternative, and no key an object does not document."""
    schema = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    return strict(schema["components"])


def strict(node: Any) -> Any:
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: strict(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def validator(components: dict[str, Any], name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": components})


def errors(components: dict[str, Any], name: str, value: Any) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(components, name).iter_errors(value)]


def public(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in PRIVATE_KEYS}


@pytest.mark.django_db
def test_a_computed_report_as_the_api_answers_it_matches_the_published_schema(api, manager, last_month, components):
    run = services.request_report(actor=actor_for(manager), month=last_month.month)
    with mock.patch("cus.reports.services.render", return_value=[]):  # the files are not what this is about
        services.generate_report(str(run.pk))

    body = api(manager).get(f"{URL}{run.pk}/").json()

    assert body["status"] == "done"
    assert body["data"]["services"]
    assert body["data"]["projects"]
    assert errors(components, "ReportRun", body) == []
    assert errors(components, "ReportData", body["data"]) == []


@pytest.mark.django_db
def test_a_queued_run_has_no_figures_and_matches_the_schema(api, manager, last_month, components):
    run = services.request_report(actor=actor_for(manager), month=last_month.month)

    body = api(manager).get(f"{URL}{run.pk}/").json()

    assert (body["status"], body["data"]) == ("queued", None)
    assert errors(components, "ReportRun", body) == []


def test_every_part_of_the_shape_matches_the_schema(components):
    """The renderers' sample month has every part filled in: projects, changes since a close, a funder header."""
    data = public(dict(report_data()))

    assert data["changes_since_close"]
    assert data["projects"]
    assert errors(components, "ReportData", data) == []


def test_figures_of_the_wrong_shape_do_not_match(components):
    data = public(dict(report_data()))
    data["services"][0]["clients"] = "ten"
    data["waiting_list"]["unknown"] = 1
    del data["plans"]["opened"]

    assert len(errors(components, "ReportData", data)) == 3


def test_the_keys_the_web_ui_reads_are_documented(components):
    report = components["schemas"]["ReportData"]["properties"]
    assert {"month", "cut_off_at", "services", "waiting_list", "volunteers", "plans", "centre"} <= set(report)
    schemas = components["schemas"]
    assert "currency" in schemas["ReportCentreHeader"]["properties"]
    assert set(schemas["ReportServiceRow"]["properties"]) == {
        "service_type", "name", "unit", "units_planned", "units_contracted", "units_delivered", "hours", "clients",
        "cost", "logs_flagged", "units_flagged"}
    assert {"count", "clients", "median_wait_days"} == set(schemas["ReportWaitingList"]["properties"])
    assert {"volunteers", "hours", "in_kind_value"} <= set(schemas["ReportVolunteerFigures"]["properties"])
    assert {"opened", "reviewed", "closed", "goals_achieved", "active_at_month_end"} == set(
        schemas["ReportPlanFigures"]["properties"])
    assert "participant_rows" not in report  # only in the pseudonymised participants file


@pytest.mark.django_db
def test_the_serializer_of_the_shape_keeps_every_figure(centre, last_month):
    computed = public(dict(figures.compute(centre=centre, month=last_month.month, cut_off_at=timezone.now())))
    sample = public(dict(report_data()))

    assert ReportDataSerializer(computed).data == computed
    assert ReportDataSerializer(sample).data == sample
