"""planned-services/{id}/progress/ is the deliveries app's read: the plans app below knows nothing of deliveries."""

from __future__ import annotations

import yaml
from django.core.management import call_command


def test_progress_is_documented_under_the_planned_services_path(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    progress = paths["/api/v1/planned-services/{id}/progress/"]
    assert set(progress) == {"get", "parameters"} or set(progress) == {"get"}
    assert progress["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PlannedServiceProgress"
    }
    # the progress viewset adds no list or detail of its own beside the plans app's
    assert set(paths["/api/v1/planned-services/"]) == {"get", "post"}
