"""The plans app's endpoints are fully described in the OpenAPI schema, without generator warnings."""

from __future__ import annotations

import yaml
from django.core.management import call_command


def test_plans_schema_generates_and_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--urlconf", "tests.plans.schema_urls", "--file", str(target)
    )
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    assert {
        "/api/v1/plans/", "/api/v1/plans/{id}/activate/", "/api/v1/plans/{id}/close/", "/api/v1/plans/{id}/history/",
        "/api/v1/goals/", "/api/v1/planned-services/", "/api/v1/planned-services/{id}/assign/",
        "/api/v1/planned-services/{id}/candidates/",
        "/api/v1/reviews/", "/api/v1/waiting-list/",
    } <= set(paths)
    # a planned service's progress (planned against delivered) is the deliveries app's read
    assert "/api/v1/planned-services/{id}/progress/" not in paths
    assert "put" not in paths["/api/v1/plans/{id}/"]
    assert "delete" not in paths["/api/v1/plans/{id}/"]
    assert "patch" not in paths["/api/v1/reviews/{id}/"]
    plan_filters = {parameter["name"] for parameter in paths["/api/v1/plans/"]["get"]["parameters"]}
    assert {"client", "coordinator", "status", "review_due_before", "search", "ordering"} <= plan_filters
    close = paths["/api/v1/plans/{id}/close/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert close == {"$ref": "#/components/schemas/PlanCloseRequest"}
    # goal statuses (goals, reviews' goal progress) are one named enum
    components = schema["components"]["schemas"]
    assert components["GoalProgressWriteRequest"]["properties"]["status"] == {
        "$ref": "#/components/schemas/GoalStatusEnum"
    }
    assert components["GoalStatusEnum"]["enum"][:2] == ["open", "in_progress"]
