"""The centre, its staff logins and their memberships."""

from __future__ import annotations

from cus.core.models import Centre, Membership, User

from ..context import DemoContext


def create_staff(ctx: DemoContext) -> None:
    """The centre's logins; a user who already exists (the same e-mail) is reused, not duplicated. None of them is
    staff or a superuser: the Django admin is the platform operator's (``createsuperuser``)."""
    spec = ctx.spec
    emails = [staff.email for staff in spec.staff]
    ctx.users = {user.email: user for user in User.objects.filter(email__in=emails)}
    new = [
        User(
            email=staff.email, first_name=staff.first_name, last_name=staff.last_name, language=spec.language,
            password=ctx.password_hash,
        )
        for staff in spec.staff
        if staff.email not in ctx.users
    ]
    ctx.users.update({user.email: user for user in new})
    ctx.insert(User, new)


def create_centre(ctx: DemoContext) -> None:
    spec = ctx.spec
    centre = Centre(
        code=spec.code, name=spec.name, municipality=spec.municipality, country=spec.country,
        language=spec.language, timezone=spec.timezone, currency=spec.currency, address=spec.address,
        email=spec.email, phone=spec.phone, website=spec.website,
    )
    [ctx.centre] = ctx.insert(Centre, [centre])


def create_memberships(ctx: DemoContext) -> None:
    """The staff's memberships; a partner organisation's staff get theirs with the partners (steps/planning.py)."""
    ctx.insert(
        Membership,
        [
            Membership(
                user=ctx.users[staff.email], centre=ctx.centre, role=staff.role,
                provider=ctx.providers[staff.provider] if staff.provider else None,
            )
            for staff in ctx.spec.staff
            if not staff.partner
        ],
    )
