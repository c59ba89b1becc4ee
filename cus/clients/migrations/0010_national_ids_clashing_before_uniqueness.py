"""One person, one record (2/3): before a national ID is unique in a centre, the records that share one.

Until now a coordinator could register a second record with a national ID already on file by confirming "a
different person". A national ID names one person, so one of them is wrong, and which one only a person can tell;
an upgrade must not stop on it nor guess a merge. The oldest record keeps the national ID; each later one has it
moved out (blank), with the old value and the reason in its history, and loses its "confirmed different person" link
to the others so that, when the names and birth dates agree, the pair shows in the manager's duplicates list
(/api/v1/clients/duplicates/) to be merged. Nothing is lost: the history keeps the value.
"""

from django.db import migrations
from django.db.models import Count, Q
from django.utils import timezone

REASON = "national ID removed on upgrade: the same as on {reference}; check the records and merge them if they are one person"


def clear_clashing_national_ids(apps, schema_editor):  # type: ignore[no-untyped-def]
    Client = apps.get_model("clients", "Client")
    HistoricalClient = apps.get_model("clients", "HistoricalClient")
    clashes = (
        Client.objects.exclude(national_id="").filter(merged_into__isnull=True)
        .values("centre_id", "national_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    history_fields = [field.attname for field in Client._meta.concrete_fields]
    for clash in clashes:
        records = list(
            Client.objects.filter(centre_id=clash["centre_id"], national_id=clash["national_id"], merged_into__isnull=True)
            .order_by("created_at", "reference")
        )
        kept, later = records[0], records[1:]
        for record in later:
            record.national_id = ""
            record.save(update_fields=["national_id"])
            others = [other.pk for other in records if other.pk != record.pk]
            # Both directions of the symmetrical pair (a migration's model does not mirror the removal).
            Client.distinct_from.through.objects.filter(
                Q(from_client_id=record.pk, to_client_id__in=others) | Q(from_client_id__in=others, to_client_id=record.pk)
            ).delete()
            HistoricalClient.objects.create(
                **{name: getattr(record, name) for name in history_fields},
                history_date=timezone.now(),
                history_type="~",
                history_change_reason=REASON.format(reference=kept.reference),
            )
            print(f"\n  client {record.reference}: national ID removed, the same as on {kept.reference}")


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0009_merged_into_and_text_matching'),
    ]

    operations = [
        migrations.RunPython(clear_clashing_national_ids, migrations.RunPython.noop),
    ]
