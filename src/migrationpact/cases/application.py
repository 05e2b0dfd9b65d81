"""From first contact to lodging: screening, making, registering and lodging an application.

The order is the law's: a person at the external border is screened first (SR Art. 5, 8), a
person found in the territory is screened there (SR Art. 7); an application is *made* when the
person asks for protection (APR Art. 26), then *registered* by the authority (APR Art. 27,
within five days), then *lodged* (APR Art. 28, within 21 days of registration, or five days in
the border procedure, APR Art. 51(1)). Only a lodged application can be examined (APR Art. 35).
Registration is where routing decides the procedure and the responsibility regime.

Each event of this track is declared here, above the handler that applies it: its fields (the
model), its label, who besides the IND may record it, whether it may open a case and where the
case page offers its form (``cases.catalogue``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import MAX_ITEMS, Event, FactsUpdate, InadmissibilityGround
from migrationpact.cases.guarantees import start_schooling
from migrationpact.cases.models import FamilyGroup, Person, Referral, ScreeningForm
from migrationpact.cases.personal_marker import PERSONAL
from migrationpact.cases.procedure import (
    LODGING_RULES,
    ask_routing,
    merge_facts,
    start_examination,
    start_procedure,
    start_routed,
    sync_procedure,
)
from migrationpact.law.codes import STORED, LanguageCode
from migrationpact.law.rulebook.schema import StartEvent

TRACK = Track("application")
SCREENING_RULES = ("SCR-01", "SCR-02", "SCR-03")
EntryKind = Literal[
    "border-crossing", "sar-disembarkation", "border-crossing-point", "in-territory", "relocation"
]


def _person(draft: Draft, person: Person | None) -> None:
    if person is not None:
        draft.set(person=person)


class ScreeningStarted(Event):
    type: Literal["screening_started"] = "screening_started"
    entry: Literal["border-crossing", "sar-disembarkation", "border-crossing-point", "in-territory"]
    location: str | None = None
    person: Person | None = None


@TRACK.event(
    ScreeningStarted, N_("Screening started"), recorded_by={"KMar"}, opens_case=True, form=None
)
def screening_started(draft: Draft, event: ScreeningStarted) -> None:
    if draft.state.screening_started_at is not None:
        raise draft.refuse("SR Art. 8", "screening has already started in this case")
    if draft.state.registered_at is not None:
        raise draft.refuse("SR Art. 18(1)", "screening precedes registration of the application")
    _person(draft, event.person)
    draft.set(screening_started_at=event.occurred_at)
    if draft.state.made_at is None:
        draft.set(stage="screening")
    merge_facts(draft, None, entry=event.entry)
    routing = ask_routing(draft)
    start_routed(draft, routing, StartEvent.APPREHENSION)
    start_routed(draft, routing, StartEvent.DISEMBARKATION)  # EDR-16 (EDR Art. 24(2))


class ScreeningCompleted(Event):
    type: Literal["screening_completed"] = "screening_completed"
    form: ScreeningForm
    referral: Referral


@TRACK.event(
    ScreeningCompleted, N_("Screening completed (SR Art. 17)"), recorded_by={"KMar"}, form="main"
)
def screening_completed(draft: Draft, event: ScreeningCompleted) -> None:
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
    values = {
        **person.__dict__,  # a model's __dict__ holds its fields, as ``model_dump`` gives them
        "names": form.names or person.names,
        "date_of_birth": form.date_of_birth or person.date_of_birth,
        "place_of_birth": form.place_of_birth or person.place_of_birth,
        "nationality": form.nationality or person.nationality,
        "sex": form.sex if form.sex != "unknown" else person.sex,
        "languages": form.languages or person.languages,
    }
    draft.set(
        # Checked again as a whole; the codes were checked when each event was recorded.
        person=Person.model_validate(values, context=STORED),
        screening_form=form,
        screening_completed_at=event.occurred_at,
    )
    if draft.state.made_at is None:
        stage = "referred-to-return" if event.referral == "return-procedure" else "screened"
        draft.set(stage=stage)
    draft.meet(*SCREENING_RULES, reason=f"screening ended by referral ({event.referral})")
    merge_facts(draft, None)


class ApplicationMade(Event):
    type: Literal["application_made"] = "application_made"
    entry: EntryKind | None = None
    person: Person | None = None
    family: FamilyGroup | None = None
    facts: FactsUpdate | None = None
    #: A further application after a final decision on an earlier one (APR Art. 55(1)).
    subsequent: bool = False
    #: The case of the earlier application, when it is known (APR Art. 55).
    previous_case_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@TRACK.event(
    ApplicationMade, N_("Application made"), recorded_by={"KMar"}, opens_case=True, form="main"
)
def application_made(draft: Draft, event: ApplicationMade) -> None:
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
    if event.previous_case_id is not None and not event.subsequent:
        raise draft.refuse(
            "APR Art. 55(1)", "an earlier case is named only for a subsequent application"
        )
    if event.previous_case_id == draft.state.case_id:
        raise draft.refuse("APR Art. 55(1)", "a subsequent application follows another case")
    draft.set(made_at=event.occurred_at, stage="made")
    if event.subsequent:
        draft.set(subsequent=True, previous_case_id=event.previous_case_id)
    merge_facts(
        draft,
        event.facts,
        entry=entry,
        applied_for_asylum=True,
        date_of_application=event.occurred_at.date(),
    )
    start_routed(draft, ask_routing(draft), StartEvent.APPLICATION_MADE)
    draft.meet("APR-38e", reason="application made")  # after a return decision (APR 38(1)(e))


class ApplicationRegistered(Event):
    type: Literal["application_registered"] = "application_registered"
    facts: FactsUpdate | None = None
    v_number: Annotated[str | None, PERSONAL] = Field(default=None, pattern=r"^\d{10}$")


@TRACK.event(ApplicationRegistered, N_("Application registered"), form="main")
def application_registered(draft: Draft, event: ApplicationRegistered) -> None:
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


class ApplicationLodged(Event):
    type: Literal["application_lodged"] = "application_lodged"
    inadmissibility_ground: InadmissibilityGround | None = None


@TRACK.event(ApplicationLodged, N_("Application lodged"), form="main")
def application_lodged(draft: Draft, event: ApplicationLodged) -> None:
    if draft.state.registered_at is None:
        raise draft.refuse("APR Art. 28(1)", "the application is not registered yet")
    if draft.state.lodged_at is not None:
        raise draft.refuse("APR Art. 28(1)", "the application is already lodged")
    draft.set(lodged_at=event.occurred_at, stage="lodged")
    draft.meet(*LODGING_RULES)
    start_examination(draft)
    start_schooling(draft)
    if event.inadmissibility_ground is not None:
        draft.start("APR-10" if event.inadmissibility_ground == "38(1)(e)" else "APR-09")


class FactsRecorded(Event):
    type: Literal["facts_recorded"] = "facts_recorded"
    facts: FactsUpdate


@TRACK.event(FactsRecorded, N_("Facts recorded"), recorded_by={"KMar"})
def facts_recorded(draft: Draft, event: FactsRecorded | VulnerabilityAssessed) -> None:
    if event.facts is None:
        return
    before, before_exam = draft.get("procedure"), draft.get("examination")
    merge_facts(draft, event.facts)
    if draft.get("made_at") is not None:
        ask_routing(draft)
        sync_procedure(draft, before, before_exam)


class VulnerabilityAssessed(Event):
    type: Literal["vulnerability_assessed"] = "vulnerability_assessed"
    assessment: Literal["special-reception-needs", "special-procedural-guarantees", "both"]
    needs: list[str] = Field(
        default_factory=list, max_length=MAX_ITEMS, json_schema_extra={"section": "health"}
    )
    facts: FactsUpdate | None = None


# COA records its assessment of reception needs as ``special_needs_assessed`` (cases.reception),
# which changes no routing facts; this event stays for the IND's assessment of procedural
# guarantees (APR Art. 20) and for the history that COA recorded with it before.
@TRACK.event(VulnerabilityAssessed, N_("Vulnerability assessed"))
def vulnerability_assessed(draft: Draft, event: VulnerabilityAssessed) -> None:
    if draft.state.made_at is None and draft.state.screening_started_at is None:
        raise draft.refuse("RCD Art. 25(1)", "no screening or application to assess in")
    if event.assessment in ("special-reception-needs", "both"):
        draft.meet("RCD-02")
    if event.assessment in ("special-procedural-guarantees", "both"):
        draft.meet("APR-25")
    facts_recorded(draft, event)


class ReceptionInformationGiven(Event):
    """The applicant was told of their reception rights and duties (RCD Art. 5(1))."""

    type: Literal["reception_information_given"] = "reception_information_given"
    language: LanguageCode | None = Field(
        default=None, description="language the information was given in"
    )


@TRACK.event(ReceptionInformationGiven, N_("Reception information given"), recorded_by={"COA"})
def reception_information_given(draft: Draft, event: ReceptionInformationGiven) -> None:
    if draft.state.made_at is None:
        raise draft.refuse("RCD Art. 5(1)", "reception information follows an application")
    draft.meet("RCD-01")


class BiometricsTaken(Event):
    type: Literal["biometrics_taken"] = "biometrics_taken"
    transmitted_to_eurodac: bool = True


@TRACK.event(BiometricsTaken, N_("Biometrics taken"), recorded_by={"KMar"})
def biometrics_taken(draft: Draft, event: BiometricsTaken) -> None:
    draft.set(biometrics_taken=True)
    if event.transmitted_to_eurodac:
        draft.meet("EDR-01", "EDR-02", "EDR-03", "EDR-16")


class RepresentativeAppointed(Event):
    type: Literal["representative_appointed"] = "representative_appointed"
    provisional: bool = False


@TRACK.event(RepresentativeAppointed, N_("Representative appointed"))
def representative_appointed(draft: Draft, event: RepresentativeAppointed) -> None:
    if not draft.state.facts.unaccompanied:
        raise draft.refuse("APR Art. 23(2)", "a representative is for an unaccompanied minor")
    if not event.provisional:
        draft.meet(*REPRESENTATIVE)


#: A representative for an unaccompanied minor: APR Art. 23(2)(b), AMMR Art. 23(2)(b).
REPRESENTATIVE = ("APR-24", "AMMR-23")
#: Their extensions by ten working days (APR Art. 23(3), AMMR Art. 23(2) 3rd subpara).
_EXTENSION = {"APR-24": "APR-24b", "AMMR-23": "AMMR-23b"}


class RepresentativeAppointmentExtended(Event):
    """The time limit to appoint an unaccompanied minor's representative is extended by ten
    working days: disproportionate numbers of applications by unaccompanied minors, or another
    exceptional situation (APR Art. 23(3); AMMR Art. 23(2) 3rd subpara)."""

    type: Literal["representative_appointment_extended"] = "representative_appointment_extended"
    ground: Literal["disproportionate-numbers", "exceptional-situation"]


@TRACK.event(
    RepresentativeAppointmentExtended,
    N_("Time limit to appoint a representative extended"),
)
def representative_appointment_extended(
    draft: Draft, event: RepresentativeAppointmentExtended
) -> None:
    running = draft.running(*REPRESENTATIVE)
    if not running:
        raise draft.refuse("APR Art. 23(3)", "no time limit to appoint a representative is running")
    if any(e.extensions for e in running):
        raise draft.refuse("APR Art. 23(3)", "the time limit was already extended; once only")
    late = [e for e in running if draft.at >= e.ends_at]
    if late:
        raise draft.refuse(
            "APR Art. 23(3)",
            "%(key)s has already ended; a time limit that ended cannot be extended",
            key=late[0].key,
        )
    for entry in running:
        draft.extend(entry, _EXTENSION[entry.rule_id], event.ground)


class LegalCounsellingRequested(Event):
    type: Literal["legal_counselling_requested"] = "legal_counselling_requested"


@TRACK.event(LegalCounsellingRequested, N_("Legal counselling requested"))
def legal_counselling_requested(draft: Draft, event: LegalCounsellingRequested) -> None:
    if draft.state.made_at is None:
        raise draft.refuse("APR Art. 16(1)", "counselling is for applicants; no application made")
    draft.set(legal_counselling_requested=True)


class LegalCounsellingProvided(Event):
    type: Literal["legal_counselling_provided"] = "legal_counselling_provided"
    provider: str | None = None


@TRACK.event(
    LegalCounsellingProvided, N_("Legal counselling provided"), recorded_by={"legal-counselling"}
)
def legal_counselling_provided(draft: Draft, event: LegalCounsellingProvided) -> None:
    if not draft.state.legal_counselling_requested:
        raise draft.refuse("APR Art. 16(1)", "free legal counselling is given on request")
    draft.set(legal_counselling_provided=True)


class InterviewHeld(Event):
    type: Literal["interview_held"] = "interview_held"
    kind: Literal["admissibility", "substantive", "responsibility"] = "substantive"


@TRACK.event(InterviewHeld, N_("Interview held"))
def interview_held(draft: Draft, event: InterviewHeld) -> None:
    if event.kind != "responsibility" and draft.state.lodged_at is None:
        raise draft.refuse("APR Art. 12(1)", "the personal interview follows lodging")
    draft.set(interviewed=True)
