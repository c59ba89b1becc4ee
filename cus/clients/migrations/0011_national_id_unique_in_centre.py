"""One person, one record (3/3): a national ID is unique among a centre's live records (no override)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0010_national_ids_clashing_before_uniqueness'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='client',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('national_id', ''), _negated=True), ('merged_into__isnull', True)), fields=('centre', 'national_id'), name='client_national_id_unique_in_centre', violation_error_code='national_id_taken', violation_error_message='A client with this national ID is already registered in this centre.'),
        ),
    ]
