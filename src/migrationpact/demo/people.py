"""The fictional applicants of the demo: names, nationalities, ages, languages and families.

Every demo case is about a made-up person drawn from a seeded random generator, so the same
seed always gives the same people. Nationalities come from the routing data
(``law/routing/data/recognition_rates.yaml``) in two groups: ``HIGH`` nationalities have a
high EU recognition rate (regular examination) and ``LOW`` ones a rate of 20 % or less
(accelerated examination; the asylum border procedure when they come over the external
border). Names are built from a small list of plausible given and family names per language
area; none belongs to a real case. A family group is two parents and their children, each with
a case of their own that names the others (APR Art. 45(2)-(4), AMMR Art. 25-28).

>>> import random
>>> a = applicant(random.Random(1), "DEMO-0001", date(2026, 11, 30), group="HIGH")
>>> a.nationality in HIGH, 18 <= a.age <= 64, len(a.v_number)
(True, True, 10)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from migrationpact.cases.models import FamilyGroup, FamilyMember, Person
from migrationpact.demo.places import relatives_municipality

#: Nationalities with a high recognition rate (regular examination), with demo weights.
HIGH: dict[str, int] = {
    "SYR": 14, "AFG": 10, "ERI": 9, "SOM": 6, "YEM": 5, "SDN": 5, "IRQ": 5, "IRN": 4,
    "ETH": 3, "PSE": 3, "RUS": 2,
}  # fmt: skip
#: Nationalities with a recognition rate of 20 % or less (accelerated; border procedure).
LOW: dict[str, int] = {
    "MAR": 6, "DZA": 5, "TUN": 4, "BGD": 4, "PAK": 3, "COL": 4, "VEN": 2, "GEO": 3,
    "ALB": 2, "NGA": 3,
}  # fmt: skip

_AREA = {
    "SYR": "arabic", "IRQ": "arabic", "YEM": "arabic", "SDN": "arabic", "PSE": "arabic",
    "MAR": "maghreb", "DZA": "maghreb", "TUN": "maghreb", "AFG": "dari", "IRN": "persian",
    "ERI": "tigrinya", "ETH": "tigrinya", "SOM": "somali", "BGD": "bengali", "PAK": "urdu",
    "COL": "spanish", "VEN": "spanish", "GEO": "georgian", "ALB": "albanian",
    "NGA": "nigerian", "RUS": "russian",
}  # fmt: skip
_LANGUAGES = {
    "arabic": ["ara"], "maghreb": ["ara", "fra"], "dari": ["prs", "pus"], "persian": ["fas"],
    "tigrinya": ["tir"], "somali": ["som"], "bengali": ["ben"], "urdu": ["urd", "pan"],
    "spanish": ["spa"], "georgian": ["kat"], "albanian": ["sqi"], "nigerian": ["eng", "yor"],
    "russian": ["rus"],
}  # fmt: skip
# (male given names, female given names, family names) per language area.
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "arabic": (
        ("Ahmad", "Omar", "Khaled", "Yusuf", "Karim", "Samir", "Tariq", "Bilal", "Hassan"),
        ("Amal", "Rania", "Layla", "Noor", "Huda", "Salma", "Yasmin", "Dalia", "Mariam"),
        ("Haddad", "Khalil", "Nasser", "Saleh", "Darwish", "Mansour", "Hamdan", "Barakat"),
    ),
    "maghreb": (
        ("Youssef", "Mehdi", "Anouar", "Hamza", "Rachid", "Nabil", "Sofiane"),
        ("Fatima", "Khadija", "Imane", "Sara", "Nadia", "Houda"),
        ("Benali", "El Amrani", "Bouzid", "Haddou", "Mansouri", "Cherif", "Ait Ouali"),
    ),
    "dari": (
        ("Farid", "Jawad", "Mirwais", "Naveed", "Rahim", "Sohail", "Hamid"),
        ("Farzana", "Nilofar", "Shabnam", "Zahra", "Parwana", "Mariam"),
        ("Ahmadi", "Hakimi", "Karimi", "Noori", "Rahimi", "Sultani", "Wardak"),
    ),
    "persian": (
        ("Reza", "Ali", "Behnam", "Saeed", "Kaveh"),
        ("Shirin", "Maryam", "Parisa", "Leila", "Niloufar"),
        ("Hosseini", "Moradi", "Rezaei", "Jafari", "Kazemi"),
    ),
    "tigrinya": (
        ("Yonas", "Dawit", "Tesfay", "Mehari", "Kidane", "Filmon", "Robel"),
        ("Helen", "Senait", "Yordanos", "Selam", "Rahwa", "Luwam"),
        ("Tesfamariam", "Gebremedhin", "Habte", "Kahsay", "Berhane", "Woldu"),
    ),
    "somali": (
        ("Abdirahman", "Mohamed", "Abdullahi", "Ismail", "Mahad"),
        ("Hodan", "Fadumo", "Sahra", "Asha", "Ifrah"),
        ("Warsame", "Farah", "Jama", "Hirsi", "Abdi", "Osman"),
    ),
    "bengali": (
        ("Arif", "Sajid", "Tanvir", "Imran", "Nayeem"),
        ("Nusrat", "Farhana", "Sumaiya", "Tahmina"),
        ("Hossain", "Chowdhury", "Islam", "Uddin", "Sarker"),
    ),
    "urdu": (
        ("Usman", "Zeeshan", "Faisal", "Adnan"),
        ("Ayesha", "Sana", "Mahnoor", "Hira"),
        ("Qureshi", "Malik", "Butt", "Sheikh", "Javed"),
    ),
    "spanish": (
        ("Andrés", "Luis", "Carlos", "Jhon", "Miguel", "José"),
        ("María", "Daniela", "Valentina", "Yuliana", "Camila"),
        ("García", "Rodríguez", "Martínez", "Gómez", "Castillo", "Rojas", "Mendoza"),
    ),
    "georgian": (
        ("Giorgi", "Levan", "Davit", "Nikoloz"),
        ("Nino", "Tamar", "Ana", "Salome"),
        ("Beridze", "Kapanadze", "Gelashvili", "Lomidze", "Tsiklauri"),
    ),
    "albanian": (
        ("Arben", "Erion", "Klajdi", "Besnik"),
        ("Elira", "Anisa", "Drita", "Klea"),
        ("Hoxha", "Shehu", "Kola", "Leka", "Dervishi"),
    ),
    "nigerian": (
        ("Chinedu", "Emeka", "Tunde", "Ibrahim", "Segun"),
        ("Ngozi", "Chiamaka", "Funmilayo", "Aisha"),
        ("Okafor", "Adeyemi", "Eze", "Bello", "Okonkwo", "Balogun"),
    ),
    "russian": (
        ("Sergei", "Ivan", "Artyom", "Dmitri"),
        ("Olga", "Irina", "Yulia", "Anastasia"),
        ("Petrov", "Sokolov", "Kuznetsov", "Orlov"),
    ),
}

Group = Literal["HIGH", "LOW"]


@dataclass(frozen=True)
class Applicant:
    """One made-up person and what the demo needs to know about them."""

    case_id: str
    person: Person  # as stated at first contact: no V-number yet
    age: int
    v_number: str  # given by the IND at registration
    unaccompanied: bool = False
    family: FamilyGroup | None = None
    members: tuple[str, ...] = field(default=())

    @property
    def nationality(self) -> str:
        return self.person.nationality or "XXA"


def nationality(rng: random.Random, group: Group) -> str:
    """A nationality of ``group``, drawn by weight."""
    table = HIGH if group == "HIGH" else LOW
    return rng.choices(list(table), weights=list(table.values()))[0]


def _person(
    rng: random.Random, nat: str, age: int, on: date, *, family_name: str | None = None
) -> Person:
    area = _AREA[nat]
    male, female, families = _NAMES[area]
    sex = rng.choice(("M", "M", "F")) if age >= 18 else rng.choice(("M", "F"))
    given = rng.choice(male if sex == "M" else female)
    born = on - timedelta(days=365 * age + rng.randint(20, 340))
    return Person(
        pseudonym=f"P-{rng.getrandbits(32):08X}",
        names=[given, family_name or rng.choice(families)],
        date_of_birth=born,
        date_of_birth_estimated=age < 18 and rng.random() < 0.5,
        nationality=nat,
        sex=sex,  # type: ignore[arg-type]
        languages=list(_LANGUAGES[area]),
    )


def v_number(rng: random.Random) -> str:
    """A made-up V-number (vreemdelingennummer): ten digits."""
    return f"{rng.randint(1, 9)}{rng.randint(0, 10**9 - 1):09d}"


def applicant(
    rng: random.Random,
    case_id: str,
    on: date,
    *,
    group: Group,
    unaccompanied: bool = False,
) -> Applicant:
    """A single applicant (an adult, or an unaccompanied minor of 14 to 17) of ``group``."""
    nat = nationality(rng, group)
    age = rng.randint(14, 17) if unaccompanied else min(18 + int(rng.expovariate(1 / 11)), 64)
    person = _person(rng, nat, age, on)
    return Applicant(case_id, person, age, v_number(rng), unaccompanied=unaccompanied)


def family(rng: random.Random, case_ids: list[str], on: date, *, group: Group) -> list[Applicant]:
    """Two parents and ``len(case_ids) - 2`` children (accompanied minors), one case each; about
    a third of the families list a relative who lives in a Dutch municipality (``places``)."""
    nat = nationality(rng, group)
    surname = rng.choice(_NAMES[_AREA[nat]][2])
    father_age = rng.randint(28, 50)
    ages = [father_age, father_age - rng.randint(0, 6)]
    ages += sorted((rng.randint(1, 17) for _ in case_ids[2:]), reverse=True)
    people = [_person(rng, nat, age, on, family_name=surname) for age in ages]
    people[0] = people[0].model_copy(update={"sex": "M"})
    people[1] = people[1].model_copy(
        update={"sex": "F", "names": [rng.choice(_NAMES[_AREA[nat]][1]), surname]}
    )
    group_id = f"FAM-{case_ids[0]}"
    lives_in = relatives_municipality(group_id)
    out: list[Applicant] = []
    for i, (case_id, person, age) in enumerate(zip(case_ids, people, ages, strict=True)):
        members = [
            FamilyMember(relation=_relation(i, j), case_id=other, pseudonym=people[j].pseudonym)
            for j, other in enumerate(case_ids)
            if j != i
        ]
        if lives_in is not None:  # a relative with a residence permit (places.py)
            members.append(FamilyMember(relation="relative", member_state="NLD",
                                        legally_resident=True, municipality=lives_in))  # fmt: skip
        fam = FamilyGroup(group_id=group_id, members=members, includes_minors=True)
        others = tuple(c for c in case_ids if c != case_id)
        out.append(Applicant(case_id, person, age, v_number(rng), family=fam, members=others))
    return out


def _relation(i: int, j: int) -> Literal["partner", "child", "parent", "sibling"]:
    """How member ``j`` relates to member ``i`` (0 and 1 are the parents)."""
    if i < 2 and j < 2:
        return "partner"
    if i < 2:
        return "child"
    if j < 2:
        return "parent"
    return "sibling"
