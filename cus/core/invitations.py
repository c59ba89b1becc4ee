"""Invitations to join a centre: the one way a centre's administrator adds a person (writes and reads).

Adding someone never attaches, renames or otherwise changes an existing account: ``invite`` writes an
``Invitation`` and e-mails a link to it, the same for an e-mail known in another centre, in this installation
or nowhere, so the administrator's answer says nothing about the person. The person accepts through the link:

- someone with an account signs in as that e-mail address and accepts (``accept_invitation`` with ``user``);
- someone new sets their name and password (Django's password validators) and accepts: the account is made.

Either way the membership is created then, in the history. A link works once, until it expires
(``INVITATION_VALID_DAYS``), unless an administrator revoked it; only its SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .access import Perm, can, require, scope
from .context import Actor
from .errors import Conflict, NotAllowed, NotFound, ValidationError
from .history import stamp
from .models import Invitation, InvitationStatus, Language, Membership, Role, User
from .services import _check_partner, _check_provider, _validate_password

INVITATION_VALID_DAYS = 14
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- reads ------------------------------------------------------------------------------------------


def invitations_for(actor: Actor) -> QuerySet[Invitation]:
    """The invitations of the actor's centre, for its administrators; nobody else sees any."""
    queryset = scope(
        Invitation.objects.select_related(
            "centre", "provider", "partner", "invited_by", "accepted_by", "revoked_by"
        ), actor
    )
    return queryset if can(actor, Perm.MANAGE_USERS) else queryset.none()


def with_status(queryset: QuerySet[Invitation], status: str, now: dt.datetime | None = None) -> QuerySet[Invitation]:
    """The invitations of ``queryset`` in ``status`` (an ``InvitationStatus``) at ``now``."""
    now = now or timezone.now()
    if status == InvitationStatus.ACCEPTED:
        return queryset.filter(accepted_at__isnull=False)
    if status == InvitationStatus.REVOKED:
        return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    open_ = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    if status == InvitationStatus.EXPIRED:
        return open_.filter(expires_at__lte=now)
    return open_.filter(expires_at__gt=now)


