"""The schema of a rule file: what every time limit must say about itself.

A rule file is one YAML document per instrument edition (``data/<edition>/<code>.yaml``): a
header naming the instrument, the edition date and the source read, and a list of rules. Each
rule says how long the period is, which event starts it, how it is counted, where the law says
so, when the rule is in force and whether its text was checked. The pydantic models below are the
schema; ``rule-file.schema.json`` beside this module is the same schema as JSON Schema, generated
by ``json_schema()`` and kept in step by a test.

>>> rule = Rule.model_validate({
...     "id": "APR-01", "title": {"en": "Register", "nl": "Registreren"}, "kind": "time-limit",
...     "length": "5 days", "start_event": "application_made",
...     "counting": {"regime": "pact", "instrument": "APR", "end_rule": "APR73"},
...     "legal_basis": [{"instrument": "APR", "article": "27", "paragraph": "1"}],
...     "valid_from": "2026-06-12", "verified": True,
...     "verification": {"source": "[ES, IT]", "reference": "Y"}})
>>> rule.legal_basis[0].basis().cite(), rule.valid_to is None
('APR Art. 27(1)', True)
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from migrationpact.law.crisis import Situation
from migrationpact.law.legal_basis import INSTRUMENTS, LegalBasis
from migrationpact.law.periods import Length, PeriodError

RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+[a-z0-9]*)+$"
_ORDINAL = {"1": "1st", "2": "2nd", "3": "3rd"}


class Kind(StrEnum):
    """What sort of obligation a rule is."""

    TIME_LIMIT = "time-limit"  # act within a counted period
    MAXIMUM = "maximum"  # liberty-limiting maximum duration (screening, border procedure)
    EXTENSION = "extension"  # lengthens another rule's period when a recorded condition holds
    NATIONAL_CHOICE = "national-choice"  # the EU sets a range or leaves the figure to the MS
    NO_DAY_COUNT = "no-day-count"  # "without delay", "as soon as possible": an SLA, no period
    LAPSE = "lapse"  # a criterion or responsibility ends when the period has run
    COMPOSITE = "composite"  # a reference row grouping several periods (see ``parts``)
    APPLICABILITY = "applicability"  # which law applies from which date; no period


class StartEvent(StrEnum):
    """The closed list of events that start a period (the event day itself is not counted)."""

    APPREHENSION = "apprehension"
    DISEMBARKATION = "disembarkation"
    BORDER_STAY_ENDED = "border_stay_over_72_hours_ended"
    SCREENING_COMPLETED = "screening_completed"
    APPLICATION_MADE = "application_made"
    INFORMATION_RECEIVED = "registration_information_received"
    APPLICATION_REGISTERED = "application_registered"
    APPLICATION_LODGED = "application_lodged"
    REPORTED_TO_RESPONSIBLE_MS = "reported_to_responsible_ms"
    BIOMETRICS_TAKEN = "biometrics_taken"
    EXTENDED_PERIOD_ENDED = "extended_period_ended"
    COURT_RULING = "court_ruling"
    DECISION_NOTIFIED = "decision_notified"
    APPEAL_LODGED = "appeal_lodged"
    NO_RIGHT_TO_REMAIN = "no_right_to_remain"
    RETURN_DECISION_ISSUED = "return_decision_issued"
    EURODAC_HIT_RECEIVED = "eurodac_hit_received"
    TAKE_CHARGE_REQUEST_RECEIVED = "take_charge_request_received"
    TAKE_BACK_REQUEST_RECEIVED = "take_back_request_received"
    TAKE_BACK_NOTIFICATION_RECEIVED = "take_back_notification_received"
    ACCEPTANCE = "acceptance"
    ABSCONDING_NOTIFIED = "absconding_notified"
    TRANSFER_DECISION_NOTIFIED = "transfer_decision_notified"
    SUSPENSION_REQUEST_RECEIVED = "suspension_request_received"
    SUSPENSION_GRANTED = "suspension_granted"
    DETENTION_STARTED = "detention_started"
    BORDER_CROSSING = "irregular_border_crossing"
    BORDER_PROCEDURE_FINAL_DECISION = "border_procedure_final_decision"
    PROTECTION_GRANTED_NOTIFIED = "protection_granted_notified"
    COUNCIL_DECISION_ADOPTED = "council_decision_adopted"
    COUNCIL_DECISION_APPLIES = "council_decision_applies"  # the date the decision sets (CFMR 4)
    # Added for issue 14 item 7 (limits-a): APR 38(1)(e), AMMR 29, 30, 37(4), 67, Dublin III 24(2)
    # and Reg. 1560/2003 Art 5(2).
    RETURN_DECISION_RECEIVED = "return_decision_received"
    RESIDENCE_DOCUMENT_EXPIRED = "residence_document_expired"  # or annulled, revoked, withdrawn
    VISA_EXPIRED = "visa_expired"  # or annulled, revoked, withdrawn
    DIPLOMA_ISSUED = "diploma_issued"
    LEFT_MEMBER_STATES = "left_member_states_territory"
    RELOCATION_INFORMATION_RECEIVED = "relocation_information_received"
    RELOCATION_CONFIRMED = "relocation_confirmed"
    OTHER_MS_POSSIBLY_RESPONSIBLE = "other_ms_possibly_responsible"
    NEGATIVE_REPLY_RECEIVED = "negative_reply_received"
    REEXAMINATION_REQUEST_RECEIVED = "reexamination_request_received"
    # limits-b: Eurodac, reception, qualification (legal audit 2026-12, §4)
    FINGERPRINTS_RETAKEN = "fingerprints_retaken"  # EDR 15(1), 22(5), 23(4), 24(4)
    HEALTH_GROUNDS_CEASED = "health_grounds_ceased"  # EDR 15(2), 22(6), 23(5), 24(5)
    ADMISSION_DECISION_TAKEN = "admission_decision_taken"  # EDR 18(2)
    FOUND_ILLEGALLY_STAYING = "found_illegally_staying"  # EDR 23(2)
    DETENTION_REVIEW_REQUESTED = "detention_review_requested"  # RCD 11(3)
    RESIDENCE_RESTRICTED = "residence_restricted"  # RCD 9(1)-(2), reviewed under 9(5)
    EDUCATION_OUTSIDE_SYSTEM = "education_outside_system_started"  # RCD 16(2)
    PROTECTION_GRANTED = "protection_granted"  # QR 20(3)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Title(_Model):
    en: str = Field(min_length=1)
    nl: str = Field(min_length=1)


class Citation(_Model):
    """A pinpoint citation; ``instrument`` is a code of ``legal_basis.INSTRUMENTS``."""

    instrument: str
    article: str = Field(min_length=1)
    paragraph: str | None = None
    point: str | None = None
    subparagraph: str | None = None
    sentence: str | None = None

    @field_validator("instrument")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in INSTRUMENTS:
            raise ValueError(f"unknown instrument {value!r} (known: {', '.join(INSTRUMENTS)})")
        return value

    def basis(self) -> LegalBasis:
        return LegalBasis(
            self.instrument, self.article, self.paragraph, self.point, self.subparagraph
        )

    def cite(self) -> str:
        text = self.basis().cite()
        if self.sentence:
            text += f", {_ORDINAL.get(self.sentence, self.sentence + 'th')} sentence"
        return text

    def to_dict(self) -> dict[str, Any]:
        data = self.basis().to_dict()
        data["sentence"] = self.sentence
        data["citation"] = self.cite()
        return data


class Counting(_Model):
    """How the period is counted (see ``law.periods.regimes``) and the reference's end rule."""

    regime: Literal["eu", "pact", "dublin3", "nl"]
    instrument: Literal["APR", "AMMR", "RBPR"] | None = None
    end_rule: str = Field(min_length=1, description="The reference's end-rule column, verbatim.")
    verified: bool = True
    note: str | None = None

    @model_validator(mode="after")
    def _pact_needs_instrument(self) -> Self:
        if (self.regime == "pact") != (self.instrument is not None):
            raise ValueError(
                "counting.instrument (APR, AMMR or RBPR) is needed with, and only "
                "with, regime 'pact'"
            )
        return self


