"""API-wide fields and filters: one month parameter (``YYYY-MM``) with one parser and one error text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cus.core.dates import month_range, parse_month

MONTH_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-10"}
MONTH_ERROR = _("Enter a month as YYYY-MM, with a year from 1900 to 2999.")


@extend_schema_field(MONTH_SCHEMA)
class MonthField(serializers.Field):
    """A month as ``YYYY-MM`` (year 1900-2999); held as the date of its first day."""

    default_error_messages = {"invalid": MONTH_ERROR}

    def to_internal_value(self, data: Any) -> dt.date:
        month = parse_month(data) if isinstance(data, str) else None
        if month is None:
            self.fail("invalid")
        return month

    def to_representation(self, value: dt.date) -> str:
        return f"{value:%Y-%m}"


class MonthFormField(forms.CharField):
    default_error_messages = {"invalid": MONTH_ERROR}

    def clean(self, value: Any) -> dt.date | None:
        value = super().clean(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


@extend_schema_field(MONTH_SCHEMA)
class MonthFilter(django_filters.Filter):
    """``?month=YYYY-MM``. On a date field it is the range of the month's days (an index on the date serves it);
    on a month field (a date holding a month's first day) it is that date."""

    field_class = MonthFormField

    def __init__(self, *args: Any, on_month_field: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("month (YYYY-MM)"))
        super().__init__(*args, **kwargs)
        self.on_month_field = on_month_field

    def filter(self, qs: QuerySet[Any], value: dt.date | None) -> QuerySet[Any]:
        if value is None:
            return qs
        if self.on_month_field:
            return qs.filter(**{self.field_name: value})
        start, end = month_range(value)
        return qs.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})
