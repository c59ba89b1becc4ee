"""Districts and streets of Gdynia and Sopot for demo addresses (plausible, not a postal register)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class District:
    name: str
    weight: int  # roughly how many of the centre's clients live there
    latitude: float
    longitude: float
    streets: tuple[tuple[str, str], ...]  # (street, postcode)

    def address(self, rng: random.Random, *, flat: bool = True) -> tuple[str, str]:
        """A street address in the district and its postcode; most people in a city live in a flat."""
        street, postcode = rng.choice(self.streets)
        number = str(rng.randint(1, 120))
        if rng.random() < 0.12:
            number += rng.choice("ABC")
        if flat and rng.random() < 0.8:
            number += f"/{rng.randint(1, 60)}"
        return f"{street} {number}", postcode

    def point(self, rng: random.Random) -> tuple[Decimal, Decimal]:
        """A point near the district's centre (for locations on a map)."""
        lat = self.latitude + rng.uniform(-0.006, 0.006)
        lon = self.longitude + rng.uniform(-0.009, 0.009)
        return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


GDYNIA = (
    District("Śródmieście", 12, 54.5189, 18.5400, (
        ("ul. Świętojańska", "81-368"), ("ul. Starowiejska", "81-356"), ("ul. 10 Lutego", "81-364"),
        ("ul. Władysława IV", "81-384"), ("ul. Abrahama", "81-395"), ("ul. Żeromskiego", "81-346"),
        ("ul. Armii Krajowej", "81-372"), ("ul. Jana z Kolna", "81-354"),
    )),
    District("Chylonia", 16, 54.5434, 18.4693, (
        ("ul. Chylońska", "81-007"), ("ul. Gniewska", "81-047"), ("ul. Kcyńska", "81-005"),
        ("ul. Starogardzka", "81-031"), ("ul. Rumska", "81-035"), ("ul. Komierowskiego", "81-056"),
        ("ul. Lęborska", "81-045"),
    )),
    District("Oksywie", 6, 54.5560, 18.5377, (
        ("ul. Bosmańska", "81-116"), ("ul. Dickmana", "81-109"), ("ul. Nasypowa", "81-111"),
        ("ul. Zielona", "81-121"), ("ul. Godebskiego", "81-133"),
    )),
    District("Obłuże", 9, 54.5604, 18.5167, (
        ("ul. Unruga", "81-153"), ("ul. Płk. Dąbka", "81-155"), ("ul. Podchorążych", "81-162"),
        ("ul. Sucharskiego", "81-181"), ("ul. Śliwkowa", "81-159"),
    )),
    District("Wielki Kack", 7, 54.4791, 18.4982, (
        ("ul. Źródło Marii", "81-589"), ("ul. Starodworcowa", "81-591"), ("ul. Nowodworcowa", "81-595"),
        ("ul. Wielkopolska", "81-531"), ("ul. Myśliwska", "81-593"),
    )),
    District("Karwiny", 9, 54.4697, 18.4767, (
        ("ul. Brzechwy", "81-577"), ("ul. Tuwima", "81-577"), ("ul. Fredry", "81-579"),
        ("ul. Nałkowskiej", "81-584"), ("ul. Korzeniowskiego", "81-578"), ("ul. Buraczana", "81-587"),
    )),
    District("Działki Leśne", 7, 54.5271, 18.5275, (
        ("ul. Wolności", "81-327"), ("ul. Warszawska", "81-309"), ("ul. Kielecka", "81-303"),
        ("ul. Witomińska", "81-311"), ("ul. Lubelska", "81-305"),
    )),
    District("Redłowo", 7, 54.4944, 18.5380, (
        ("ul. Legionów", "81-472"), ("ul. Powstania Styczniowego", "81-519"), ("ul. Stryjska", "81-506"),
        ("ul. Kopernika", "81-486"), ("ul. Sędzickiego", "81-507"),
    )),
    District("Grabówek", 7, 54.5335, 18.5036, (
        ("ul. Morska", "81-225"), ("ul. Grabowo", "81-265"), ("ul. Tczewska", "81-220"),
        ("ul. Kalksztajnów", "81-221"),
    )),
    District("Witomino", 9, 54.5096, 18.4893, (
        ("ul. Chwaszczyńska", "81-571"), ("ul. Nauczycielska", "81-614"), ("ul. Uczniowska", "81-616"),
        ("ul. Rolnicza", "81-620"), ("ul. Miętowa", "81-589"),
    )),
    District("Pogórze", 5, 54.5617, 18.4980, (
        ("ul. Porębskiego", "81-185"), ("ul. Cechowa", "81-197"), ("ul. Kasprowicza", "81-189"),
    )),
    District("Orłowo", 3, 54.4842, 18.5560, (
        ("ul. Orłowska", "81-522"), ("ul. Spacerowa", "81-521"), ("ul. Wrocławska", "81-553"),
    )),
    District("Cisowa", 5, 54.5528, 18.4474, (
        ("ul. Zbożowa", "81-061"), ("ul. Owsiana", "81-063"), ("ul. Cisowska", "81-019"),
    )),
)

SOPOT = (
    District("Dolny Sopot", 5, 54.4418, 18.5601, (
        ("ul. Bohaterów Monte Cassino", "81-759"), ("ul. Grunwaldzka", "81-759"), ("ul. Kościuszki", "81-704"),
        ("ul. Chopina", "81-786"),
    )),
    District("Górny Sopot", 5, 54.4389, 18.5453, (
        ("ul. Armii Krajowej", "81-844"), ("ul. Malczewskiego", "81-815"), ("ul. Kolberga", "81-881"),
    )),
    District("Karlikowo", 3, 54.4548, 18.5640, (("ul. Mickiewicza", "81-832"), ("ul. Polna", "81-745"))),
    District("Kamienny Potok", 4, 54.4604, 18.5517, (
        ("ul. Kraszewskiego", "81-815"), ("Al. Niepodległości", "81-853"), ("ul. Wejherowska", "81-865"),
    )),
    District("Brodwino", 3, 54.4360, 18.5356, (("ul. Baczyńskiego", "81-855"), ("ul. Racławicka", "81-856"))),
)


def pick_district(rng: random.Random, districts: tuple[District, ...]) -> District:
    return rng.choices(districts, weights=[d.weight for d in districts])[0]


def by_name(districts: tuple[District, ...], name: str) -> District:
    return next(d for d in districts if d.name == name)
