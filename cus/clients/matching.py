"""When two client records are likely the same person (one rule, in SQL for a registration and in Python for the
list of a centre's likely duplicates).

Two live records of a centre are likely the same person when they have the same birth date and their names are
alike. Names are compared folded (lower case, no accents: cus.core.textmatch) by trigrams (pg_trgm's similarity),
first name with first name and last name with last name (or swapped, for a name entered the wrong way round): each
pair shares at least ``PART_SIMILARITY`` of its trigrams and the two together average at least
``NAME_SIMILARITY`` ("Audyt" / "Audyta", "Katarzyna" / "Katarzina", "John Smith" / "John Smyth"). Records of
different sexes match only when the names are the same (twins "Jan" and "Jana Dvořák" stay apart); so do twins
with other first names ("Piotr" / "Paweł Nowak", "Anna" / "Celina Kowalska").

A national ID is not a "likely" match: it is unique among a centre's live records (a constraint, no override).
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Greatest

from cus.core.textmatch import Fold, Similarity, fold, similarity

# How alike two names must be (trigram similarity, 0 to 1): each part, and the average of both parts.
PART_SIMILARITY = 0.3
NAME_SIMILARITY = 0.6
SAME_NAME = 0.999  # trigram sets equal (float equality is not to be trusted in SQL)


def name_score(a: tuple[str, str], b: tuple[str, str]) -> tuple[float, float]:
    """How alike two (first, last) names are: the similarities of the parts, in the order (straight or swapped)
    that makes them most alike."""
    straight = (similarity(fold(a[0]), fold(b[0])), similarity(fold(a[1]), fold(b[1])))
    swapped = (similarity(fold(a[0]), fold(b[1])), similarity(fold(a[1]), fold(b[0])))
    return max(straight, swapped, key=sum)


def alike(parts: tuple[float, float], same_sex: bool) -> bool:
    if min(parts) >= SAME_NAME:
        return True
    return same_sex and min(parts) >= PART_SIMILARITY and sum(parts) / 2 >= NAME_SIMILARITY


def likely_same_person(a: Any, b: Any) -> float | None:
    """How alike the names of two records are (0 to 1; anything with first_name, last_name, birth_date, sex) when
    they are likely the same person, else None."""
    if a.birth_date != b.birth_date:
        return None
    parts = name_score((a.first_name, a.last_name), (b.first_name, b.last_name))
    return sum(parts) / 2 if alike(parts, a.sex == b.sex) else None


def _alike_sql(first: str, second: str) -> Q:
    """SQL: the annotated part similarities ``first`` and ``second`` make names alike (see ``alike``)."""
    same = Q(**{f"{first}__gte": SAME_NAME, f"{second}__gte": SAME_NAME})
    close = Q(**{f"{first}__gte": PART_SIMILARITY, f"{second}__gte": PART_SIMILARITY})
    return same | (close & Q(**{f"{first}_{second}__gte": 2 * NAME_SIMILARITY}))


def likely_same_person_as(
    queryset: QuerySet[Any], *, first_name: str, last_name: str, birth_date: Any, sex: str
) -> QuerySet[Any]:
    """The records of ``queryset`` likely the same person as the one described (SQL: PostgreSQL's unaccent and
    pg_trgm, or the same functions registered on SQLite), with their ``name_score`` (0 to 1)."""
    first, last = Fold(Value(first_name.strip())), Fold(Value(last_name.strip()))
    their_first, their_last = Fold(F("first_name")), Fold(F("last_name"))
    queryset = queryset.filter(birth_date=birth_date).annotate(
        m_sf=Similarity(their_first, first),
        m_sl=Similarity(their_last, last),
        m_xf=Similarity(their_first, last),
        m_xl=Similarity(their_last, first),
    ).annotate(m_sf_m_sl=F("m_sf") + F("m_sl"), m_xf_m_xl=F("m_xf") + F("m_xl"))
    straight, swapped = _alike_sql("m_sf", "m_sl"), _alike_sql("m_xf", "m_xl")
    same_name = Q(m_sf__gte=SAME_NAME, m_sl__gte=SAME_NAME) | Q(m_xf__gte=SAME_NAME, m_xl__gte=SAME_NAME)
    return queryset.filter((straight | swapped) & (Q(sex=sex) | same_name)).annotate(
        name_score=Greatest("m_sf_m_sl", "m_xf_m_xl") / 2
    )
