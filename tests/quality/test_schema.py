"""The quality endpoints are fully described in the OpenAPI schema, without generator warnings."""

from __future__ import annotations

import yaml
from django.core.management import call_command


def test_quality_schema_generates_and_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--urlconf", "tests.quality.schema_urls", "--file", str(target)
    )
    paths = yaml.safe_load(target.read_text())["paths"]
    assert {
        "/api/v1/standards/", "/api/v1/standards/{id}/", "/api/v1/satisfaction-surveys/",
        "/api/v1/survey-invitations/", "/api/v1/survey-invitations/{id}/revoke/", "/api/v1/evaluations/",
        "/api/v1/evaluations/{id}/", "/api/v1/evaluations/{id}/finalise/", "/api/v1/evaluations/summary/",
        "/api/v1/standards/{id}/history/", "/api/v1/evaluations/{id}/history/", "/api/public/surveys/{token}/",
    } <= set(paths)
    assert "put" not in paths["/api/v1/evaluations/{id}/"]
    assert "delete" not in paths["/api/v1/standards/{id}/"]
    assert "patch" not in paths["/api/v1/satisfaction-surveys/{id}/"]
    summary = {parameter["name"] for parameter in paths["/api/v1/evaluations/summary/"]["get"]["parameters"]}
    assert {"provider", "service_type", "from", "to"} <= summary
