"""Polish (and Ukrainian, transliterated the Polish way) names for demo people, shipped as data.

Faker is a test-only dependency; the demo must run on a production install, so the lists live here.
First names are split by generation, because a client born in 1935 is a Janina or a Stanisław far more
often than a Zuzanna or a Kacper.
"""

from __future__ import annotations

import random

FEMALE_OLDER = (
    "Maria", "Krystyna", "Anna", "Barbara", "Teresa", "Elżbieta", "Janina", "Zofia", "Jadwiga", "Danuta",
    "Halina", "Irena", "Ewa", "Helena", "Stanisława", "Marianna", "Wanda", "Alicja", "Genowefa", "Henryka",
    "Kazimiera", "Lucyna", "Wiesława", "Czesława", "Leokadia", "Regina", "Mirosława", "Bronisława",
    "Eugenia", "Władysława", "Jolanta", "Urszula", "Grażyna", "Bożena", "Hanna", "Aniela", "Róża",
)
FEMALE_YOUNGER = (
    "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena", "Monika", "Dorota", "Beata",
    "Aleksandra", "Natalia", "Karolina", "Justyna", "Paulina", "Marta", "Weronika", "Julia", "Zuzanna",
    "Renata", "Iwona", "Ewelina", "Sylwia", "Patrycja", "Izabela", "Kamila", "Emilia", "Martyna", "Dominika",
)
MALE_OLDER = (
    "Jan", "Stanisław", "Andrzej", "Józef", "Tadeusz", "Jerzy", "Zbigniew", "Henryk", "Ryszard", "Kazimierz",
    "Marian", "Janusz", "Władysław", "Wiesław", "Zdzisław", "Edward", "Mieczysław", "Roman", "Czesław",
    "Eugeniusz", "Stefan", "Zygmunt", "Bogdan", "Antoni", "Franciszek", "Bolesław", "Leon", "Alfons",
    "Bernard", "Leszek", "Krzysztof", "Waldemar",
)
MALE_YOUNGER = (
    "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Mateusz", "Kamil", "Jakub",
    "Bartosz", "Dawid", "Sebastian", "Rafał", "Robert", "Grzegorz", "Dariusz", "Wojciech", "Jacek", "Adam",
    "Marek", "Damian", "Przemysław", "Szymon", "Kacper", "Daniel", "Mariusz", "Artur",
)
# Masculine forms; the feminine of -ski/-cki/-dzki ends in -ska/-cka/-dzka, the others do not change.
SURNAMES = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
    "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Wojciechowski",
    "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski", "Król",
    "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski",
    "Jaworski", "Adamczyk", "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran",
    "Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak", "Marciniak", "Wróblewski",
    "Zalewski", "Jakubowski", "Jasiński", "Zawadzki", "Sadowski", "Bąk", "Chmielewski", "Włodarczyk",
    "Borkowski", "Czarnecki", "Sawicki", "Sokołowski", "Urbański", "Kubiak", "Maciejewski", "Szczepański",
    "Kucharski", "Wilk", "Kalinowski", "Lis", "Mazurek", "Wysocki", "Adamski", "Kaźmierczak", "Wasilewski",
    "Sobczak", "Czerwiński", "Andrzejewski", "Cieślak", "Głowacki", "Zakrzewski", "Kołodziej", "Sikorski",
    "Krajewski", "Gajewski", "Szulc", "Lipiński", "Żywicki",
    # Kashubian and Pomeranian names, common in Gdynia
    "Formela", "Kreft", "Konkol", "Bieszk", "Labuda", "Szreder", "Mielewczyk", "Gafka", "Klein",
    "Kropidłowski", "Wenta", "Dettlaff", "Kotłowski", "Ziemann", "Hinz", "Stenka", "Potrykus", "Białk",
    "Kąkol", "Necel", "Grzenkowicz", "Lniski", "Bolda", "Kwidziński", "Treder",
)
UKRAINIAN_FEMALE = ("Ołena", "Natalia", "Tetiana", "Switłana", "Iryna", "Oksana", "Julija", "Łesia", "Hałyna",
                    "Ludmyła", "Wiktoria", "Anastazja")
UKRAINIAN_MALE = ("Ołeksandr", "Andrij", "Serhij", "Wołodymyr", "Mykoła", "Dmytro", "Petro", "Wasyl", "Iwan",
                  "Jurij", "Bohdan", "Taras")
UKRAINIAN_SURNAMES = ("Kowalenko", "Bondarenko", "Szewczenko", "Tkaczuk", "Melnyk", "Kowalczuk", "Bojko",
                      "Kraweć", "Ołijnyk", "Łysenko", "Marczenko", "Sawczuk", "Hnatiuk", "Rudenko", "Poliszczuk")

_FEMININE_ENDINGS = (("dzki", "dzka"), ("cki", "cka"), ("ski", "ska"))


def surname_for(surname: str, sex: str) -> str:
    """The surname in the form for ``sex`` ("female" turns Kowalski into Kowalska)."""
    if sex == "female":
        for masculine, feminine in _FEMININE_ENDINGS:
            if surname.endswith(masculine):
                return surname[: -len(masculine)] + feminine
    return surname


def first_name(rng: random.Random, sex: str, birth_year: int, *, ukrainian: bool = False) -> str:
    if ukrainian:
        return rng.choice(UKRAINIAN_FEMALE if sex == "female" else UKRAINIAN_MALE)
    older = birth_year < 1965
    if sex == "female":
        return rng.choice(FEMALE_OLDER if older else FEMALE_YOUNGER)
    return rng.choice(MALE_OLDER if older else MALE_YOUNGER)


def last_name(rng: random.Random, sex: str, *, ukrainian: bool = False) -> str:
    return surname_for(rng.choice(UKRAINIAN_SURNAMES if ukrainian else SURNAMES), sex)


def mobile_phone(rng: random.Random) -> str:
    """A number in the Polish mobile ranges, written as people write it."""
    prefix = rng.choice(("501", "502", "504", "509", "512", "530", "535", "600", "601", "602", "604", "605",
                         "660", "661", "665", "691", "692", "696", "721", "730", "790", "798", "880", "885"))
    return f"+48 {prefix} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"
