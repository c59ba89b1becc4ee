"""manage.py import_hsds <file-or-folder> --centre <code>: load an HSDS 3.0 publication into a centre's catalogue."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cus.catalogue.publishing.hsds_import import import_hsds
from cus.core.models import Centre


def default_schema_dir() -> Path:
    """``CUS_HSDS_SCHEMA_DIR``, else the shared HSDS schemas beside the repository."""
    configured = os.environ.get("CUS_HSDS_SCHEMA_DIR") or getattr(settings, "CUS_HSDS_SCHEMA_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "hsds" / "schema"


class Command(BaseCommand):
    help = (
        "Import organizations, services, locations and contacts from an Open Referral HSDS 3.0 JSON "
        "publication (a file or a folder of .json files) into a centre's catalogue. Each record is "
        "validated against the HSDS schema; bad records are reported and skipped. Re-importing updates "
        "the rows imported before (matched on their HSDS id) and creates no duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="an HSDS JSON file or a folder of them")
        parser.add_argument("--centre", required=True, help="code of the centre whose catalogue receives the data")
        parser.add_argument(
            "--schema-dir", type=Path, default=None,
            help="folder of the HSDS 3.0 JSON schemas (default: $CUS_HSDS_SCHEMA_DIR or ../shared/hsds/schema)",
        )
        parser.add_argument("--language", default=None, help="language of the texts (default: the centre's)")
        parser.add_argument(
            "--default-service-type", default=None,
            help="service-type code for services whose taxonomy terms match none of ours (else they are skipped)",
        )
        parser.add_argument(
            "--unlisted", action="store_true", help="import without listing anything in the public catalogue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")
        centre = Centre.objects.filter(code=options["centre"]).first()
        if centre is None:
            raise CommandError(f"No centre with the code {options['centre']!r}.")
        schema_dir = options["schema_dir"] or default_schema_dir()
        if not (schema_dir / "compiled" / "service.json").is_file():
            raise CommandError(f"The HSDS 3.0 schemas are not in {schema_dir}; give --schema-dir.")
        language = options["language"]
        if language and language[:2] not in dict(settings.LANGUAGES):
            raise CommandError(f"Unknown language {language!r}; use one of {', '.join(dict(settings.LANGUAGES))}.")
        try:
            report = import_hsds(
                path=path,
                centre=centre,
                schema_dir=schema_dir,
                language=language,
                default_service_type=options["default_service_type"],
                public=not options["unlisted"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
