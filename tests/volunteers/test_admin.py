"""The Django admin lists and opens every volunteer-centre record, with its history."""

import pytest
from django.test import Client

from ..factories import UserFactory
from .factories import AgreementFactory, AssignmentFactory, HoursFactory


@pytest.mark.parametrize(
    "model", ["volunteer", "volunteeragreement", "activitytype", "volunteerassignment", "volunteerhours"]
)
def test_admin_lists_opens_and_shows_history_of_every_model(db, model):
    hours = HoursFactory(assignment=AssignmentFactory())
    AgreementFactory(volunteer=hours.volunteer)
    objects = {
        "volunteer": hours.volunteer,
        "volunteeragreement": hours.volunteer.agreements.get(),
        "activitytype": hours.activity_type,
        "volunteerassignment": hours.assignment,
        "volunteerhours": hours,
    }
    browser = Client()
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    base = f"/admin/volunteers/{model}/"
    assert browser.get(base).status_code == 200
    pk = objects[model].pk
    assert browser.get(f"{base}{pk}/change/").status_code == 200
    assert browser.get(f"{base}{pk}/history/").status_code == 200
