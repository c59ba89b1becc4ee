"""One person, one record: merging a client's duplicate record into the record that stays (the survivor).

Everything that pointed to the absorbed record points to the survivor afterwards, whatever the app: the foreign
keys are found by walking ``Client._meta.related_objects`` (so a table added later is moved too, and a test walks
the same list), not by naming them. In one transaction:

- rows with history (consents, plans, participations, ...) are moved with a history entry each, by the manager and
  with the merge as the reason; rows without history (the access log) are moved as they are;
- many-to-many links (the pairs confirmed as different persons) move to the survivor, without doubles;
- records merged earlier into the absorbed one point to the survivor (no chains);
- the survivor's empty contact and identity fields take the absorbed record's values (nothing the person told the
  centre is lost); what both have stays the survivor's;
- the absorbed record gets ``merged_into`` and the status "merged": it leaves every list, a read of it answers with
  a pointer to the survivor, and a write to it is refused. Its national ID stays on it, for the history: the
  uniqueness of national IDs covers live records only.

What re-pointing cannot do is refused, with a clear reason, before anything is written (``MergeConflict``): a
unique constraint that both records would then break (two ongoing plans, two open participations in the same
project: end one first), and a one-to-one link the absorbed record has (an anonymisation: an anonymised record is
not merged).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import ForeignObjectRel, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.errors import Conflict, NotFound, ValidationError
from cus.core.history import stamp

from ..models import Client, ClientStatus

# The survivor's empty fields that take the absorbed record's value.
FILLED_FROM_ABSORBED = (
    "national_id", "national_id_country", "citizenship", "street", "postcode", "municipality", "area", "phone",
    "email", "language", "carer_name", "carer_phone", "coordinator",
)


def client_links() -> list[ForeignObjectRel]:
    """Every relation of another row (or of a client) to a client: what a merge moves."""
    return list(Client._meta.related_objects)


def _unique_clashes(rel: ForeignObjectRel, survivor: Client, absorbed: Client) -> list[str]:
    """The unique constraints of the related model the survivor would break if the absorbed record's rows joined
    its own (their violation messages)."""
    model: Any = rel.related_model
    field = rel.field
    clashes = []
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or field.name not in (constraint.fields or ()):
            continue
        condition = constraint.condition or Q()
        others = [name for name in constraint.fields if name != field.name]
        theirs = model._base_manager.filter(condition, **{field.name: absorbed})
        for values in theirs.values(*others) if others else ([{}] if theirs.exists() else []):
            if model._base_manager.filter(condition, **{field.name: survivor}, **values).exists():
                custom = constraint.violation_error_message != constraint.default_violation_error_message
                clashes.append(
                    str(constraint.violation_error_message) if custom
                    else _("both records have one, and a client may have only one.")
                )
                break
    return clashes


def _check_movable(survivor: Client, absorbed: Client) -> None:
    problems: list[str] = []
    for rel in client_links():
        model: Any = rel.related_model
        if rel.one_to_one and model._base_manager.filter(**{rel.field.name: absorbed}).exists():
            problems.append(
                _("The record to merge has a %(what)s, which a client has only once.")
                % {"what": model._meta.verbose_name}
            )
        elif rel.one_to_many:
            problems.extend(
                _("%(what)s: %(rule)s") % {"what": str(model._meta.verbose_name_plural).capitalize(), "rule": clash}
                for clash in _unique_clashes(rel, survivor, absorbed)
            )
    if problems:
        raise Conflict(
            _("These records cannot be merged yet: %(problems)s Resolve this on one of the records, then merge.")
            % {"problems": " ".join(p if p.endswith(".") else f"{p}." for p in problems)},
            code="merge_conflict",
            problems=problems,
        )


def _move_foreign_keys(rel: ForeignObjectRel, survivor: Client, absorbed: Client, actor: Actor, reason: str) -> None:
    model: Any = rel.related_model
    field = rel.field
    rows = model._base_manager.filter(**{field.name: absorbed})
    if model is Client:  # records merged earlier into the absorbed one: the survivor's now
        for row in rows:
            row.merged_into = survivor
            stamp(row, user=actor.user, reason=reason)
            row.save(update_fields=["merged_into"])
        return
    if hasattr(model, "history"):
        moved = list(rows)
        for row in moved:
            setattr(row, field.name, survivor)
        if moved:
            bulk_update_with_history(
                moved, model, [field.name], default_user=actor.user, default_change_reason=reason, batch_size=500
            )
    else:
        rows.update(**{field.name: survivor})


def _move_many_to_many(rel: ForeignObjectRel, survivor: Client, absorbed: Client) -> None:
    field: Any = rel.field
    through: Any = field.remote_field.through
    if field.model is Client and field.name == "distinct_from":  # Client to Client, symmetrical
        others = [other for other in absorbed.distinct_from.all() if other.pk != survivor.pk]
        survivor.distinct_from.add(*others)
        absorbed.distinct_from.clear()
        return
    to_client, to_owner = field.m2m_reverse_field_name(), field.m2m_field_name()
    kept = set(through.objects.filter(**{to_client: survivor}).values_list(f"{to_owner}_id", flat=True))
    links = through.objects.filter(**{to_client: absorbed})
    links.filter(**{f"{to_owner}_id__in": kept}).delete()
    links.update(**{to_client: survivor})


@transaction.atomic
def merge_clients(*, actor: Actor, survivor: Client, absorbed: Client, reason: str = "") -> Client:
    """Merge ``absorbed`` into ``survivor`` (two records of one person, see the module); the reason is required."""
    require(actor, Perm.MERGE_CLIENTS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these records are one person.")})
    if survivor.pk == absorbed.pk:
        raise ValidationError({"absorbed": _("Choose two different records.")})
    locked = {
        client.pk: client
        for client in Client.objects.select_for_update().filter(
            pk__in=[survivor.pk, absorbed.pk], centre_id=actor.centre_id
        ).order_by("pk")
    }
    if len(locked) != 2:
        raise NotFound()
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    if survivor.merged_into_id is not None or absorbed.merged_into_id is not None:
        raise Conflict(_("One of these records has already been merged into another."), code="already_merged")
    _check_movable(survivor, absorbed)

    moved_reason = f"client {absorbed.reference} merged into {survivor.reference}: {reason}"
    for rel in client_links():
        if rel.many_to_many:
            _move_many_to_many(rel, survivor, absorbed)
        elif not rel.one_to_one:
            _move_foreign_keys(rel, survivor, absorbed, actor, moved_reason)

    filled = [name for name in FILLED_FROM_ABSORBED if not getattr(survivor, name) and getattr(absorbed, name)]
    absorbed.merged_into = survivor
    absorbed.status = ClientStatus.MERGED
    stamp(absorbed, user=actor.user, reason=f"merged into {survivor.reference}: {reason}")
    absorbed.save()
    for name in filled:
        setattr(survivor, name, getattr(absorbed, name))
    stamp(survivor, user=actor.user, reason=f"{absorbed.reference} merged into this record: {reason}")
    survivor.save()
    return survivor
