"""The centre's providers, their locations and their offerings of the shipped service types."""

from __future__ import annotations

import random

from cus.catalogue.models import DeliveryForm, Location, Offering, Provider, ServiceType

from ..context import DemoContext
from ..places import by_name
from ..texts import OFFERINGS

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def polish_nip(rng: random.Random, prefixes: tuple[str, ...]) -> str:
    """A valid NIP: a tax-office prefix, six digits and the check digit (bodies whose check is 10 are skipped)."""
    while True:
        body = rng.choice(prefixes) + f"{rng.randrange(1_000_000):06d}"
        check = sum(int(digit) * weight for digit, weight in zip(body, NIP_WEIGHTS, strict=True)) % 11
        if check != 10:
            return body + str(check)


def create_providers(ctx: DemoContext) -> None:
    rng = ctx.rng("providers")
    spec = ctx.spec
    ctx.service_types = {t.code: t for t in ServiceType.objects.filter(centre__isnull=True)}
    providers: list[Provider] = []
    locations: list[Location] = []
    located: dict[str, list[Location]] = {}
    for p in spec.providers:
        district = by_name(spec.districts, p.district)
        street, postcode = district.address(rng, flat=False)
        provider = Provider(
            centre=ctx.centre, name=p.name, legal_form=p.legal_form,
            tax_id=polish_nip(rng, spec.tax_office_prefixes), tax_id_country=spec.country,
            street=street, postcode=postcode, municipality=spec.municipality, phone=p.phone, email=p.email,
            website=p.website, description={"pl": p.description_pl, "en": p.description_en},
            target_groups=list(p.target_groups), languages=list(p.languages),
            areas=list(p.areas) or [spec.municipality], wheelchair_accessible=p.wheelchair_accessible,
            accessibility="Wejście bez progów, winda, toaleta dla osób z niepełnosprawnościami."
            if p.wheelchair_accessible else "",
            is_public=p.is_public,
        )
        providers.append(provider)
        ctx.providers[p.key] = provider
        sites = [(f"Siedziba — {district.name}", district, street, postcode)]
        if p.second_location:
            second = by_name(spec.districts, p.second_location)
            sites.append((f"Filia — {second.name}", second, *second.address(rng, flat=False)))
        for name, site_district, site_street, site_postcode in sites:
            latitude, longitude = site_district.point(rng)
            locations.append(Location(
                centre=ctx.centre, provider=provider, name=name, street=site_street, postcode=site_postcode,
                municipality=spec.municipality, area=site_district.name, latitude=latitude, longitude=longitude,
                wheelchair_accessible=p.wheelchair_accessible, is_public=p.is_public,
            ))
            located.setdefault(p.key, []).append(locations[-1])
    ctx.insert(Provider, providers)
    ctx.insert(Location, locations)

    offerings: list[Offering] = []
    links: list[tuple[Offering, Location]] = []
    for p in spec.providers:
        for o in p.offerings:
            service_type = ctx.service_types.get(o.service_type)
            if service_type is None:
                ctx.warnings.append(f"service type {o.service_type!r} is not in the catalogue: offering skipped")
                continue
            description_pl, description_en, schedule = OFFERINGS[o.service_type]
            offering = Offering(
                centre=ctx.centre, provider=ctx.providers[p.key], service_type=service_type,
                delivery_form=service_type.delivery_form, description={"pl": description_pl, "en": description_en},
                capacity=o.capacity, schedule=schedule, cost=o.cost, cost_note=o.cost_note,
                target_groups=list(p.target_groups), languages=list(p.languages),
                is_public=o.is_public and p.is_public,
            )
            offerings.append(offering)
            # Services at home are run from the main office; day and residential ones happen at every site.
            at = located[p.key] if service_type.delivery_form != DeliveryForm.HOME else located[p.key][:1]
            links.extend((offering, location) for location in at)
    ctx.offerings = ctx.insert(Offering, offerings)
    through = Offering.locations.through
    ctx.insert(through, [through(offering=o, location=loc) for o, loc in links], history=False)
