"""Every code a page shows has a label: a new code without one would show raw on a Dutch page."""

from __future__ import annotations

from typing import get_args

from migrationpact.access.model import Organisation, Role
from migrationpact.access.policy import Action, Section
from migrationpact.cases.lapses import ConsequenceCode
from migrationpact.law.legal_basis import INSTRUMENTS, LegalBasis
from migrationpact.law.rulebook.schema import Kind, StartEvent
from migrationpact.law.text import Text
from migrationpact.web.explaining import outcome_words, value_words
from migrationpact.web.i18n import cite, say, say_length
from migrationpact.web.labels import (
    ACTION_LABELS,
    CHOICE_LABELS,
    EVENT_LABELS,
    ORGANISATION_LABELS,
    ROLE_LABELS,
    SENTENCE_CODES,
)
from migrationpact.web.rule_labels import CONSEQUENCE_LABELS, KIND_LABELS, START_LABELS
from migrationpact.web.summaries import event_summary


def test_every_consequence_of_a_lapse_has_a_label() -> None:
    assert set(get_args(ConsequenceCode)) == set(CONSEQUENCE_LABELS)


def test_every_start_event_kind_action_and_section_has_a_label() -> None:
    assert {s.value for s in StartEvent} <= set(EVENT_LABELS) | set(START_LABELS)
    assert {k.value for k in Kind} == set(KIND_LABELS)
    assert {a.value for a in Action} <= set(ACTION_LABELS)
    assert {s.value for s in Section} <= set(SENTENCE_CODES)
    assert {r.value for r in Role} == set(ROLE_LABELS)
    assert set(INSTRUMENTS) <= set(CHOICE_LABELS)


def test_organisations_that_are_codes_have_a_label() -> None:
    codes = {o.value for o in Organisation if not o.value[:1].isupper()}
    assert codes <= set(ORGANISATION_LABELS)


def test_a_sentence_of_the_domain_is_said_in_dutch_with_its_values() -> None:
    refused = Text(
        "%(organisation)s may not record %(event)s events",
        organisation="legal-counselling",
        event="decision_taken",
    )
    assert refused == "legal-counselling may not record decision_taken events"  # the API's
    assert say(refused, "nl") == "rechtsbijstand mag geen gebeurtenis 'Besluit genomen' vastleggen"


def test_a_period_and_a_citation_in_dutch() -> None:
    assert say_length("1 month 2 weeks 3 days", "nl") == "1 maand, 2 weken en 3 dagen"
    assert say_length("1 working day", "nl") == "1 werkdag"
    basis = LegalBasis("AMMR", "39", "1", subparagraph="1")
    assert (
        cite(basis, "nl")
        == "art. 39, eerste lid, eerste alinea, Verordening asiel- en migratiebeheer"
    )
    assert cite(basis, "en") == "AMMR Art. 39(1), 1st subpara."
    dublin = {"instrument_code": "DUBLIN3", "article": "21", "paragraph": "1", "sentence": "2"}
    assert cite(dublin, "nl") == "art. 21, eerste lid, tweede zin, Dublinverordening III"


def test_routing_codes_and_fact_values_in_dutch() -> None:
    assert outcome_words("external-border", "nl") == "buitengrens"
    assert outcome_words(Text("does not apply"), "nl") == "niet van toepassing"
    assert value_words(["border-crossing", None, False], "nl") == (
        "Overschrijding van de buitengrens, niet vastgelegd, nee"
    )


def test_a_lapse_says_its_consequence_in_dutch() -> None:
    lapsed = {"key": "AMMR-01", "rule_id": "AMMR-01", "due": "2026-11-30",
              "consequence": "registering-state-responsible",
              "consequence_text": "AMMR-01 ended 2026-11-30: no request sent in time"}  # fmt: skip
    assert event_summary("deadline_lapsed", lapsed, "nl") == (
        "Regel: AMMR-01; Einddatum: ma 30 nov 2026; geen verzoek op tijd verzonden: Nederland, "
        "waar de aanvraag is geregistreerd, is verantwoordelijk"
    )


def test_a_suspensions_legal_basis_is_cited_in_dutch() -> None:
    stopped = {"reason": "absconded", "legal_basis": [{"instrument": "APR", "article": "29",
               "paragraph": "1"}]}  # fmt: skip
    assert event_summary("clock_suspended", stopped, "nl").endswith(
        "art. 29, eerste lid, Procedureverordening"
    )
