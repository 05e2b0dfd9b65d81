"""Special reception needs: the categories of RCD Art. 24 and the words of an assessment.

Some applicants are more likely than others to have special reception needs: Art. 24 of the
Reception Conditions Directive (EU) 2024/1346 names them, points (a) to (k): minors,
unaccompanied minors, people with a disability, elderly people, pregnant women, LGBTI people,
single parents, victims of trafficking, people with a serious illness or a mental disorder, and
survivors of torture, rape and other serious violence. Art. 25 asks the member state to assess,
person by person and within 30 days of the application, whether someone has such needs, starting
from *signs*: physical characteristics, what the person says or how they behave, or what their
parents or representative say (Art. 25(1), third subparagraph); to record the nature of the
needs and the measures identified (Art. 25(2)(b)); and to refer the person to a doctor or
psychologist, with their consent, where their condition may affect their reception needs
(Art. 25(2)(c)).

This package holds that vocabulary as data (``data/needs.yaml``): the categories with the point
of Art. 24 they come from, the signs and the category each points to, the needs (with the
attribute of a reception unit that meets a need, where one does) and the support. A recorded
assessment may use only these codes; each has a Dutch and an English label.

>>> v = vocabulary()
>>> v.categories["trafficking-victim"].point
'h'
>>> sorted(v.categories_of(["stated-torture", "visible-pregnancy"]))
['pregnant', 'torture-survivor']
>>> v.needs["accessible-housing"].unit
'accessible'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from migrationpact.law import yamltext

DATA = Path(__file__).parent / "data" / "needs.yaml"

UnitAttribute = Literal["accessible", "medical", "women_only", "lgbti", "uam", "families"]
SignKind = Literal["physical", "statement", "behaviour", "representative", "document"]
VocabularyKind = Literal["categories", "signs", "needs", "support"]


class _Labelled(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)
    en: str = Field(min_length=1)
    nl: str = Field(min_length=1)

    def label(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


class Category(_Labelled):
    """A category of RCD Art. 24: ``point`` is its letter, (a) to (k)."""

    point: Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]


class Sign(_Labelled):
    """A sign that starts an assessment (Art. 25(1), third subparagraph) and the category it
    points to (None: a sign of some need that the assessor names)."""

    kind: SignKind
    category: str | None


class Need(_Labelled):
    """A special reception need; ``unit``: the attribute of a reception unit that meets it."""

    unit: UnitAttribute | None = None


class Support(_Labelled):
    """A measure identified to address a need (Art. 25(2)(b))."""


class Vocabulary(BaseModel):
    """The codes an assessment may use, by kind; read once from ``data/needs.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edition: date
    source: str
    categories: dict[str, Category]
    signs: dict[str, Sign]
    needs: dict[str, Need]
    support: dict[str, Support]

    def label(self, code: str, language: str) -> str | None:
        """The label of a code of any kind (the kinds share no code), None if unknown."""
        for kind in (self.categories, self.signs, self.needs, self.support):
            item: _Labelled | None = kind.get(code)
            if item is not None:
                return item.label(language)
        return None

    def categories_of(self, signs: Iterable[str]) -> frozenset[str]:
        """The categories the given signs point to."""
        found = (self.signs[s].category for s in signs)
        return frozenset(c for c in found if c is not None)


L = TypeVar("L", bound=_Labelled)


def _keyed(items: list[dict[str, object]], model: type[L], kind: str) -> dict[str, L]:
    keyed: dict[str, L] = {}
    for item in items:
        value = model.model_validate(item)
        if value.code in keyed:
            raise ValueError(f"{DATA.name}: the {kind} {value.code!r} is listed twice")
        keyed[value.code] = value
    return keyed


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary; a bad data file is an error naming the file and the item."""
    raw = yamltext.safe_load(DATA.read_text(encoding="utf-8"))
    built = Vocabulary(
        edition=raw["edition"],
        source=raw["source"],
        categories=_keyed(raw["categories"], Category, "category"),
        signs=_keyed(raw["signs"], Sign, "sign"),
        needs=_keyed(raw["needs"], Need, "need"),
        support=_keyed(raw["support"], Support, "support"),
    )
    unknown = {s.category for s in built.signs.values() if s.category} - set(built.categories)
    if unknown:
        raise ValueError(f"{DATA.name}: signs point to unknown categories {sorted(unknown)}")
    kinds = (built.categories, built.signs, built.needs, built.support)
    shared = set[str]().union(*(set(a) & set(b) for a in kinds for b in kinds if a is not b))
    if shared:
        raise ValueError(f"{DATA.name}: codes used by two kinds: {sorted(shared)}")
    return built


def _known(kind: VocabularyKind) -> AfterValidator:
    def check(code: str) -> str:
        known = getattr(vocabulary(), kind)
        if code not in known:
            raise ValueError(f"unknown code {code!r}; known {kind}: {', '.join(sorted(known))}")
        return code

    return AfterValidator(check)


@dataclass(frozen=True)
class FromVocabulary:
    """Marks a field's codes as those of one kind of the vocabulary (forms offer them)."""

    kind: VocabularyKind

    def codes(self) -> tuple[str, ...]:
        return tuple(getattr(vocabulary(), self.kind))

    def label(self, code: str, language: str) -> str:
        item: _Labelled | None = getattr(vocabulary(), self.kind).get(code)
        return item.label(language) if item else code


#: A code of each kind, checked against the vocabulary (an unknown code is refused).
CategoryCode = Annotated[
    str, Field(max_length=40), _known("categories"), FromVocabulary("categories")
]
SignCode = Annotated[str, Field(max_length=40), _known("signs"), FromVocabulary("signs")]
NeedCode = Annotated[str, Field(max_length=40), _known("needs"), FromVocabulary("needs")]
SupportCode = Annotated[str, Field(max_length=40), _known("support"), FromVocabulary("support")]

__all__ = [
    "CategoryCode",
    "FromVocabulary",
    "NeedCode",
    "SignCode",
    "SupportCode",
    "Vocabulary",
    "vocabulary",
]
