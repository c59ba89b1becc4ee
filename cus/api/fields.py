"""API-wide fields and filters: one month parameter (``YYYY-MM``) with one parser and one error text; dates and
times as every input takes them (years 1900-2999, the schema's time format); a birth date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cus.core.dates import MAX_YEAR, MIN_YEAR, centre_today, month_range, parse_month

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


# --- dates and times ----------------------------------------------------------------------------------------
# Every date the API takes has a year from 1900 to 2999 (as months do): year 1 parses as a date, but a birth date,
# a plan period or a contract in it is a typing error, and the calculations that follow (ages, month ranges,
# reports run later by the worker) fail on it or overflow. ``cus.api.serializers.ModelSerializer`` maps the
# models' date, date-time and time fields to these; declared fields use them by name.


class DateField(serializers.DateField):
    """A date (``YYYY-MM-DD``) with a year from 1900 to 2999."""

    default_error_messages = {"year": _("Enter a date with a year from 1900 to 2999.")}

    def to_internal_value(self, value: Any) -> dt.date:
        day: dt.date = super().to_internal_value(value)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            self.fail("year")
        return day


class DateTimeField(serializers.DateTimeField):
    """A date and time (ISO 8601) with a year from 1900 to 2999."""

    default_error_messages = {"year": _("Enter a date and time with a year from 1900 to 2999.")}

    def to_internal_value(self, value: Any) -> dt.datetime:
        moment: dt.datetime = super().to_internal_value(value)
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            self.fail("year")
        return moment


# A time of day as the API writes it (``HH:MM:SS``) and takes it (``HH:MM``, with seconds and fractions or not).
# OpenAPI's ``format: time`` is RFC 3339's full-time, which requires a UTC offset no time of day here has.
TIME_SCHEMA = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$", "example": "08:30"}


@extend_schema_field(TIME_SCHEMA)
class TimeField(serializers.TimeField):
    """A time of day, ``HH:MM`` or ``HH:MM:SS``."""


class BirthDateField(DateField):
    """A birth date: a plausible date (1900-2999) that is not after today in the actor's centre."""

    default_error_messages = {"future": _("The birth date cannot be in the future.")}

    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        actor = self.context.get("actor")
        today = centre_today(actor.centre) if actor is not None else timezone.localdate()
        if day > today:
            self.fail("future")
        return day


# --- choices under their own name ---------------------------------------------------------------------------


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set the schema publishes as one named enum (``enum_name``) wherever it appears.

    The schema generator names a choice set after its field, and many share a name ("status"): once a set appears
    in two components it gets a hashed name (``Status49eEnum``) instead of a readable one."""

    def __init__(self, choices: Any, enum_name: str, **kwargs: Any) -> None:
        super().__init__(choices=choices, **kwargs)
        self.enum_name = enum_name


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field: NamedChoiceField = self.target
        schema = {key: value for key, value in build_choice_field(field).items() if key != "x-spec-enum-id"}
        component = ResolvedComponent(
            name=field.enum_name, type=ResolvedComponent.SCHEMA, object=field.enum_name, schema=schema
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
