"""The register's refusals are said in Dutch: every reason ``monitoring.decide`` gives is a
message of the catalog, and its values (authorities, bodies) are said in words."""

from __future__ import annotations

import re
from pathlib import Path

import migrationpact.monitoring.decide as decide_module
from migrationpact.web.monitoring_words import REFUSALS, refusal_words

_REASON = re.compile(r'_refuse\(\s*"MR-\d+",\s*event,\s*"([^"]+)"', re.S)


def test_every_reason_of_the_register_has_a_message() -> None:
    source = Path(str(decide_module.__file__)).read_text(encoding="utf-8")
    reasons = set(_REASON.findall(source))
    assert len(reasons) >= 15
    assert reasons <= set(REFUSALS), sorted(reasons - set(REFUSALS))


def test_a_refusal_in_dutch_names_the_authority_in_words() -> None:
    said = refusal_words(
        "MR-8",
        "referrals wait for their answer: %(authorities)s",
        {"authorities": "KMar, IND"},
        "nl",
    )
    assert said == "verwijzingen wachten op antwoord: Koninklijke Marechaussee, IND (MR-8)"
    english = refusal_words("MR-10", "the file is closed", {}, "en")
    assert english == "the file is closed (MR-10)"
