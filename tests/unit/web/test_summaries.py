"""The one-line summary of an event on the case page's timeline (``web.summaries``)."""

from __future__ import annotations

from migrationpact.web.summaries import LIMIT, event_summary

PERSON = {"pseudonym": "P-1", "names": ["Amal", "Haddad"], "nationality": "SYR"}
FAMILY = {"group_id": "G-1", "includes_minors": False, "members": [{"relation": "child"}]}


def test_nested_parts_are_summarised_and_a_long_note_is_cut_last() -> None:
    note = "The applicant stated that she travelled overland through several countries " * 6
    payload = {
        "note": note,
        "entry": "border-crossing",
        "person": PERSON,
        "family": FAMILY,
        "facts": {"nationality": "SYR", "age": 16, "unaccompanied": True, "security_risk": False},
    }
    summary = event_summary("application_made", payload, "nl", identity=True)
    assert summary.startswith(
        "Hoe de persoon binnenkwam: Overschrijding van de buitengrens; "
        "Persoon (Amal Haddad, Nationaliteit: Syrië); "
        "Feiten voor de procedurekeuze (Nationaliteit: Syrië, Leeftijd: 16, "
        "Alleenstaande minderjarige); "
        "Gezinsgroep (1 gezinslid, Met minderjarigen: Nee); "
        "Notitie: The applicant stated"
    )
    assert summary.endswith("…")
    assert len(summary) <= LIMIT
    assert summary[:-1].split()[-1] in note.split()  # cut between words
    assert "security" not in summary.lower()  # a finding that is false is not news


def test_names_and_v_number_only_for_a_viewer_of_the_identity_section() -> None:
    made = event_summary("application_made", {"person": PERSON}, "en")
    assert made == "Person (Nationality: Syria)"
    assert "Amal" in event_summary("application_made", {"person": PERSON}, "en", identity=True)
    registered = {"v_number": "1234567890", "facts": None}
    assert event_summary("application_registered", registered, "en") == ""
    assert event_summary("application_registered", registered, "en", identity=True) == (
        "V-number: 1234567890"
    )


def test_a_yes_no_is_shown_when_required_or_not_its_default() -> None:
    sent = {"member_state": "DEU", "hit_based": False, "urgent": True, "note": None}
    assert (
        event_summary("take_charge_request_sent", sent, "nl")
        == "Lidstaat: Duitsland; Spoedeisend: Ja"
    )
    assert event_summary("request_to_remain_decided", {"granted": False}, "nl") == "Toegewezen: Nee"
    assert event_summary("biometrics_taken", {"transmitted_to_eurodac": True}, "en") == ""
    assert event_summary("biometrics_taken", {"transmitted_to_eurodac": False}, "en") == (
        "Transmitted to Eurodac: No"
    )


def test_screening_form_dates_lists_and_legal_basis() -> None:
    form = {
        "names": ["Amal"],
        "reason_for_screening": "sar-disembarkation",
        "applied_for_asylum": False,
        "family_members_in_member_states": [{"relation": "parent"}, {"relation": "sibling"}],
    }
    screened = event_summary(
        "screening_completed", {"referral": "return-procedure", "form": form}, "en"
    )
    assert screened == (
        "Referred to: Return procedure; Screening form (Reason for screening: Disembarkation "
        "after search and rescue, Applied for international protection: No, Family members in "
        "member states: 2)"
    )
    lapsed = {"key": "APR-04", "rule_id": "APR-04", "due": "2026-11-30", "consequence": "none"}
    assert (
        event_summary("deadline_lapsed", lapsed, "nl") == "Regel: APR-04; Einddatum: ma 30 nov 2026"
    )
    suspended = {
        "deadlines": ["APR-25", "APR-13"],
        "legal_basis": [{"instrument": "APR", "article": "29", "paragraph": "1"}],
        "reason": "medical treatment",
    }
    assert event_summary("clock_suspended", suspended, "en") == (
        "Deadlines: APR-25, APR-13; Reason: medical treatment; "
        "Legal basis of the suspension: APR Art. 29(1)"
    )
