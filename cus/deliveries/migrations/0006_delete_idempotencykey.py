from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('deliveries', '0005_idempotency_keys_to_core'),
    ]

    operations = [
        migrations.DeleteModel(
            name='IdempotencyKey',
        ),
    ]
