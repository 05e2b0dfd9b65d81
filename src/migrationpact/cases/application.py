"""From first contact to lodging: screening, making, registering and lodging an application.

The order is the law's: a person at the external border is screened first (SR Art. 5, 8), a
person found in the territory is screened there (SR Art. 7); an application is *made* when the
person asks for protection (APR Art. 26), then *registered* by the authority (APR Art. 27,
within five days), then *lodged* (APR Art. 28, within 21 days of registration, or five days in
the border procedure, APR Art. 51(1)). Only a lodged application can be examined (APR Art. 35).
Registration is where routing decides the procedure and the responsibility regime.
"""

from __future__ import annotations

from migrationpact.cases import events as ev
from migrationpact.cases.clock import Draft
from migrationpact.cases.models import Person
from migrationpact.cases.procedure import (
    LODGING_RULES,
    ask_routing,
    merge_facts,
    start_examination,
    start_procedure,
    start_routed,
    sync_procedure,
)
from migrationpact.law.rulebook.schema import StartEvent

SCREENING_RULES = ("SCR-01", "SCR-02", "SCR-03")


def _person(draft: Draft, person: Person | None) -> None:
    if person is not None:
        draft.set(person=person)


def screening_started(draft: Draft, event: ev.ScreeningStarted) -> None:
    if draft.state.screening_started_at is not None:
        raise draft.refuse("SR Art. 8", "screening has already started in this case")
    if draft.state.registered_at is not None:
        raise draft.refuse("SR Art. 18(1)", "screening precedes registration of the application")
    _person(draft, event.person)
    draft.set(screening_started_at=event.occurred_at)
    if draft.state.made_at is None:
        draft.set(stage="screening")
    merge_facts(draft, None, entry=event.entry)
    start_routed(draft, ask_routing(draft), StartEvent.APPREHENSION)


def screening_completed(draft: Draft, event: ev.ScreeningCompleted) -> None:
    if draft.state.screening_started_at is None:
        raise draft.refuse("SR Art. 18(1)", "no screening was started")
    if draft.state.screening_completed_at is not None:
        raise draft.refuse("SR Art. 18(5)", "the screening has already ended")
    form = event.form
    if event.referral == "registration-authority" and form.applied_for_asylum is False:
        raise draft.refuse(
            "SR Art. 18(1)", "referral to the registration authority needs an application"
        )
    person = draft.get("person") or Person(pseudonym=draft.state.case_id)
    person = person.model_copy(
        update={
            "names": form.names or person.names,
            "date_of_birth": form.date_of_birth or person.date_of_birth,
            "place_of_birth": form.place_of_birth or person.place_of_birth,
            "nationality": form.nationality or person.nationality,
            "sex": form.sex if form.sex != "unknown" else person.sex,
            "languages": form.languages or person.languages,
        }
    )
    draft.set(
        person=Person.model_validate(person.model_dump()),
        screening_form=form,
        screening_completed_at=event.occurred_at,
    )
    if draft.state.made_at is None:
        stage = "referred-to-return" if event.referral == "return-procedure" else "screened"
        draft.set(stage=stage)
    draft.meet(*SCREENING_RULES, reason=f"screening ended by referral ({event.referral})")
    merge_facts(draft, None)


def application_made(draft: Draft, event: ev.ApplicationMade) -> None:
    if draft.state.made_at is not None:
        raise draft.refuse("APR Art. 26", "an application was already made in this case")
    if draft.state.dublin.role == "requested":
        raise draft.refuse(
            "AMMR Art. 40", "this case is a request from another member state; open a new case"
        )
    _person(draft, event.person)
    if event.family is not None:
        draft.set(family=event.family)
    entry = event.entry or draft.state.facts.entry
    if entry is None:
        raise draft.refuse("SR Art. 5, 7", "say how the person came (entry) or start a screening")
    draft.set(made_at=event.occurred_at, stage="made")
    merge_facts(
        draft,
        event.facts,
        entry=entry,
        applied_for_asylum=True,
        date_of_application=event.occurred_at.date(),
    )
    start_routed(draft, ask_routing(draft), StartEvent.APPLICATION_MADE)