def invitation_by_token(token: str) -> Invitation:
    """The invitation a link's token opens, whatever its state (the page says used, expired or revoked)."""
    found = (
        Invitation.objects.select_related("centre", "provider", "partner", "invited_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if found is None:
        raise NotFound(_("This invitation link is not valid."))
    return found


def account_exists(invitation: Invitation) -> bool:
    """Whether the invited e-mail has an account: the link's holder signs in rather than making one.

    Told only to the holder of the link, who received it at that address."""
    return User.objects.filter(email=invitation.email).exists()


# --- writes -----------------------------------------------------------------------------------------


def _email_language(invitation: Invitation) -> str:
    known = User.objects.filter(email=invitation.email).values_list("language", flat=True).first()
    return known or invitation.language


def _send(invitation: Invitation, token: str, site_url: str) -> None:
    """The invitation e-mail, in the invitee's language (their account's, else the invitation's)."""
    link = f"{site_url.rstrip('/')}/invitations/{token}"
    inviter = invitation.invited_by
    language = _email_language(invitation)
    with translation.override(language):
        expires = timezone.localtime(invitation.expires_at, timezone=_centre_zone(invitation))
        values = {
            "centre": invitation.centre.name,
            "role": Role(invitation.role).label,
            "inviter": (inviter.get_full_name() or inviter.email) if inviter else invitation.centre.name,
            "expires": formats.date_format(expires, "DATETIME_FORMAT"),
        }
        lines = [
            _("%(inviter)s invites you to work in %(centre)s in CUS as %(role)s.") % values,
        ]
        if invitation.provider is not None:
            lines.append(_("Organisation: %(provider)s") % {"provider": invitation.provider})
        if invitation.partner is not None:
            lines.append(_("Organisation: %(provider)s") % {"provider": invitation.partner})
        lines += [
            "",
            _("To accept, open this link (it works once, until %(expires)s):") % values,
            link,
            "",
            _("If you did not expect this invitation, you can ignore this e-mail."),
        ]
        subject = _("Invitation to %(centre)s in CUS") % values
    EmailMessage(subject=subject, body="\n".join(lines), to=[invitation.email],
                 headers={"Content-Language": language}).send()


def _centre_zone(invitation: Invitation) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(invitation.centre.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


@transaction.atomic
def invite(
    *,
    actor: Actor,
    email: str,
    role: str,
    provider: Any = None,
    partner: Any = None,
    language: str = "",
    site_url: str = "",
) -> Invitation:
    """Invite ``email`` to the actor's centre as ``role`` and e-mail them the link (to ``site_url``).

    The same whether or not the e-mail has an account anywhere; only a person who is already a member of this
    centre (whom the administrator sees anyway) is refused. A newer invitation to the same address replaces an
    open one: only the newest link works."""
    require(actor, Perm.MANAGE_USERS)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if language and language not in Language.values:
        raise ValidationError({"language": _("Unknown language.")})
    _check_provider(actor, role, provider)
    _check_partner(actor, role, partner)
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(user__email=email, centre_id=actor.centre_id).exists():
        raise Conflict(_("This person is already a member of the centre."), code="duplicate_membership")
    now = timezone.now()
    for earlier in with_status(scope(Invitation.objects.select_for_update(), actor).filter(email=email),
                               InvitationStatus.PENDING, now):
        earlier.revoked_at, earlier.revoked_by = now, actor.user
        stamp(earlier, user=actor.user, reason="replaced by a new invitation")
        earlier.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation(
        centre=actor.centre, email=email, role=role, provider=provider, partner=partner, language=language or actor.centre.language,
        invited_by=actor.user, token_hash=token_hash(token), expires_at=now + dt.timedelta(days=INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    stamp(invitation, user=actor.user, reason="invited")
    invitation.save()
    _send(invitation, token, site_url)
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: Actor, invitation: Invitation) -> Invitation:
    """Withdraw an open invitation: its link stops working."""
    require(actor, Perm.MANAGE_USERS)
    invitation = scope(Invitation.objects.select_for_update(), actor).get(pk=invitation.pk)
    status = invitation.status
    if status != InvitationStatus.PENDING:
        raise Conflict(_("Only an open invitation can be revoked."), code="invitation_not_pending", status=status)
    invitation.revoked_at, invitation.revoked_by = timezone.now(), actor.user
    stamp(invitation, user=actor.user, reason="revoked")
    invitation.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return invitation


def _closed(status: str) -> Conflict:
    """The answer to using a link that no longer works, saying why."""
    if status == InvitationStatus.ACCEPTED:
        return Conflict(_("This invitation has already been accepted."), code="invitation_accepted", status=status)
    if status == InvitationStatus.EXPIRED:
        return Conflict(_("This invitation has expired. Ask the centre for a new one."), code="invitation_expired",
                        status=status)
    return Conflict(_("This invitation was withdrawn by the centre."), code="invitation_revoked", status=status)


def _new_account(invitation: Invitation, *, first_name: str, last_name: str, password: str, language: str) -> User:
    if User.objects.filter(email=invitation.email).exists():
        raise Conflict(
            _("An account with this e-mail address exists: sign in to accept the invitation."), code="sign_in_required"
        )
    errors: dict[str, Any] = {}
    for field, value in (("first_name", first_name), ("last_name", last_name), ("password", password)):
        if not (value or "").strip():
            errors[field] = _("This field is required.")
    if language and language not in Language.values:
        errors["language"] = _("Unknown language.")
    if errors:
        raise ValidationError(errors)
    user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip(),
                language=language or invitation.language)
    _validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    stamp(user, user=None, reason="account made by accepting an invitation")
    user.save()
    return user


@transaction.atomic
def accept_invitation(
    *,
    token: str,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
    language: str = "",
) -> Membership:
    """Accept the invitation of ``token``: as the signed-in ``user`` (who must be the invited e-mail), or, with no
    user, as someone new with their name and password (an account is made). Either way the membership is created
    and the link is used up."""
    found = invitation_by_token(token)
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("centre", "provider", "partner").get(pk=found.pk)
    status = invitation.status
    if status != InvitationStatus.PENDING:
        raise _closed(status)
    if user is not None:
        if user.email.lower() != invitation.email:
            raise NotAllowed(
                _("This invitation was sent to another e-mail address: sign in with that address to accept it."),
                code="wrong_account",
            )
        person = user
    else:
        person = _new_account(invitation, first_name=first_name, last_name=last_name, password=password,
                              language=language)
    if Membership.objects.filter(user=person, centre_id=invitation.centre_id).exists():
        raise Conflict(_("You are already a member of this centre."), code="duplicate_membership")
    membership = Membership(user=person, centre=invitation.centre, role=invitation.role, provider=invitation.provider,
                            partner=invitation.partner)
    membership.full_clean()
    stamp(membership, user=person, reason="invitation accepted")
    membership.save()
    invitation.accepted_at, invitation.accepted_by = timezone.now(), person
    stamp(invitation, user=person, reason="accepted")
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership
