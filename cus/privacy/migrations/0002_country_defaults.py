"""Every existing centre gets its country's legal bases (a new centre gets them when it is created)."""

import uuid

from django.db import migrations
from django.utils import timezone


def provide_defaults(apps, schema_editor):
    from cus.privacy.defaults import defaults_for

    Centre = apps.get_model("core", "Centre")
    ProcessingPurpose = apps.get_model("privacy", "ProcessingPurpose")
    History = apps.get_model("privacy", "HistoricalProcessingPurpose")
    now = timezone.now()
    for centre in Centre.objects.all():
        have = set(ProcessingPurpose.objects.filter(centre=centre).values_list("purpose", flat=True))
        rows = [
            ProcessingPurpose(
                id=uuid.uuid4(), centre=centre, purpose=str(purpose), legal_basis=str(default.legal_basis),
                legal_reference=default.legal_reference[:500], created_at=now, updated_at=now,
            )
            for purpose, default in defaults_for(centre.country).items()
            if str(purpose) not in have
        ]
        ProcessingPurpose.objects.bulk_create(rows)
        History.objects.bulk_create(
            History(
                id=row.id, centre_id=row.centre_id, purpose=row.purpose, legal_basis=row.legal_basis,
                legal_reference=row.legal_reference, note="", created_at=now, updated_at=now,
                history_date=now, history_type="+", history_change_reason="country default",
            )
            for row in rows
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_invitation"),
        ("privacy", "0001_initial"),
    ]

    operations = [migrations.RunPython(provide_defaults, migrations.RunPython.noop)]
