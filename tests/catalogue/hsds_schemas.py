"""The shared HSDS 3.0 schemas (../shared/hsds beside the repository) as jsonschema validators."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HSDS_DIR = REPO_ROOT.parent / "shared" / "hsds"
SCHEMA_DIR = HSDS_DIR / "schema"
EXAMPLES_DIR = HSDS_DIR / "examples"

needs_hsds = pytest.mark.skipif(
    not (SCHEMA_DIR / "compiled").is_dir(),
    reason=f"the shared HSDS 3.0 schemas are not at {SCHEMA_DIR} (expected beside the repository)",
)


@functools.cache
def _schema(relative: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / relative).read_text(encoding="utf-8"))


@functools.cache
def _page_schema() -> dict[str, Any]:
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    page = dict(openapi["components"]["schemas"]["Page"])
    page["required"] = list(page["properties"])
    return page


@functools.cache
def _registry() -> Any:
    """The per-table schemas, so that their relative references ("taxonomy.json") resolve."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resources(
        (path.name, Resource.from_contents(_schema(path.name), default_specification=DRAFT202012))
        for path in SCHEMA_DIR.glob("*.json")
    )


def validate(document: Any, relative: str) -> None:
    """Raise jsonschema.ValidationError unless ``document`` conforms to schema/``relative``."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        _schema(relative), registry=_registry(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(document)


def validate_page(document: Any, item_schema: str) -> None:
    """A page object (openapi.json's Page, every field present) whose ``contents`` conform to ``item_schema``."""
    import jsonschema

    jsonschema.Draft202012Validator(_page_schema()).validate(document)
    assert isinstance(document["contents"], list)
    for item in document["contents"]:
        validate(item, item_schema)


def root_schema() -> dict[str, Any]:
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    return openapi["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
