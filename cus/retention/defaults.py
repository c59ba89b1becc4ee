"""The retention periods CUS ships for each country, per record category, with their sources.

These are defaults: a centre confirms them against its own records plan (PL *jednolity rzeczowy wykaz akt* and
*instrukcja archiwalna*, CZ *spisový a skartační plán*, SI *klasifikacijski načrt z roki hrambe*) and the grant
agreement of each EU-funded project, and edits them on the retention screen. ``docs/retention.md`` explains each
one. Periods in years run from 1 January of the year after the event (the case closed, the service delivered),
as the archives of all three countries count them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import RecordCategory


@dataclass(frozen=True)
class DefaultRule:
    years: int | None = None
    keep_until: dt.date | None = None
    legal_basis: str = ""


# ESF+ 2021-2027: Regulation (EU) 2021/1060 (CPR) Art. 82 - documents kept five years from 31 December of the
# year of the last payment to the beneficiary; managing authorities fix the date in the grant agreement. The
# default is the end of the programme period's audit horizon most agreements state.
ESF_PLUS_2021_2027_UNTIL = dt.date(2034, 12, 31)
ESF_BASIS = (
    "Regulation (EU) 2021/1060 (CPR) Art. 82: kept 5 years from 31 December of the year of the last payment; "
    "confirm the date in each project's grant agreement."
)

DEFAULTS: dict[str, dict[str, DefaultRule]] = {
    "PL": {
        RecordCategory.CASE_FILE: DefaultRule(
            years=10,
            legal_basis="PL: ustawa z 14 lipca 1983 o narodowym zasobie archiwalnym i archiwach; jednolity "
            "rzeczowy wykaz akt - akta spraw z zakresu pomocy społecznej, kategoria B10.",
        ),
        RecordCategory.UNSUCCESSFUL_REFERRAL: DefaultRule(
            years=5,
            legal_basis="PL: jednolity rzeczowy wykaz akt - wnioski i zgłoszenia niezakończone udzieleniem "
            "świadczenia, kategoria B5.",
        ),
        RecordCategory.DELIVERY_LOGS: DefaultRule(
            years=5,
            legal_basis="PL: ustawa z 29 września 1994 o rachunkowości, art. 74 ust. 2 pkt 4 (dowody "
            "księgowe: 5 lat od początku roku następującego po roku obrotowym).",
        ),
        RecordCategory.EU_PROJECT: DefaultRule(keep_until=ESF_PLUS_2021_2027_UNTIL, legal_basis=ESF_BASIS),
    },
    "CZ": {
        RecordCategory.CASE_FILE: DefaultRule(
            years=10,
            legal_basis="CZ: zákon č. 499/2004 Sb. o archivnictví a spisové službě, vyhláška č. 259/2012 Sb.; "
            "spisový a skartační plán obce - spisy klientů sociální práce, skartační lhůta 10 let (S/10).",
        ),
        RecordCategory.UNSUCCESSFUL_REFERRAL: DefaultRule(
            years=5,
            legal_basis="CZ: spisový a skartační plán - žádosti o sociální službu, které nevedly k jejímu "
            "poskytnutí (zákon č. 108/2006 Sb. § 88 písm. c), skartační lhůta 5 let (S/5).",
        ),
        RecordCategory.DELIVERY_LOGS: DefaultRule(
            years=5,
            legal_basis="CZ: zákon č. 563/1991 Sb. o účetnictví, § 31 odst. 2 písm. b) (účetní záznamy: 5 let "
            "od konce účetního období).",
        ),
        RecordCategory.EU_PROJECT: DefaultRule(keep_until=ESF_PLUS_2021_2027_UNTIL, legal_basis=ESF_BASIS),
    },
    "SI": {
        RecordCategory.CASE_FILE: DefaultRule(
            years=10,
            legal_basis="SI: Zakon o varstvu dokumentarnega in arhivskega gradiva ter arhivih (ZVDAGA); "
            "klasifikacijski načrt z roki hrambe - osebni spisi uporabnikov storitev, 10 let po zaključku.",
        ),
        RecordCategory.UNSUCCESSFUL_REFERRAL: DefaultRule(
            years=5,
            legal_basis="SI: klasifikacijski načrt z roki hrambe - vloge, ki niso vodile do storitve, 5 let.",
        ),
        RecordCategory.DELIVERY_LOGS: DefaultRule(
            years=10,
            legal_basis="SI: Zakon o davčnem postopku (ZDavP-2), 31. člen (knjigovodske listine: 10 let po "
            "poteku leta, na katerega se nanašajo).",
        ),
        RecordCategory.EU_PROJECT: DefaultRule(keep_until=ESF_PLUS_2021_2027_UNTIL, legal_basis=ESF_BASIS),
    },
}

# A centre outside the three countries starts from the Polish defaults (its administrator edits them).
FALLBACK_COUNTRY = "PL"


def default_rule(country: str, category: str) -> DefaultRule:
    return DEFAULTS.get(country, DEFAULTS[FALLBACK_COUNTRY])[category]
