"""Anonymisation: nothing that names the person is left anywhere (history included), and nothing is deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models

from cus.clients.models import Client, ClientAccessLog, Consent, ContactPerson
from cus.deliveries.models import Delivery
from cus.notifications.models import Notification
from cus.retention import anonymiser, records
from cus.retention.models import Anonymisation

from .conftest import CARER_PHONE, EMAIL, FIRST, LAST, NATIONAL_ID, OLD_PHONE, PHONE

pytestmark = pytest.mark.django_db

TEXT = (models.CharField, models.TextField, models.JSONField)


def text_containing(*needles: str) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text column of every table, history tables included, holding a needle."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT):
                continue
            for _pk, value in model._base_manager.values_list("pk", field.attname):
                text = str(value or "")
                for needle in needles:
                    if needle.lower() in text.lower():
                        found.append((model._meta.db_table, field.attname, text))
    return found


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in apps.get_models()}


def test_the_fixture_writes_the_person_everywhere_the_test_looks(held):
    found = {table for table, _column, _text in text_containing(FIRST, NATIONAL_ID, PHONE)}
    assert {"clients_client", "clients_historicalclient", "plans_plannedservice", "deliveries_delivery",
            "notifications_notification"} <= found


def test_no_name_identifier_or_phone_is_left_in_any_table_history_included(held):
    anonymiser.anonymise_clients([held.client], category="case_file")

    needles = (f"{FIRST} {LAST}", FIRST, LAST, NATIONAL_ID, PHONE, OLD_PHONE, CARER_PHONE, EMAIL, "601234567")
    assert text_containing(*needles) == []


def test_nothing_is_deleted(held):
    before = row_counts()
    anonymiser.anonymise_clients([held.client], category="case_file")
    after = row_counts()

    grown = {label: after[label] - before[label] for label in before if after[label] != before[label]}
    assert grown == {"retention.anonymisation": 1, "clients.historicalclient": 1}  # the mark, one history entry


def test_what_reports_count_stays(held):
    fields = ("date", "units", "cost", "duration_minutes", "outcome", "status", "client_id", "service_type_id",
              "provider_id", "funding_source_id", "created_at")
    before = list(Delivery.objects.values(*fields))
    client_before = Client.objects.values("sex", "status", "closed_at", "area", "municipality", "created_at").get(
        pk=held.client.pk)
    anonymiser.anonymise_clients([held.client], category="case_file")

    assert list(Delivery.objects.values(*fields)) == before
    assert Client.objects.values("sex", "status", "closed_at", "area", "municipality", "created_at").get(
        pk=held.client.pk) == client_before


def test_the_client_gets_a_token_and_a_birth_year(held):
    anonymiser.anonymise_clients([held.client], category="case_file")
    client = Client.objects.get(pk=held.client.pk)

    assert client.first_name == anonymiser.ANONYMISED_NAME
    assert client.last_name == ""
    assert client.reference.startswith("ANON-")
    assert client.reference != held.client.reference
    assert client.birth_date == dt.date(1944, 1, 1)
    assert (client.national_id, client.phone, client.email, client.street, client.health_summary) == ("",) * 5
    assert Anonymisation.objects.get(client=client).category == "case_file"


def test_old_values_are_purged_from_the_history_tables(held):
    anonymiser.anonymise_clients([held.client], category="case_file")

    versions = Client.history.filter(id=held.client.pk)
    assert versions.count() >= 3
    assert set(versions.values_list("phone", flat=True)) == {""}
    assert set(versions.values_list("first_name", flat=True)) == {anonymiser.ANONYMISED_NAME}
    assert set(ContactPerson.history.filter(client_id=held.client.pk).values_list("name", flat=True)) == {""}


def test_evidence_files_are_removed_from_the_storage(held, django_capture_on_commit_callbacks):
    storage = Consent._meta.get_field("evidence").storage
    name = held.consent.evidence.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        anonymiser.anonymise_clients([held.client], category="case_file")

    assert not storage.exists(name)
    assert Consent.objects.get(pk=held.consent.pk).evidence.name == ""


def test_other_records_naming_the_person_are_swept(held):
    anonymiser.anonymise_clients([held.client], category="case_file")

    other = Client.objects.get(pk=held.other.pk)
    assert other.risks == f"Neighbour of {anonymiser.REMOVED} ({anonymiser.REMOVED})"
    assert other.first_name == "Ewa"  # the other person is untouched
    reasons = set(Client.history.filter(id=held.other.pk).values_list("history_change_reason", flat=True))
    assert f"confirmed as a different person from {anonymiser.REMOVED}" in reasons
    assert Notification.objects.get().title == f"Plan review due: {anonymiser.REMOVED}"


def test_the_staff_access_log_keeps_who_read_the_record(held):
    anonymiser.anonymise_clients([held.client], category="case_file")
    entry = ClientAccessLog.objects.get(client=held.client)
    assert (entry.user_id, entry.role, entry.action) == (held.coordinator.pk, "coordinator", "view")


def test_anonymising_twice_changes_nothing_more(held):
    assert anonymiser.anonymise_clients([held.client], category="case_file") == 1
    snapshot = list(Client.history.filter(id=held.client.pk).values())
    assert anonymiser.anonymise_clients([held.client], category="case_file") == 0
    assert list(Client.history.filter(id=held.client.pk).values()) == snapshot


def test_every_model_about_a_client_is_walked(held):
    labels = {linked.label for linked in records.linked_models(Client)}
    assert {"clients.consent", "clients.assessmentarea", "plans.goalprogress", "deliveries.delivery",
            "volunteers.volunteerhours", "quality.surveyinvitation", "retention.erasurerequest"} <= labels
