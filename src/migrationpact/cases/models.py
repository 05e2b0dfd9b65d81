"""The people in a case: the applicant, their family group and the screening form.

A case is about one person (``Person``). Caseworkers know them by a pseudonymous id that the
system gives out and, once the IND has issued one, by their V-number (vreemdelingennummer);
names, date of birth, nationality, sex and languages are recorded as the person states them or
as the screening established them. Countries, member states and languages are codes
(``law.codes``): ISO 3166-1 alpha-3, the AMMR's states, ISO 639-3. A ``FamilyGroup`` links the
cases of people who travel and apply together, so that decisions on minors and families
(APR Art. 45(2)-(4), AMMR Art. 25-28) can see each other. The ``ScreeningForm`` holds what the
screening authority must record under SR Art. 17(1) before referring the person on (SR Art. 18).

Everything here is a frozen pydantic model: it is part of an event or of the case state, and
both are stored as canonical JSON. Every text is bounded (``MAX_NAME`` characters unless a field
says otherwise), and so is every list (``MAX_NAMES`` names or codes, ``MAX_MEMBERS`` family
members).

>>> p = Person(pseudonym="P-7F3A", names=["Amal", "Haddad"], nationality="SYR",
...            date_of_birth=date(2001, 3, 14), sex="F", languages=["ara"])
>>> p.age_on(date(2026, 7, 1)), p.is_minor_on(date(2026, 7, 1))
(25, False)
>>> try:
...     Person(pseudonym="P-1", nationality="syria")
... except ValueError as exc:
...     print(exc.errors()[0]["msg"])
an ISO 3166-1 alpha-3 code in capitals is needed, e.g. "SYR" (XXA: stateless)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from migrationpact.cases.personal_marker import PERSONAL
from migrationpact.law.codes import CountryCode, LanguageCode, MemberStateCode, NationalityCode
from migrationpact.law.municipalities import MunicipalityCode


def _parse_moment(value: Any) -> date | datetime:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM is needed")


def moment_text(value: date | datetime) -> str:
    """``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM:SS`` for a date-time."""
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


Moment = Annotated[
    date | datetime,
    PlainValidator(_parse_moment),
    PlainSerializer(moment_text, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$",
            "description": "A day (its end, 24:00) or an exact local Dutch moment",
        }
    ),
]
"""A day (meaning the end of that day, 24:00) or an exact local moment; JSON keeps them apart."""

Sex = Literal["F", "M", "X", "unknown"]
ScreeningReason = Literal[
    "border-crossing", "sar-disembarkation", "border-crossing-point", "in-territory"
]
Referral = Literal["registration-authority", "return-procedure", "relocation"]


#: The longest name, code or id a person's record holds; free-text checks hold ``MAX_TEXT``.
MAX_NAME = 200
MAX_TEXT = 2000
#: The most names, languages or countries in one list, and the most family members.
MAX_NAMES = 20
MAX_MEMBERS = 50


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_NAME)


class Person(_Frozen):
    """The person a case is about; ``pseudonym`` is the id used everywhere outside the file."""

    pseudonym: str = Field(min_length=1, description="pseudonymous id given by the system")
    v_number: Annotated[str | None, PERSONAL] = Field(default=None, pattern=r"^\d{10}$")
    names: Annotated[list[str], PERSONAL] = Field(default_factory=list, max_length=MAX_NAMES)
    date_of_birth: Annotated[date | None, PERSONAL] = None
    date_of_birth_estimated: bool = False
    place_of_birth: Annotated[str | None, PERSONAL] = None
    nationality: NationalityCode | None = None
    sex: Sex = "unknown"
    languages: list[LanguageCode] = Field(default_factory=list, max_length=MAX_NAMES)

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``; None when the date of birth is not recorded."""
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_minor_on(self, day: date) -> bool | None:
        age = self.age_on(day)
        return None if age is None else age < 18


class FamilyMember(_Frozen):
    """A family member as stated: their case (if any), relation and where they are; for one
    who lives in the Netherlands, the ``municipality`` (a CBS code): such a relative does not
    travel with the applicant, and placement counts being near them (a family tie)."""

    relation: Literal["spouse", "partner", "child", "parent", "sibling", "relative", "other"]
    case_id: str | None = None
    pseudonym: str | None = None
    member_state: MemberStateCode | None = None
    legally_resident: bool | None = None
    municipality: MunicipalityCode | None = Field(
        default=None, description="the Dutch municipality the member lives in (CBS code)"
    )

    @model_validator(mode="after")
    def _lives_here(self) -> Self:
        if self.municipality is not None and self.member_state not in (None, "NLD"):
            raise ValueError(
                "a municipality is given but the member state is not the Netherlands (NLD)"
            )
        return self


class FamilyGroup(_Frozen):
    """People who travel and apply together, as recorded in the case of the applicant who
    states them; each member's own case, if any, is named in ``FamilyMember.case_id``."""

    group_id: str = Field(min_length=1)
    members: list[FamilyMember] = Field(default_factory=list, max_length=MAX_MEMBERS)
    includes_minors: bool | None = None


class ScreeningForm(_Frozen):
    """What the screening form must contain (SR Art. 17(1)), as recorded at completion."""

    names: Annotated[list[str], PERSONAL] = Field(default_factory=list, max_length=MAX_NAMES)
    date_of_birth: Annotated[date | None, PERSONAL] = None
    place_of_birth: Annotated[str | None, PERSONAL] = None
    sex: Sex = "unknown"
    nationality: NationalityCode | None = None
    stateless: bool = False
    countries_of_residence: list[CountryCode] = Field(default_factory=list, max_length=MAX_NAMES)
    languages: list[LanguageCode] = Field(default_factory=list, max_length=MAX_NAMES)
    reason_for_screening: ScreeningReason | None = None
    health_check: Annotated[str | None, PERSONAL] = Field(
        default=None, max_length=MAX_TEXT, description="preliminary health check, SR 12"
    )
    vulnerability: Annotated[str | None, PERSONAL] = Field(
        default=None, max_length=MAX_TEXT, description="preliminary check, SR 12"
    )
    special_reception_needs: bool | None = None
    special_procedural_needs: bool | None = None
    applied_for_asylum: bool | None = None
    family_members_in_member_states: list[FamilyMember] = Field(
        default_factory=list, max_length=MAX_MEMBERS
    )
    database_hit: bool | None = Field(default=None, description="hit in the SR 15 checks")
    cooperated: bool | None = Field(default=None, description="duty to cooperate, SR Art. 9")


class ReceptionNeeds(_Frozen):
    """What COA's assessment of special reception needs found (RCD Art. 25): the latest
    assessment's signs, categories (RCD Art. 24), needs, support and referral, with the moment
    the first one was completed and how many there have been (a reassessment, Art. 25(1) fourth
    subparagraph, replaces the picture). Codes of ``law.needs``."""

    first_assessed_at: datetime
    assessed_at: datetime
    assessments: int = Field(default=1, ge=1)
    signs: list[str] = Field(default_factory=list, max_length=MAX_MEMBERS)
    categories: list[str] = Field(default_factory=list, max_length=MAX_MEMBERS)
    needs: list[str] = Field(default_factory=list, max_length=MAX_MEMBERS)
    support: list[str] = Field(default_factory=list, max_length=MAX_MEMBERS)
    referral: Literal["doctor", "psychologist"] | None = None
