"""Django admin: users log in by e-mail, are added with a password and can have it changed; all with history."""

import pytest
from django.urls import reverse

from cus.core.models import Centre, Invitation, Membership, Role, User

from ..factories import MembershipFactory, UserFactory


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root@example.org", "a-long-and-unusual-passphrase")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", ["user", "centre", "membership"])
def test_every_core_model_has_a_list_an_add_form_and_a_history(admin_client, centre, model):
    MembershipFactory(centre=centre, role=Role.MANAGER)
    assert admin_client.get(reverse(f"admin:core_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:core_{model}_add")).status_code == 200
    obj = {"user": User.objects.first(), "centre": centre, "membership": Membership.objects.first()}[model]
    assert admin_client.get(reverse(f"admin:core_{model}_change", args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"admin:core_{model}_history", args=[obj.pk])).status_code == 200


def test_adding_a_user_in_the_admin_sets_their_password_and_records_who(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {"email": "Nowy.Uzytkownik@Example.org", "first_name": "Jan", "last_name": "Kowalski", "language": "pl",
         "usable_password": "true", "password1": "a-long-and-unusual-passphrase",
         "password2": "a-long-and-unusual-passphrase"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="nowy.uzytkownik@example.org")
    assert user.check_password("a-long-and-unusual-passphrase")
    assert user.history.get().history_user == superuser


def test_the_admin_refuses_an_existing_email_written_in_other_letter_case(admin_client):
    UserFactory(email="ewa@example.org")
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {"email": "EWA@example.org", "language": "pl", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors


def test_the_admin_changes_a_password(admin_client):
    user = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"usable_password": "true", "password1": "another-long-passphrase-42",
                                       "password2": "another-long-passphrase-42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-42")


def test_a_membership_added_inline_on_the_centre_is_validated_and_kept_in_history(admin_client, superuser, centre):
    user = UserFactory()
    url = reverse("admin:core_centre_change", args=[centre.pk])
    data = {
        "name": centre.name, "code": centre.code, "municipality": centre.municipality, "country": "PL",
        "language": "pl", "timezone": "Europe/Warsaw", "currency": "PLN", "log_frequency_tolerance": "20",
        "logs_need_confirmation": "on", "auto_confirm_after_days": "14",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-user": str(user.pk), "memberships-0-centre": str(centre.pk),
        "memberships-0-role": "provider", "memberships-0-provider": "", "memberships-0-is_active": "on",
    }
    refused = admin_client.post(url, data)
    assert refused.status_code == 200  # provider staff without a provider: the check constraint speaks
    assert not Membership.objects.filter(user=user).exists()
    data["memberships-0-role"] = "coordinator"
    assert admin_client.post(url, data).status_code == 302
    membership = Membership.objects.get(user=user, centre=centre)
    assert membership.history.get().history_user == superuser


def test_centre_staff_without_is_staff_cannot_enter_the_admin(client, centre):
    user = UserFactory()
    MembershipFactory(user=user, centre=centre, role=Role.ADMIN)
    client.force_login(user)
    response = client.get(reverse("admin:core_centre_changelist"))
    assert response.status_code == 302
    assert Centre.objects.filter(pk=centre.pk).exists()


def test_invitations_are_listed_read_only_without_their_token(admin_client, centre):
    invitation = Invitation.objects.create(
        centre=centre, email="invited@example.org", role=Role.COORDINATOR, language="pl",
        token_hash="f" * 64, expires_at="2030-01-01T00:00:00Z",
    )
    listing = admin_client.get(reverse("admin:core_invitation_changelist"))
    assert listing.status_code == 200
    assert "invited@example.org" in listing.content.decode()
    page = admin_client.get(reverse("admin:core_invitation_change", args=[invitation.pk]))
    assert page.status_code == 200
    assert "f" * 64 not in page.content.decode()
    assert admin_client.get(reverse("admin:core_invitation_add")).status_code == 403
