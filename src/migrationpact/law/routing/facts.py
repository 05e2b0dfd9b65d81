"""The facts of a case that routing looks at, as recorded by the screening or asylum officer.

Every fact is optional: a fact that was not recorded is ``None``, and a rule that needs it says
so (``missing_facts``) instead of assuming a value. Unknown keys, wrong types and malformed
codes are refused with one clear message, because a misspelt fact name would otherwise silently
count as "not recorded".

``entry`` says how the person came into contact with the authorities:

* ``border-crossing`` — apprehended for an unauthorised crossing of the external border
  (SR Art. 5(1)(a));
* ``sar-disembarkation`` — disembarked after a search-and-rescue operation (SR Art. 5(1)(b));
* ``border-crossing-point`` — applied for protection at a border crossing point or transit zone
  without meeting the entry conditions (SR Art. 5(1)(c));
* ``in-territory`` — found within the territory with no indication of prior external-border
  controls (SR Art. 7);
* ``relocation`` — arrived in the Netherlands by relocation under AMMR Art. 67.

``unaccompanied`` means an unaccompanied *minor*; ``nationality`` is an ISO 3166-1 alpha-3 code in
capitals (``law.codes``; for a stateless person: the country of former habitual residence,
APR Art. 42(1)(j));
``date_of_application`` is the day the application was made (APR Art. 26; the day APR-01, RCD-01
and the other "from making" time limits start; APR Art. 79(3) speaks of lodging, see the engine);
``border_capacity_reached`` means the adequate capacity was reached and the Commission notified
(APR Art. 48(1)); ``annual_maximum_reached`` means the annual maximum was reached and the
Commission authorised the Art. 50 measures; ``crisis`` is the id of a Council implementing
decision in the crisis register.

>>> f = parse_facts('{"entry": "border-crossing", "nationality": "BGD", "age": 30}')
>>> f.entry, f.nationality, f.applied_for_asylum
('border-crossing', 'BGD', None)
>>> def error(text):
...     try:
...         parse_facts(text)
...     except FactsError as exc:
...         return str(exc)
>>> error('{"entry": "border-crossing", "nationaltiy": "BGD"}')[:59]
"facts: unknown field 'nationaltiy'; known fields: entry, ap"
>>> error('{"nationality": "syria"}')[7:]
'nationality: an ISO 3166-1 alpha-3 code in capitals is needed, e.g. "SYR" (XXA: stateless) \
(got "syria")'
>>> error('{"age": "ten"}')
'facts: age: Input should be a valid integer (got "ten")'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)

from migrationpact.law.codes import NationalityCode

Entry = Literal[
    "border-crossing", "sar-disembarkation", "border-crossing-point", "in-territory", "relocation"
]
BORDER_ENTRIES: frozenset[str] = frozenset(
    {"border-crossing", "sar-disembarkation", "border-crossing-point"}
)


class FactsError(ValueError):
    """The facts cannot be used: bad JSON, unknown field, wrong type or contradiction."""


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise ValueError("a date YYYY-MM-DD is needed, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"a date YYYY-MM-DD is needed (got {json.dumps(value, default=str)})")


Day = Annotated[date, BeforeValidator(_iso_date)]


#: The yes/no findings about a person and the state's capacity that routing turns on (forms
#: and fixtures list them from here).
FINDINGS: tuple[str, ...] = (
    "unaccompanied",
    "security_risk",
    "misled_authorities",
    "special_needs_unsupported",
    "medical_grounds",
    "detention_guarantees_unmet",
    "border_capacity_reached",
    "annual_maximum_reached",
)


#: The longest text a fact holds (a crisis id); every fact is bounded, so no request can hand
#: the routing an arbitrarily long value.
MAX_TEXT = 200


class Facts(BaseModel):
    """Facts of one case (all optional; ``None`` = not recorded)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT)

    entry: Entry | None = None
    applied_for_asylum: StrictBool | None = None
    nationality: NationalityCode | None = None
    date_of_application: Day | None = None
    date_of_registration: Day | None = None
    age: Annotated[StrictInt, Field(ge=0, le=130)] | None = None
    unaccompanied: StrictBool | None = None
    security_risk: StrictBool | None = None
    misled_authorities: StrictBool | None = None
    special_needs_unsupported: StrictBool | None = None
    medical_grounds: StrictBool | None = None
    detention_guarantees_unmet: StrictBool | None = None
    border_capacity_reached: StrictBool | None = None
    annual_maximum_reached: StrictBool | None = None
    crisis: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Facts:
        if self.unaccompanied and self.age is not None and self.age >= 18:
            raise ValueError(
                f"unaccompanied means an unaccompanied minor, but age is {self.age}; "
                "record unaccompanied: false for an adult"
            )
        return self

    def given(self) -> dict[str, Any]:
        """Only the facts that were recorded."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


FIELDS: tuple[str, ...] = tuple(Facts.model_fields)


def _message(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"unknown field {loc!r}; known fields: {', '.join(FIELDS)}"
    text = str(err["msg"]).removeprefix("Value error, ")
    if not loc:
        return text
    if err["type"] != "value_error" and "input" in err:
        return f"{loc}: {text} (got {json.dumps(err.get('input'), default=str)})"
    return f"{loc}: {text}"


def parse_facts(data: str | bytes | Mapping[str, Any]) -> Facts:
    """Facts from JSON text or a mapping; ``FactsError`` with one line when they cannot be used."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise FactsError(f"facts are not valid JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise FactsError("facts must be one JSON object of field: value pairs")
    try:
        return Facts.model_validate(dict(data))
    except ValidationError as exc:
        raise FactsError(f"facts: {_message(exc)}") from exc
