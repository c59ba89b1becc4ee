"""Who pays and what is bought: funding sources, and contracts with the providers for this year (a few for last
year too, ended), each line sized to the centre's caseload.

A city's contracts grow with it: beyond ``CLIENTS_PER_LOT`` clients each provider's yearly contract is let in lots
(one contract per part of the city, each with its own lines, sized to its share of the caseload), so that
contracts, lines and monthly statements scale with the clients as they do in a real city, instead of a few lines
carrying every log of the year."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from decimal import Decimal
from typing import Any

from cus.catalogue.models import LegalForm, Offering
from cus.contracts.models import Contract, ContractLine, ContractStatus, FundingKind, FundingSource

from ..context import DemoContext, stamp_history
from ..rates import RATES, yearly_units

CITY_OF = {"Gdynia": "Miasta Gdyni", "Sopot": "Miasta Sopotu"}
CLIENTS_PER_SLOT_SHARE = 300  # an offering of capacity C serves about C * clients / 300 of the demo's clients
CLIENTS_PER_LOT = 1000  # a provider's yearly contract is one lot per 1,000 clients of the centre (the demo: one)


def lots_for(client_count: int) -> int:
    """How many contracts (lots) each provider gets a year for a centre of ``client_count`` clients."""
    return max(1, math.ceil(client_count / CLIENTS_PER_LOT))


def create_funding_sources(ctx: DemoContext) -> None:
    year = ctx.today.year
    city = CITY_OF.get(ctx.spec.municipality, f"Gminy {ctx.spec.municipality}")
    code = ctx.spec.code.upper()
    sources = [
        FundingSource(
            centre=ctx.centre, kind=FundingKind.ESF_PLUS,
            name=f"Projekt „Usługi społeczne blisko domu — {ctx.spec.municipality}” (FEP 2021–2027)",
            project_code=f"FEPM.05.16-IZ.00-{sum(map(ord, code)):04d}/{(year - 2) % 100:02d}",
            funder="Urząd Marszałkowski Województwa Pomorskiego — Fundusze Europejskie dla Pomorza 2021–2027",
            start_date=dt.date(year - 1, 1, 1), end_date=dt.date(year + 1, 6, 30),
        ),
        FundingSource(
            centre=ctx.centre, kind=FundingKind.MUNICIPAL, name=f"Budżet {city} — zadania własne pomocy społecznej",
            funder=f"Rada {city}",
        ),
        FundingSource(
            centre=ctx.centre, kind=FundingKind.MINISTRY,
            name="Programy resortowe MRPiPS (Asystencja osobista, Opieka wytchnieniowa, Korpus Wsparcia Seniorów)",
            project_code=f"MRPiPS/{year}", funder="Ministerstwo Rodziny, Pracy i Polityki Społecznej",
            start_date=dt.date(year - 1, 1, 1), end_date=dt.date(year, 12, 31),
        ),
        FundingSource(
            centre=ctx.centre, kind=FundingKind.ESF_PLUS, name="Projekt „Aktywni seniorzy” (RPO WP 2014–2020)",
            project_code="RPPM.06.02.02-22-0031/19", funder="Urząd Marszałkowski Województwa Pomorskiego",
            start_date=dt.date(2020, 1, 1), end_date=dt.date(2023, 12, 31), is_active=False,
        ),
    ]
    for source in sources:
        stamp_history(source, user=ctx.head, when=ctx.at(dt.date(year - 1, 1, 2), ctx.rng("funding")))
    ctx.insert(FundingSource, sources)
    ctx.funding_sources = {source.kind: source for source in sources if source.is_active}


def _round_up(value: Decimal, step: int) -> Decimal:
    return Decimal(math.ceil(value / step) * step)


def create_contracts(ctx: DemoContext) -> None:
    """Contracts with most providers for this year; a few for last year too, and one draft for next year."""
    rng = ctx.rng("contracts")
    year = ctx.today.year
    login_providers = {staff.provider for staff in ctx.spec.staff if staff.provider}
    contracted = [p for p in ctx.spec.providers if p.legal_form != LegalForm.CENTRE]  # the centre's own staff
    offerings: dict[Any, list[Offering]] = {}
    for offering in ctx.offerings:
        offerings.setdefault(offering.provider_id, []).append(offering)
    contracts: list[Contract] = []
    lines: list[ContractLine] = []
    numbers: Counter[int] = Counter()
    home_care_lines: Counter[str] = Counter()
    draft_for = rng.choice(contracted).key if len(contracted) > 2 else ""

    lots = lots_for(ctx.client_count)
    served = math.ceil(ctx.client_count / lots)  # each lot's share of the caseload

    def contract_for(provider_key: str, contract_year: int, status: str, lot: int = 1) -> None:
        provider = ctx.providers[provider_key]
        numbers[contract_year] += 1
        types = [o for o in offerings.get(provider.pk, []) if o.service_type.code in RATES]
        if not types:
            return
        contract = Contract(
            centre=ctx.centre, provider=provider,
            number=f"{ctx.spec.code.upper()}/ZP/{contract_year}/{numbers[contract_year]:03d}",
            title=f"Realizacja usług: {', '.join(o.service_type.name_pl.lower() for o in types)}"
                  + (f" — część {lot} z {lots}" if lots > 1 else ""),
            start_date=dt.date(contract_year, 1, 1), end_date=dt.date(contract_year, 12, 31), status=status,
            note="Umowa zawarta w trybie art. 11 ustawy o pomocy społecznej." if rng.random() < 0.5 else "",
            status_reason="Okres umowy upłynął." if status == ContractStatus.ENDED else "",
        )
        kinds: Counter[str] = Counter()
        for offering in types:
            rate = RATES[offering.service_type.code]
            kind = rate.funding
            if offering.service_type.code == "home_care":
                # The second home-care provider is paid from the ESF+ project: two sources for one service type.
                kind = FundingKind.ESF_PLUS if home_care_lines[str(contract_year)] else kind
                home_care_lines[str(contract_year)] += 1
            kinds[kind] += 1
            slots = max(math.ceil(served / 4),
                        math.ceil((offering.capacity or 20) * served / CLIENTS_PER_SLOT_SHARE))
            if rate.per == "total":
                slots *= 3  # short courses: several clients a year take each place in turn
            max_units = _round_up(slots * yearly_units(rate), 10)
            price = rate.unit_price
            style = rng.random()
            line = ContractLine(
                centre=ctx.centre, contract=contract, service_type=offering.service_type,
                unit=offering.service_type.unit, unit_price=price, funding_source=ctx.funding_sources[kind],
                max_units=max_units if style < 0.8 else None,
                budget=_round_up(max_units * price * Decimal("0.95"), 100) if style >= 0.4 else None,
                monthly_capacity=_round_up(max_units / 12 * Decimal("1.25"), 5) if rng.random() < 0.5 else None,
            )
            lines.append(line)
        contract.funding_source = ctx.funding_sources[kinds.most_common(1)[0][0]]
        signed = dt.date(contract_year - 1, 12, rng.randint(10, 22))
        stamp_history(contract, user=ctx.head, when=ctx.at(signed, rng))
        contracts.append(contract)

    # Providers with a demo login always had a contract last year too, so their staff see a longer history.
    for p in contracted:
        if p.key in login_providers or rng.random() < 0.4:
            for lot in range(1, lots + 1):
                contract_for(p.key, year - 1, ContractStatus.ENDED, lot)
    for p in contracted:
        for lot in range(1, lots + 1):
            contract_for(p.key, year, ContractStatus.ACTIVE, lot)
    if draft_for:
        contract_for(draft_for, year + 1, ContractStatus.DRAFT)
    ctx.insert(Contract, contracts)
    for line in lines:
        stamp_history(line, user=ctx.head, when=line.contract._history_date)  # type: ignore[attr-defined]
    ctx.lines = ctx.insert(ContractLine, lines)
