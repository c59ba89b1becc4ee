"""Search terms kept out of URLs. A term that is a national ID (or any identifier) must not travel in a query string,
where web-server and proxy logs, the browser's history and the access log's own ``path`` would keep it (OWASP ASVS
8.3.1): the term may come in the ``X-Search`` header instead, percent-encoded (headers carry Latin-1 only, names do
not). The header wins over ``?search=``. Lists that match identifiers match them only from the header
(``ClientViewSet.search_fields``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import filters
from rest_framework.fields import CharField
from rest_framework.request import Request

SEARCH_HEADER = "X-Search"
SEARCH_HEADER_META = "HTTP_X_SEARCH"

SEARCH_HEADER_PARAMETER = OpenApiParameter(
    SEARCH_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="The search term, percent-encoded, instead of `?search=`: keeps identifiers out of URLs. "
                "National IDs are matched only when the term comes here.",
)


def header_term(request: Request | Any) -> str | None:
    """The search term of the ``X-Search`` header (decoded), or None when the request has none."""
    value = request.headers.get(SEARCH_HEADER)
    return None if value is None else unquote(value, errors="replace")


class SearchFilter(filters.SearchFilter):
    """DRF's search, whose term may also come in the ``X-Search`` header (percent-encoded)."""

    def get_search_terms(self, request: Request) -> list[str]:
        term = header_term(request)
        if term is None:
            return super().get_search_terms(request)
        cleaned = CharField(trim_whitespace=False, allow_blank=True).run_validation(term)
        return filters.search_smart_split(cleaned)
