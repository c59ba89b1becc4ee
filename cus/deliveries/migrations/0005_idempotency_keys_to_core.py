"""Idempotency keys move to cus.core (one helper for deliveries and volunteer hours): each key is copied with its
endpoint named by the service it was sent to and the ids of what its first request created, in their order."""

from django.db import migrations

ENDPOINTS = {"single": "deliveries.log_delivery", "bulk": "deliveries.log_deliveries"}


def to_core(apps, schema_editor):
    old = apps.get_model("deliveries", "IdempotencyKey")
    new = apps.get_model("core", "IdempotencyKey")
    for record in old.objects.all().iterator():
        ids = record.deliveries.order_by("created_at", "pk").values_list("pk", flat=True)
        new.objects.create(
            centre_id=record.centre_id, user_id=record.user_id, endpoint=ENDPOINTS[record.endpoint], key=record.key,
            fingerprint=record.fingerprint, result=[str(pk) for pk in ids],
        )


def back_to_deliveries(apps, schema_editor):
    old = apps.get_model("deliveries", "IdempotencyKey")
    new = apps.get_model("core", "IdempotencyKey")
    endpoints = {name: short for short, name in ENDPOINTS.items()}
    for record in new.objects.filter(endpoint__in=endpoints).iterator():
        restored = old.objects.create(
            centre_id=record.centre_id, user_id=record.user_id, endpoint=endpoints[record.endpoint], key=record.key,
            fingerprint=record.fingerprint,
        )
        restored.deliveries.set(record.result)
        record.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_idempotencykey'),
        ('deliveries', '0004_closedmonth'),
    ]

    operations = [
        migrations.RunPython(to_core, back_to_deliveries),
    ]
