"""Journey: the centre's administrator, on a phone, invites a new coordinator, who opens the e-mailed link, sets a
name and password and signs in; the administrator sees them among the members and deactivates them, and revokes
another invitation."""

from __future__ import annotations

import hashlib
import re
import secrets
import subprocess
import sys

import pytest

from .conftest import PHONE, ROOT, login_with_form, shot

pytestmark = pytest.mark.e2e

RUN = secrets.token_hex(4)  # a kept data folder (CUS_E2E_DATA_DIR) may hold an earlier run's people
INVITEE = f"e2e.invitee.{RUN}@example.org"
TOKEN = f"e2e-invitation-link-{RUN}-{secrets.token_urlsafe(16)}"  # the e-mail goes to a dummy backend: set here
NEW_PASSWORD = "quiet harbour lights at dawn"


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def set_link_token(live_cus, email: str, token: str) -> None:
    """The invitation to ``email`` opens with ``token`` (what the link in its e-mail would hold)."""
    code = (
        "from cus.core.models import Invitation; "
        f"found = Invitation.objects.filter(email={email!r}, revoked_at=None, accepted_at=None).latest('created_at'); "
        f"found.token_hash = {hashlib.sha256(token.encode()).hexdigest()!r}; found.save(update_fields=['token_hash'])"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=live_cus.env,  # noqa: S603
                   check=True, stdout=subprocess.DEVNULL)


def test_an_administrator_invites_a_coordinator_who_accepts_and_is_then_deactivated(new_page, live_cus, artifacts):
    from playwright.sync_api import expect

    admin = new_page(viewport=PHONE)
    login_with_form(admin, "admin@cus.example")
    admin.goto("/users")
    expect(admin.get_by_role("heading", name="Users of the centre")).to_be_visible()
    invite = admin.get_by_role("form", name="Invite a person")
    invite.get_by_role("textbox", name="E-mail").fill(INVITEE)
    invite.get_by_label("Role").select_option("coordinator")
    invite.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_role("status").filter(has_text=f"An invitation was sent to {INVITEE}.")).to_be_visible()
    expect(admin.get_by_test_id("invitation").filter(has_text=INVITEE)).to_be_visible()
    no_sideways_scroll(admin)
    shot(admin, artifacts, "users-admin-phone")

    # The invited person opens the link (on their phone), sets their name and password and accepts.
    set_link_token(live_cus, INVITEE, TOKEN)
    person = new_page(viewport=PHONE)
    person.goto(f"/invitations/{TOKEN}")
    expect(person.get_by_role("heading", name="Invitation to CUS")).to_be_visible()
    expect(person.get_by_text("Coordinator", exact=True)).to_be_visible()
    person.get_by_label("First name").fill("Ines")
    person.get_by_label("Last name").fill("Invited")
    person.get_by_label("New password", exact=False).first.fill(NEW_PASSWORD)
    person.get_by_label("New password again").fill(NEW_PASSWORD)
    person.get_by_role("button", name="Create the account and accept").click()
    # Making the account hashes the password (slow by design): give it time.
    expect(person.get_by_role("status").filter(has_text="You are now a member of")).to_be_visible(timeout=30_000)
    no_sideways_scroll(person)
    shot(person, artifacts, "invitation-accepted-phone")
    # The link works once.
    person.goto(f"/invitations/{TOKEN}")
    expect(person.get_by_role("alert")).to_contain_text("This invitation has already been accepted.")
    person.goto("/login")
    person.get_by_label("E-mail").fill(INVITEE)
    person.get_by_label("Password").fill(NEW_PASSWORD)
    person.get_by_role("button", name="Log in").click()
    expect(person).to_have_url(re.compile(r"/today"), timeout=30_000)  # a password check is slow by design

    # The administrator finds them among the members and deactivates them, with a reason.
    admin.goto("/users")
    admin.get_by_role("search").get_by_label("Search by name or e-mail").fill(INVITEE)
    admin.keyboard.press("Enter")
    card = admin.get_by_test_id("member").filter(has_text=INVITEE)
    expect(card.get_by_text("Coordinator", exact=True)).to_be_visible()
    card.get_by_role("button", name="Deactivate").click()
    card.get_by_label("Reason").fill("left before starting")
    card.get_by_role("form", name="Deactivate").get_by_role("button", name="Deactivate").click()
    expect(admin.get_by_role("status").filter(has_text="Ines Invited was deactivated in this centre.")).to_be_visible(timeout=15_000)
    expect(card.get_by_text("Deactivated")).to_be_visible()

    # Another invitation, revoked: its card leaves the open invitations.
    invite.get_by_role("textbox", name="E-mail").fill(f"e2e.revoked.{RUN}@example.org")
    invite.get_by_role("button", name="Send the invitation").click()
    pending = admin.get_by_test_id("invitation").filter(has_text=f"e2e.revoked.{RUN}@example.org")
    pending.get_by_role("button", name="Revoke").click()
    expect(admin.get_by_role("status").filter(has_text="was revoked")).to_be_visible()
    expect(pending).to_have_count(0)
