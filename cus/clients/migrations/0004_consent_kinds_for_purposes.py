# A consent kind for every processing purpose (satisfaction surveys, contact by e-mail or text message), and
# "withdrew consent" as a reason for leaving a project (a participation closed when its consent is withdrawn).

from django.db import migrations, models

CONSENT_KINDS = [
    ("data_processing", "Processing of personal data"),
    ("special_category", "Processing of special-category data (health, disability)"),
    ("sharing_with_providers", "Sharing data with named providers"),
    ("eu_project", "Taking part in an EU-funded project"),
    ("contact_persons", "Contacting family and named persons"),
    ("photos", "Photos and publicity"),
    ("surveys", "Satisfaction surveys"),
    ("electronic_contact", "Contact by e-mail or text message"),
]
CLOSURE_REASONS = [
    ("goals_achieved", "Goals achieved"),
    ("moved_away", "Moved away"),
    ("died", "Died"),
    ("refused", "Refused further services"),
    ("transferred", "Transferred to another service"),
    ("project_ended", "End of project"),
    ("consent_withdrawn", "Withdrew consent"),
    ("other", "Other"),
]


def kind():
    return models.CharField(choices=CONSENT_KINDS, max_length=30, verbose_name="kind")


def reason(verbose_name):
    return models.CharField(blank=True, choices=CLOSURE_REASONS, max_length=20, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_historicalparticipation_participation"),
    ]

    operations = [
        migrations.AlterField(model_name="consent", name="kind", field=kind()),
        migrations.AlterField(model_name="historicalconsent", name="kind", field=kind()),
        migrations.AlterField(model_name="client", name="closure_reason", field=reason("closure reason")),
        migrations.AlterField(model_name="historicalclient", name="closure_reason", field=reason("closure reason")),
        migrations.AlterField(model_name="participation", name="exit_reason", field=reason("reason for leaving")),
        migrations.AlterField(
            model_name="historicalparticipation", name="exit_reason", field=reason("reason for leaving")
        ),
    ]
