"""The catalogue's endpoints are fully described in the OpenAPI schema, without generator warnings."""

from __future__ import annotations

import yaml
from django.core.management import call_command


def test_catalogue_schema_generates_and_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--urlconf", "tests.catalogue.schema_urls", "--file", str(target)
    )
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    assert {"/api/v1/service-types/", "/api/v1/providers/", "/api/v1/offerings/", "/api/v1/locations/"} <= set(paths)
    assert "delete" not in paths["/api/v1/providers/{id}/"]
    assert "put" not in paths["/api/v1/providers/{id}/"]
    provider_filters = {parameter["name"] for parameter in paths["/api/v1/providers/"]["get"]["parameters"]}
    assert {"service_type", "target_group", "area", "language", "legal_form", "is_public", "is_active",
            "search"} <= provider_filters
    names = schema["components"]["schemas"]["ServiceType"]["properties"]["names"]
    assert names == {"allOf": [{"$ref": "#/components/schemas/ServiceTypeNames"}], "readOnly": True}
    # A provider without a tax ID has an empty country: the schema must allow it.
    tax_id_country = schema["components"]["schemas"]["Provider"]["properties"]["tax_id_country"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in tax_id_country["oneOf"]
