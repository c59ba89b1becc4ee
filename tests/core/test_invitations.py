"""Invitations: a centre's administrator adds a person only by inviting them; the answer is the same whether the
e-mail is known anywhere or not; the person accepts through a single-use, expiring link (signed in, or as someone
new with a name and password); administrators list and revoke pending invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.utils import timezone

from cus.core.models import Invitation, Membership, Role, User

from ..factories import ProviderFactory, UserFactory

USERS = "/api/v1/users/"
MEMBERSHIPS = "/api/v1/memberships/"
INVITATIONS = "/api/v1/invitations/"
STRONG = "a-long-and-unusual-passphrase"


def link(path: str = "") -> str:
    return f"/api/v1/invitation-links/{path}"


def token_in(message) -> str:
    found = re.search(r"/invitations/([A-Za-z0-9_-]+)", message.body)
    assert found, message.body
    return found.group(1)


def invite(api, admin_user, email: str, role: str = "coordinator", **extra):
    response = api(admin_user).post(USERS, {"email": email, "role": role, **extra})
    assert response.status_code == 202, response.json()
    return response


# --- inviting ------------------------------------------------------------------------------------------------


def test_adding_a_user_sends_an_invitation_and_creates_no_account(api, admin_user, centre, mailoutbox):
    response = invite(api, admin_user, "Nowa.Osoba@Example.org", first_name="Anna", password=STRONG)
    body = response.json()
    assert (body["email"], body["role"], body["status"], body["provider"]) == (
        "nowa.osoba@example.org", Role.COORDINATOR, "pending", None
    )
    assert body["invited_by"] == str(admin_user.pk)
    assert not User.objects.filter(email="nowa.osoba@example.org").exists()
    invitation = Invitation.objects.get()
    assert invitation.centre == centre
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=13)
    [message] = mailoutbox
    assert message.to == ["nowa.osoba@example.org"]
    token = token_in(message)
    assert token not in str(body)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()  # only the hash is kept
    assert invitation.history.get().history_user == admin_user


def test_the_answer_is_the_same_for_an_email_known_elsewhere_and_an_unknown_one(
    api, admin_user, member, other_centre, mailoutbox
):
    elsewhere = member(Role.MANAGER, other_centre, first_name="Ewa")
    known = invite(api, admin_user, elsewhere.email.upper(), first_name="Renamed")
    unknown = invite(api, admin_user, "nobody@example.org", first_name="Renamed")
    changing = {"id", "email", "created_at", "expires_at"}
    assert known.status_code == unknown.status_code
    assert {k: v for k, v in known.json().items() if k not in changing} == {
        k: v for k, v in unknown.json().items() if k not in changing
    }
    assert set(known.json()) == set(unknown.json())
    elsewhere.refresh_from_db()
    assert elsewhere.first_name == "Ewa"  # the account is not touched
    assert list(elsewhere.memberships.values_list("centre", flat=True)) == [other_centre.pk]  # nor attached
    assert len(mailoutbox) == 2


def test_memberships_and_invitations_endpoints_invite_too(api, admin_user, centre, mailoutbox):
    provider = ProviderFactory(centre=centre)
    through_memberships = api(admin_user).post(MEMBERSHIPS, {"email": "a@example.org", "role": "provider",
                                                             "provider": str(provider.pk)})
    assert through_memberships.status_code == 202, through_memberships.json()
    assert through_memberships.json()["provider"] == str(provider.pk)
    assert through_memberships.json()["provider_name"] == provider.name
    through_invitations = api(admin_user).post(INVITATIONS, {"email": "b@example.org", "role": "volunteer"})
    assert through_invitations.status_code == 201
    assert not Membership.objects.filter(user__email__in=["a@example.org", "b@example.org"]).exists()
    assert Invitation.objects.count() == 2
    assert len(mailoutbox) == 2


def test_a_member_of_this_centre_is_not_invited_again(api, admin_user, coordinator, mailoutbox):
    response = api(admin_user).post(USERS, {"email": coordinator.email, "role": "manager"})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_membership"
    assert not Invitation.objects.exists()
    assert not mailoutbox


def test_a_new_invitation_replaces_an_open_one_to_the_same_address(api, admin_user, mailoutbox):
    invite(api, admin_user, "x@example.org")
    invite(api, admin_user, "x@example.org", role="manager")
    first, second = (token_in(message) for message in mailoutbox)
    assert api().get(link(f"{first}/")).json()["status"] == "revoked"
    assert api().get(link(f"{second}/")).json()["role"] == Role.MANAGER


def test_the_email_is_in_the_invitees_language_or_the_centres(api, admin_user, centre, member, other_centre,
                                                              mailoutbox, settings):
    settings.CUS_SITE_URL = "https://cus.example.org"
    czech = member(Role.MANAGER, other_centre, language="cs")
    invite(api, admin_user, czech.email)
    invite(api, admin_user, "new@example.org")  # the centre is Polish
    invite(api, admin_user, "english@example.org", language="en")
    czech_mail, _, english_mail = mailoutbox
    assert centre.name in czech_mail.subject
    assert [mail.extra_headers["Content-Language"] for mail in mailoutbox] == ["cs", "pl", "en"]
    assert "https://cus.example.org/invitations/" in english_mail.body


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "role": "coordinator"}, "email"),
        ({"email": "x@example.org"}, "role"),
        ({"email": "x@example.org", "role": "chief"}, "role"),
        ({"email": "x@example.org", "role": "provider"}, "provider"),
        ({"email": "x@example.org", "role": "coordinator", "language": "de"}, "language"),
        ({"role": "coordinator"}, "email"),
    ],
)
def test_bad_input_names_the_field_and_sends_nothing(api, admin_user, payload, field, mailoutbox):
    for url in (USERS, MEMBERSHIPS, INVITATIONS):
        response = api(admin_user).post(url, payload)
        assert response.status_code == 400, url
        assert field in response.json(), url
    assert not Invitation.objects.exists()
    assert not mailoutbox


def test_a_provider_of_another_centre_is_400(api, admin_user, other_centre):
    response = api(admin_user).post(USERS, {"email": "x@example.org", "role": "provider",
                                            "provider": str(ProviderFactory(centre=other_centre).pk)})
    assert response.status_code == 400
    assert "provider" in response.json()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_only_administrators_invite_and_see_invitations(api, member, centre, admin_user, role, mailoutbox):
    invite(api, admin_user, "x@example.org")
    client = api(member(role, centre))
    assert client.post(USERS, {"email": "y@example.org", "role": "coordinator"}).status_code == 403
    assert client.post(MEMBERSHIPS, {"email": "y@example.org", "role": "coordinator"}).status_code == 403
    assert client.post(INVITATIONS, {"email": "y@example.org", "role": "coordinator"}).status_code == 404
    assert client.get(INVITATIONS).status_code == 404
    assert Invitation.objects.count() == 1


# --- listing and revoking -------------------------------------------------------------------------------------


def test_administrators_list_their_centres_invitations_by_status(api, admin_user, member, other_centre, mailoutbox):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        invite(api, admin_user, email)
    invite(api, member(Role.ADMIN, other_centre), "elsewhere@example.org")
    Invitation.objects.filter(email="b@example.org").update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client = api(admin_user)
    everything = client.get(INVITATIONS).json()["results"]
    assert {row["email"] for row in everything} == {"a@example.org", "b@example.org", "c@example.org"}
    pending = client.get(INVITATIONS, {"status": "pending"}).json()["results"]
    assert {row["email"] for row in pending} == {"a@example.org", "c@example.org"}
    expired = client.get(INVITATIONS, {"status": "expired"}).json()["results"]
    assert [row["status"] for row in expired] == ["expired"]


def test_an_administrator_revokes_a_pending_invitation_and_its_link_stops_working(api, admin_user, mailoutbox):
    invitation_id = invite(api, admin_user, "x@example.org").json()["id"]
    token = token_in(mailoutbox[0])
    response = api(admin_user).post(f"{INVITATIONS}{invitation_id}/revoke/")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    again = api(admin_user).post(f"{INVITATIONS}{invitation_id}/revoke/")
    assert again.status_code == 409
    assert again.json()["code"] == "invitation_not_pending"
    shown = api().get(link(f"{token}/"))
    assert shown.json()["status"] == "revoked"
    refused = api().post(link(f"{token}/accept/"), {"first_name": "A", "last_name": "B", "password": STRONG})
    assert refused.status_code == 409
    assert refused.json()["code"] == "invitation_revoked"
    assert not User.objects.filter(email="x@example.org").exists()
    invitation = Invitation.objects.get()
    assert invitation.revoked_by == admin_user
    assert invitation.history.latest().history_user == admin_user


def test_another_centres_invitation_is_404(api, admin_user, member, other_centre, mailoutbox):
    foreign = invite(api, member(Role.ADMIN, other_centre), "x@example.org").json()["id"]
    assert api(admin_user).get(f"{INVITATIONS}{foreign}/").status_code == 404
    assert api(admin_user).post(f"{INVITATIONS}{foreign}/revoke/").status_code == 404
    assert Invitation.objects.get().revoked_at is None


# --- the link ------------------------------------------------------------------------------------------------


def test_the_link_shows_the_centre_and_role_without_login(api, admin_user, centre, member, other_centre, mailoutbox):
    provider = ProviderFactory(centre=centre)
    invite(api, admin_user, "new@example.org", role="provider", provider=str(provider.pk))
    invite(api, admin_user, member(Role.MANAGER, other_centre).email)
    new, known = (token_in(message) for message in mailoutbox)
    shown = api().get(link(f"{new}/"))
    assert shown.status_code == 200
    assert shown.json() | {"expires_at": None} == {
        "email": "new@example.org", "centre_name": centre.name, "role": "provider", "provider_name": provider.name,
        "partner_name": None, "status": "pending", "expires_at": None, "account_exists": False,
    }
    assert api().get(link(f"{known}/")).json()["account_exists"] is True


@pytest.mark.parametrize("token", ["unknown", "a" * 43, "%00"])
def test_an_unknown_link_is_404(db, api, token):
    assert api().get(link(f"{token}/")).status_code == 404
    assert api().post(link(f"{token}/accept/"), {"password": "x"}).status_code == 404


def test_someone_new_sets_name_and_password_and_becomes_a_member(api, admin_user, centre, mailoutbox):
    invite(api, admin_user, "new@example.org", role="manager")
    token = token_in(mailoutbox[0])
    response = api().post(link(f"{token}/accept/"),
                          {"first_name": " Jan ", "last_name": "Nowak", "password": STRONG, "language": "sl"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    user = User.objects.get(email="new@example.org")
    assert (user.first_name, user.last_name, user.language) == ("Jan", "Nowak", "sl")
    assert user.check_password(STRONG)
    membership = Membership.objects.get(user=user)
    assert (membership.centre, membership.role, membership.is_active) == (centre, Role.MANAGER, True)
    record = membership.history.get()
    assert (record.history_user, record.history_change_reason) == (user, "invitation accepted")
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    # The link works once.
    again = api().post(link(f"{token}/accept/"), {"first_name": "X", "last_name": "Y", "password": STRONG})
    assert again.status_code == 409
    assert again.json()["code"] == "invitation_accepted"
    assert api().get(link(f"{token}/")).json()["status"] == "accepted"


def test_a_new_account_takes_the_invitations_language_unless_chosen(api, admin_user, mailoutbox):
    invite(api, admin_user, "new@example.org", language="cs")
    api().post(link(f"{token_in(mailoutbox[0])}/accept/"), {"first_name": "A", "last_name": "B", "password": STRONG})
    assert User.objects.get(email="new@example.org").language == "cs"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"first_name": "Jan", "last_name": "Nowak", "password": "short"}, "password"),
        ({"first_name": "Jan", "last_name": "Nowak", "password": "123456789012345"}, "password"),
        ({"first_name": "Jan", "last_name": "Nowak", "password": "new@example.org"}, "password"),
        ({"first_name": "Jan", "last_name": "Nowak"}, "password"),
        ({"last_name": "Nowak", "password": STRONG}, "first_name"),
        ({"first_name": "Jan", "last_name": " ", "password": STRONG}, "last_name"),
        ({"first_name": "Jan", "last_name": "Nowak", "password": STRONG, "language": "de"}, "language"),
    ],
)
def test_a_new_persons_bad_input_names_the_field_and_writes_nothing(api, admin_user, payload, field, mailoutbox):
    invite(api, admin_user, "new@example.org")
    response = api().post(link(f"{token_in(mailoutbox[0])}/accept/"), payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.filter(email="new@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_must_sign_in_to_accept(api, admin_user, member, other_centre, mailoutbox):
    elsewhere = member(Role.MANAGER, other_centre)
    invite(api, admin_user, elsewhere.email)
    response = api().post(link(f"{token_in(mailoutbox[0])}/accept/"),
                          {"first_name": "A", "last_name": "B", "password": STRONG})
    assert response.status_code == 409
    assert response.json()["code"] == "sign_in_required"
    elsewhere.refresh_from_db()
    assert elsewhere.check_password("correct horse battery staple")  # the factories' password, unchanged
    assert elsewhere.memberships.count() == 1


def test_an_existing_user_signs_in_and_accepts(api, admin_user, centre, member, other_centre, mailoutbox):
    elsewhere = member(Role.MANAGER, other_centre, first_name="Ewa", language="cs")
    invite(api, admin_user, elsewhere.email, role="coordinator")
    token = token_in(mailoutbox[0])
    response = api(elsewhere).post(link(f"{token}/accept/"), {"first_name": "Ignored", "password": "ignored"})
    assert response.status_code == 200, response.json()
    elsewhere.refresh_from_db()
    assert (elsewhere.first_name, elsewhere.language) == ("Ewa", "cs")
    assert set(elsewhere.memberships.values_list("centre", "role")) == {
        (other_centre.pk, Role.MANAGER), (centre.pk, Role.COORDINATOR)
    }
    here = Membership.objects.get(user=elsewhere, centre=centre)
    assert here.history.get().history_user == elsewhere
    # Now a member of two centres: they choose one with X-Centre.
    assert api(elsewhere, centre=centre).get(USERS).status_code == 200


def test_signed_in_as_someone_else_the_invitation_is_refused(api, admin_user, coordinator, mailoutbox):
    invite(api, admin_user, "someone.else@example.org")
    response = api(coordinator).post(link(f"{token_in(mailoutbox[0])}/accept/"), {})
    assert response.status_code == 403
    assert response.json()["code"] == "wrong_account"
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_link_says_so_and_cannot_be_accepted(api, admin_user, mailoutbox):
    invite(api, admin_user, "new@example.org")
    token = token_in(mailoutbox[0])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api().get(link(f"{token}/")).json()["status"] == "expired"
    response = api().post(link(f"{token}/accept/"), {"first_name": "A", "last_name": "B", "password": STRONG})
    assert response.status_code == 409
    assert response.json()["code"] == "invitation_expired"
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_provider_staff_invitation_gives_the_provider(api, admin_user, centre, mailoutbox):
    provider = ProviderFactory(centre=centre)
    invite(api, admin_user, "carer@example.org", role="provider", provider=str(provider.pk))
    api().post(link(f"{token_in(mailoutbox[0])}/accept/"),
               {"first_name": "A", "last_name": "B", "password": STRONG})
    membership = Membership.objects.get(user__email="carer@example.org")
    assert (membership.role, membership.provider) == (Role.PROVIDER, provider)


def test_an_account_made_meanwhile_must_sign_in(api, admin_user, mailoutbox):
    invite(api, admin_user, "new@example.org")
    token = token_in(mailoutbox[0])
    UserFactory(email="new@example.org")
    assert api().get(link(f"{token}/")).json()["account_exists"] is True
    response = api().post(link(f"{token}/accept/"), {"first_name": "A", "last_name": "B", "password": STRONG})
    assert response.json()["code"] == "sign_in_required"
