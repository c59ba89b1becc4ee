"""Matching people's names and searching text the way a reader means it: ignoring case and accents ("glowacki"
finds "Głowacki", "Dvorak" is "Dvořák") and tolerating small spelling differences ("Audyt" / "Audyta").

The same two functions exist in Python and in SQL, so a query can use them on either database:

- ``fold(text)``: lower case without accents, ``cus_fold`` in SQL. On PostgreSQL an IMMUTABLE SQL function over
  the ``unaccent`` extension's ``unaccent()`` (created by ``cus.clients`` migration 0009, with trigram indexes on
  the folded names); on SQLite (the embedded default) the function registered on every connection
  (``register_sqlite_functions``), which is this module's ``fold``.
- ``similarity(a, b)``: the share of the trigrams of two texts they have in common (0 to 1). On PostgreSQL it is
  ``pg_trgm``'s ``similarity()``; on SQLite ``cus_similarity``, this module's ``similarity``, which computes
  trigrams the way pg_trgm does (per word, padded with two spaces before and one after, alphanumerics only).

The extensions are created by ``cus.clients`` migration 0009. ``unaccent``'s rules
map letters that Unicode does not decompose too (ł→l, đ→d, ß→ss, ø→o, æ→ae); ``fold`` maps the same ones.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, FloatField, Func, Lookup, TextField
from django.db.models.fields.json import KeyTransform, KeyTransformTextLookupMixin
from django.db.models.sql.compiler import SQLCompiler

# Letters without a Unicode decomposition that unaccent's rules still map to plain Latin letters.
_SPECIAL = str.maketrans({
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "Ħ": "H", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
})
_WORD = re.compile(r"[^\W_]+")


def fold(text: str | None) -> str:
    """``text`` in lower case without accents: "Głowacki" → "glowacki", "Čebašek" → "cebasek"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def trigrams(text: str | None) -> set[str]:
    """The trigrams of ``text`` as pg_trgm counts them: per word (letters and digits), lower case, padded."""
    grams: set[str] = set()
    for word in _WORD.findall((text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str | None, b: str | None) -> float:
    """pg_trgm's ``similarity``: shared trigrams over all trigrams of both (0 when either has none)."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def register_sqlite_functions(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite the functions PostgreSQL has from its extensions."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("cus_fold", 1, fold, deterministic=True)
    raw.create_function("cus_similarity", 2, similarity, deterministic=True)


class Fold(Func):
    """SQL ``fold``: lower case, accents removed."""

    output_field = TextField()
    arity = 1

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:  # type: ignore[override]
        return super().as_sql(compiler, connection, function="cus_fold", **extra)


class Similarity(Func):
    """SQL ``similarity`` of two texts (trigrams, 0 to 1)."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:  # type: ignore[override]
        function = "similarity" if connection.vendor == "postgresql" else "cus_similarity"
        return super().as_sql(compiler, connection, function=function, **extra)


class UnaccentContains(Lookup):
    r"""``field__unaccent_icontains=text``: ``text`` within the field, ignoring case and accents.

    PostgreSQL: ``cus_fold(col) LIKE '%' || cus_fold(text) || '%'`` (the searched text's ``%``, ``_`` and ``\``
    escaped), which a trigram index on ``cus_fold(col)`` serves; SQLite: ``instr`` on the folded texts.
    """

    lookup_name = "unaccent_icontains"
    prepare_rhs = False

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:  # type: ignore[override]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        params = [*lhs_params, *rhs_params]
        if connection.vendor == "postgresql":
            return f"cus_fold(({lhs})::text) LIKE '%%' || cus_fold({rhs}) || '%%'", params
        return f"instr(cus_fold({lhs}), cus_fold({rhs})) > 0", params

    def get_db_prep_lookup(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if connection.vendor == "postgresql":
            value = str(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return super().get_db_prep_lookup(value, connection)


class KeyTransformUnaccentContains(KeyTransformTextLookupMixin, UnaccentContains):
    """The same on a JSON key (``description__pl__unaccent_icontains``): the key's text, not its JSON."""


CharField.register_lookup(UnaccentContains)
TextField.register_lookup(UnaccentContains)
KeyTransform.register_lookup(KeyTransformUnaccentContains)