def application_registered(draft: Draft, event: ev.ApplicationRegistered) -> None:
    if draft.state.made_at is None:
        raise draft.refuse("APR Art. 27(1)", "only an application that was made can be registered")
    if draft.state.registered_at is not None:
        raise draft.refuse("APR Art. 27(1)", "the application is already registered")
    if event.occurred_at < draft.state.made_at:
        raise draft.refuse("APR Art. 27(1)", "registration cannot precede the making")
    person = draft.get("person")
    if event.v_number is not None:
        base = person or Person(pseudonym=draft.state.case_id)
        draft.set(person=base.model_copy(update={"v_number": event.v_number}))
    draft.set(registered_at=event.occurred_at, stage="registered")
    merge_facts(draft, event.facts, date_of_registration=event.occurred_at.date())
    result = ask_routing(draft)
    draft.meet("APR-01", "APR-01b", "APR-01b2", "APR-02", "CFMR-01")
    start_procedure(draft)
    start_routed(draft, result, StartEvent.APPLICATION_REGISTERED)
    regime = draft.get("responsibility_regime")
    if regime == "Dublin III":
        # Dublin III counts from "lodging" in its Art. 20(2) sense (the form or report reaching
        # the authorities), which the Pact's registration is; its law date is the registration.
        draft.start("D3-01")
    if regime == "AMMR" and draft.get("detained"):
        draft.start("AMMR-12")


def application_lodged(draft: Draft, event: ev.ApplicationLodged) -> None:
    if draft.state.registered_at is None:
        raise draft.refuse("APR Art. 28(1)", "the application is not registered yet")
    if draft.state.lodged_at is not None:
        raise draft.refuse("APR Art. 28(1)", "the application is already lodged")
    draft.set(lodged_at=event.occurred_at, stage="lodged")
    draft.meet(*LODGING_RULES)
    start_examination(draft)
    if event.inadmissibility_ground is not None:
        draft.start("APR-10" if event.inadmissibility_ground == "38(1)(e)" else "APR-09")


def facts_recorded(draft: Draft, event: ev.FactsRecorded | ev.VulnerabilityAssessed) -> None:
    if event.facts is None:
        return
    before, before_exam = draft.get("procedure"), draft.get("examination")
    merge_facts(draft, event.facts)
    if draft.get("made_at") is not None:
        ask_routing(draft)
        sync_procedure(draft, before, before_exam)


def vulnerability_assessed(draft: Draft, event: ev.VulnerabilityAssessed) -> None:
    if draft.state.made_at is None and draft.state.screening_started_at is None:
        raise draft.refuse("RCD Art. 25(1)", "no screening or application to assess in")
    if event.assessment in ("special-reception-needs", "both"):
        draft.meet("RCD-02")
    if event.assessment in ("special-procedural-guarantees", "both"):
        draft.meet("APR-25")
    facts_recorded(draft, event)


def reception_information_given(draft: Draft, event: ev.ReceptionInformationGiven) -> None:
    if draft.state.made_at is None:
        raise draft.refuse("RCD Art. 5(1)", "reception information follows an application")
    draft.meet("RCD-01")


def biometrics_taken(draft: Draft, event: ev.BiometricsTaken) -> None:
    draft.set(biometrics_taken=True)
    if event.transmitted_to_eurodac:
        draft.meet("EDR-01", "EDR-02", "EDR-03")


def representative_appointed(draft: Draft, event: ev.RepresentativeAppointed) -> None:
    if not draft.state.facts.unaccompanied:
        raise draft.refuse("APR Art. 23(2)", "a representative is for an unaccompanied minor")
    if not event.provisional:
        draft.meet("APR-24")


def legal_counselling_requested(draft: Draft, event: ev.LegalCounsellingRequested) -> None:
    if draft.state.made_at is None:
        raise draft.refuse("APR Art. 16(1)", "counselling is for applicants; no application made")
    draft.set(legal_counselling_requested=True)


def legal_counselling_provided(draft: Draft, event: ev.LegalCounsellingProvided) -> None:
    if not draft.state.legal_counselling_requested:
        raise draft.refuse("APR Art. 16(1)", "free legal counselling is given on request")
    draft.set(legal_counselling_provided=True)


def interview_held(draft: Draft, event: ev.InterviewHeld) -> None:
    if event.kind != "responsibility" and draft.state.lodged_at is None:
        raise draft.refuse("APR Art. 12(1)", "the personal interview follows lodging")
    draft.set(interviewed=True)