class Range(_Model):
    """An EU range within which the member state picks the period (``max`` None: no upper end)."""

    min: str
    max: str | None = None

    @field_validator("min", "max")
    @classmethod
    def _length(cls, value: str | None) -> str | None:
        return None if value is None else _check_length(value)


class Condition(_Model):
    """A ground on which a rule (usually an extension) may be applied, once it is recorded."""

    key: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    text: str = Field(min_length=1)


class Verification(_Model):
    """What was checked: the reference's Ver. column and its source key."""

    reference: Literal["Y", "Y*", "N", "Y (start N)", "not in reference"]
    source: str = Field(min_length=1)
    note: str | None = None


def _check_length(value: str) -> str:
    try:
        Length.parse(value)
    except PeriodError as exc:
        raise ValueError(f"length {value!r}: {exc}") from None
    return value


_NEEDS_LENGTH = {Kind.TIME_LIMIT, Kind.MAXIMUM, Kind.EXTENSION, Kind.LAPSE}
_NO_LENGTH = {Kind.NO_DAY_COUNT, Kind.NATIONAL_CHOICE, Kind.COMPOSITE, Kind.APPLICABILITY}


class Rule(_Model):
    """One time limit (or related provision) with its citation, validity and verification."""

    id: str = Field(pattern=RULE_ID)
    title: Title
    kind: Kind
    length: str | None = None
    range: Range | None = None
    start_event: StartEvent | None = None
    counting: Counting | None = None
    maximum: bool = False
    legal_basis: list[Citation] = Field(min_length=1)
    valid_from: date
    valid_to: date | None = None
    verified: bool
    verification: Verification
    consequence: str | None = None
    extends: str | None = Field(default=None, pattern=RULE_ID)
    conditions: list[Condition] = Field(default_factory=list)
    replaces: list[str] = Field(default_factory=list)
    derogation: str | None = Field(default=None, pattern=r"^[A-Z0-9]+ Art \d+$")
    #: The situations of a Council implementing decision (``law.crisis.Situation``) in which
    #: alone the rule may apply; empty = any, or no decision needed. A rule with situations
    #: needs a recorded decision of one of them (CFMR Art 12(1), RBPR Art 6(1)).
    situations: list[Situation] = Field(default_factory=list)
    #: Situations in which the rule applies only under the initial decision, not under one that
    #: prolongs it (CFMR Art 10(4)).
    initial_decision_only: list[Situation] = Field(default_factory=list)
    implements: str | None = Field(default=None, pattern=RULE_ID)
    parts: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("length")
    @classmethod
    def _length(cls, value: str | None) -> str | None:
        return None if value is None else _check_length(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = []
        if self.kind in _NEEDS_LENGTH and self.length is None:
            problems.append(f"kind {self.kind.value} needs a length")
        if self.kind in _NO_LENGTH and self.length is not None:
            problems.append(f"kind {self.kind.value} has no length")
        if self.length is not None and (self.counting is None or self.start_event is None):
            problems.append("a rule with a length needs counting and start_event")
        if self.kind != Kind.APPLICABILITY and self.start_event is None:
            problems.append("start_event is required")
        if self.kind == Kind.MAXIMUM and not self.maximum:
            problems.append("kind maximum needs maximum: true")
        if self.maximum and self.kind not in (Kind.MAXIMUM, Kind.EXTENSION):
            problems.append("maximum: true only for kind maximum or extension")
        if (self.kind == Kind.EXTENSION) != (self.extends is not None):
            problems.append("extends is needed with, and only with, kind extension")
        if self.kind == Kind.EXTENSION and not (self.conditions or self.derogation):
            problems.append("an extension needs conditions or a derogation")
        if (self.kind == Kind.COMPOSITE) != bool(self.parts):
            problems.append("parts are needed with, and only with, kind composite")
        if self.range is not None and self.kind != Kind.NATIONAL_CHOICE:
            problems.append("range only for kind national-choice")
        if self.verified and self.verification.reference in ("N", "Y (start N)"):
            problems.append(
                f"the reference marks it {self.verification.reference!r}: verified must be false"
            )
        if self.valid_to is not None and self.valid_to < self.valid_from:
            problems.append("valid_to is before valid_from")
        if problems:
            raise ValueError(f"rule {self.id}: " + "; ".join(problems))
        return self

    def fully_verified(self) -> bool:
        """True only when the rule and its counting regime were both checked."""
        return self.verified and (self.counting is None or self.counting.verified)

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def validity(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "open-ended"
        return f"{self.valid_from.isoformat()} – {end}"


class Repeal(_Model):
    """Ends every older edition's version of ``rule`` after ``last_day``."""

    rule: str = Field(pattern=RULE_ID)
    last_day: date


class RuleFile(_Model):
    """One YAML file: an instrument edition. Rules without dates take the header's dates."""

    instrument: str
    edition: date
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    valid_from: date
    valid_to: date | None = None
    repeals: list[Repeal] = Field(default_factory=list)
    rules: list[Rule]

    @field_validator("instrument")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in INSTRUMENTS:
            raise ValueError(f"unknown instrument {value!r} (known: {', '.join(INSTRUMENTS)})")
        return value

    @model_validator(mode="before")
    @classmethod
    def _default_dates(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("rules"), list):
            rules = []
            for rule in data["rules"]:
                if isinstance(rule, dict):
                    rule = {**rule}
                    rule.setdefault("valid_from", data.get("valid_from"))
                    if "valid_to" not in rule:
                        rule["valid_to"] = data.get("valid_to")
                rules.append(rule)
            data = {**data, "rules": rules}
        return data

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [r.id for r in self.rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule ids: {', '.join(duplicates)}")
        return self


def json_schema() -> dict[str, Any]:
    """The rule-file schema as JSON Schema (what ``rule-file.schema.json`` holds)."""
    schema = RuleFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
