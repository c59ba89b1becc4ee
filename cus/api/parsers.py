"""JSON bodies with a nesting limit: the API's JSON parser, and the one ``loads`` the middleware reads bodies with.

Python's ``json`` module (and DRF's parser, which uses it) parses recursively: a body of 5,000 nested ``[[[…]]]``
or ``{"a":{"a":…}}`` ends in a RecursionError, a 500, before any view sees it. Neither offers a depth limit
(orjson's is fixed at 1,024 levels, deeper than the recursion limit of the code that reads the result), so the
depth is measured first, without recursion (the brackets outside strings, counted up and down), and a body
nested deeper than ``MAX_DEPTH`` is refused with a 400 before anything parses it. No request CUS takes nests
more than a few levels.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils.json import strict_constant

MAX_DEPTH = 64

# A JSON string (escapes included), removed before counting so brackets inside text do not count.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class TooDeep(ValueError):
    """The JSON text nests arrays and objects deeper than allowed."""


def too_deep_message(limit: int = MAX_DEPTH) -> str:
    return _("The JSON body is nested too deeply (at most %(limit)d levels).") % {"limit": limit}


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (``[]`` is 1, ``{"a": [1]}`` is 2), without parsing it.

    Linear in the length of the text and never recursive; on invalid JSON the number is meaningless but finite.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(data: str | bytes, *, max_depth: int = MAX_DEPTH, **kwargs: Any) -> Any:
    """``json.loads`` that first refuses (raises :class:`TooDeep`) text nested deeper than ``max_depth``.

    Bytes are decoded as ``json.loads`` decodes them (UTF-8, -16 or -32, detected). Invalid JSON raises
    ``ValueError`` as ``json.loads`` does.
    """
    text = data.decode(json.detect_encoding(data), "surrogatepass") if isinstance(data, bytes) else data
    if nesting_depth(text) > max_depth:
        raise TooDeep(too_deep_message(max_depth))
    return json.loads(text, **kwargs)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the nesting limit: a body nested deeper than ``MAX_DEPTH`` is a 400 (ParseError)."""

    max_depth = MAX_DEPTH

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        parse_constant = strict_constant if self.strict else None
        try:
            text = stream.read().decode(encoding)  # bytes.decode takes only text codecs (not bz2_codec, ...)
        except (LookupError, ValueError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        try:
            return loads(text, max_depth=self.max_depth, parse_constant=parse_constant)
        except TooDeep as exc:
            raise ParseError(str(exc), code="too_deep") from exc
        except ValueError as exc:  # invalid JSON
            raise ParseError(f"JSON parse error - {exc}") from exc
