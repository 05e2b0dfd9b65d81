"""The words people see for the system's codes: event types, form fields and their choices.

The codes (``application_lodged``, ``refugee-status``) are the data; the labels here are
English message ids that the catalogs translate. ``N_`` only marks a text for extraction
(pybabel finds ``N_("…")``); the template translates it when it is shown.

>>> N_("Decision taken") == "Decision taken"
True
>>> EVENT_LABELS["application_lodged"]
'Application lodged'
"""

from __future__ import annotations

from migrationpact.cases.events import CATALOGUE
from migrationpact.law.text import N_

__all__ = ["N_"]


#: The label of each event type, declared with the event in its track (``cases.catalogue``)
#: and marked there for extraction; the Dutch text is in the catalog like every other label.
EVENT_LABELS: dict[str, str] = dict(CATALOGUE.labels)

FIELD_LABELS: dict[str, str] = {
    "occurred_at": N_("Date and time it happened"),
    "note": N_("Note"),
    "referral": N_("Referred to"),
    "names": N_("Names"),
    "date_of_birth": N_("Date of birth"),
    "place_of_birth": N_("Place of birth"),
    "sex": N_("Sex"),
    "nationality": N_("Nationality"),
    "stateless": N_("Stateless"),
    "countries_of_residence": N_("Countries of residence"),
    "languages": N_("Languages"),
    "reason_for_screening": N_("Reason for screening"),
    "health_check": N_("Health check"),
    "vulnerability": N_("Vulnerability"),
    "special_reception_needs": N_("Special reception needs"),
    "special_procedural_needs": N_("Special procedural needs"),
    "applied_for_asylum": N_("Applied for international protection"),
    "database_hit": N_("Database hit"),
    "cooperated": N_("Cooperated"),
    "v_number": N_("V-number"),
    "subsequent": N_("Subsequent application (APR Art. 55)"),
    "previous_case_id": N_("Case of the earlier application"),
    "legal_provision": N_("Legal provision of the request"),
    "pseudonym": N_("Pseudonym"),
    "organisation": N_("Organisation"),
    "closed_at": N_("Closed at"),
    "days_late": N_("Days late"),
    "inadmissibility_ground": N_("Inadmissibility ground (APR Art. 38)"),
    "outcome": N_("Outcome"),
    "to": N_("Notified to"),
    "against": N_("Against"),
    "suspension_requested": N_("Suspension requested"),
    "court": N_("Court"),
    "member_state": N_("Member state"),
    "hit_based": N_("Based on a Eurodac hit"),
    "urgent": N_("Urgent"),
    "transmitted_to_eurodac": N_("Transmitted to Eurodac"),
    "lawful": N_("Detention lawful"),
    "outside_ordinary_system": N_("Outside the ordinary education system"),
    "purpose": N_("Purpose"),
    "provider": N_("Provider"),
    "assessment": N_("Assessment"),
    "needs": N_("Needs"),
    "provisional": N_("Provisional"),
    "kind": N_("Kind"),
    "extension": N_("Extension"),
    "ground": N_("Ground"),
    "granted": N_("Granted"),
    "basis": N_("Basis"),
    "by_silence": N_("By silence"),
    "informed_of_consequence": N_("Informed of the consequence of applying late"),
    "reason": N_("Reason"),
    "entry": N_("How the person arrived"),
    "location": N_("Location"),
    "age": N_("Age"),
    "date_of_application": N_("Date the application was made"),
    "date_of_registration": N_("Date of registration"),
    "unaccompanied": N_("Unaccompanied minor"),
    "security_risk": N_("Danger to national security or public order"),
    "misled_authorities": N_("Misled the authorities"),
    "special_needs_unsupported": N_("Special needs that cannot be supported at the border"),
    "medical_grounds": N_("Medical grounds"),
    "detention_guarantees_unmet": N_("Detention guarantees cannot be met"),
    "border_capacity_reached": N_("Adequate capacity of the border procedure reached"),
    "annual_maximum_reached": N_("Annual maximum of border procedures reached"),
    "crisis": N_("Crisis decision"),
    "outcome_taken_at": N_("Taken at"),
    "taken_at": N_("Taken at"),
    "notified_at": N_("Notified at"),
    "appeal_rule": N_("Appeal period rule"),
    "right_to_remain": N_("Right to remain"),
    "final": N_("Final"),
    "date_of_birth_estimated": N_("Date of birth is estimated"),
    "registered_on": N_("Registered in the requesting state on"),
    "deadlines": N_("Deadlines"),
    "instrument": N_("Instrument"),
    "article": N_("Article"),
    "paragraph": N_("Paragraph"),
    "point": N_("Point"),
    "case_id": N_("Case id"),
    "actor": N_("Actor"),
    "relation": N_("Relation"),
    "legally_resident": N_("Legally resident"),
    "municipality": N_("Lives in (municipality)"),
    "office": N_("IND office"),
    "ind_office": N_("IND office"),
    "includes_minors": N_("Includes minors"),
    "group_id": N_("Group id"),
    "rule_id": N_("Rule"),
    "due": N_("Due"),
    "language": N_("Language"),
    "signs": N_("Signs seen, heard or reported"),
    "categories": N_("Categories (RCD Art. 24)"),
    "support": N_("Support given"),
    "referral_consent": N_("The applicant consents to the referral"),
    "procedural_guarantees": N_("First signs that special procedural guarantees may be needed"),
    "detail": N_("What was observed or said, and the measures"),
}

#: The legends of the groups of fields of a form (by the start of a dotted name).
GROUP_LABELS: dict[str, str] = {
    "person": N_("Person"),
    "facts": N_("Routing facts"),
    "legal_basis": N_("Legal basis of the suspension"),
    "family": N_("Family group"),
    "form.family_members_in_member_states": N_("Family members in member states"),
}

#: The legend of one row of a list on a form (``rows``), by the list's dotted name.
ROW_LABELS: dict[str, str] = {
    "family.members": N_("Family member %(n)d"),
    "form.family_members_in_member_states": N_("Family member %(n)d"),
}

CHOICE_LABELS: dict[str, str] = {
    "doctor": N_("a doctor"),
    "psychologist": N_("a psychologist"),
    "registration-authority": N_("Registration authority (asylum)"),
    "return-procedure": N_("Return procedure"),
    "relocation": N_("Relocation"),
    "unknown": N_("Unknown"),
    "F": N_("Female"),
    "M": N_("Male"),
    "X": N_("X (other)"),
    "border-crossing": N_("Crossing of the external border"),
    "sar-disembarkation": N_("Disembarkation after search and rescue"),
    "border-crossing-point": N_("At a border crossing point"),
    "in-territory": N_("Found in the territory"),
    "refugee-status": N_("Refugee status"),
    "subsidiary-protection": N_("Subsidiary protection"),
    "humanitarian-status": N_("Humanitarian status (national law)"),
    "inadmissible": N_("Inadmissible"),
    "unfounded": N_("Unfounded"),
    "manifestly-unfounded": N_("Manifestly unfounded"),
    "implicitly-withdrawn": N_("Implicitly withdrawn"),
    "explicitly-withdrawn": N_("Explicitly withdrawn"),
    "applicant": N_("Applicant"),
    "representative": N_("Representative"),
    "legal-adviser": N_("Legal adviser"),
    "decision": N_("Decision"),
    "transfer-decision": N_("Transfer decision"),
    "accepted": N_("Accepted"),
    "refused": N_("Refused"),
    "accepted-by-silence": N_("Accepted by silence"),
    "dismissed": N_("Dismissed"),
    "upheld": N_("Upheld"),
    "annulled-remitted": N_("Annulled and remitted"),
    "withdrawn": N_("Withdrawn"),
    "take-charge": N_("Take charge"),
    "take-back": N_("Take back"),
    "humanitarian": N_("On humanitarian grounds"),
    "admissibility": N_("Admissibility"),
    "substantive": N_("Substantive"),
    "responsibility": N_("Responsibility"),
    "border-procedure": N_("Border procedure"),
    "dublin-transfer": N_("Dublin transfer"),
    "return": N_("Return"),
    "imprisonment": N_("Imprisonment"),
    "absconded": N_("Absconded"),
    "physically-resisted": N_("Physically resisted the transfer"),
    "unfit-for-transfer": N_("Deliberately made themselves unfit for the transfer"),
    "medical-unfit": N_("Did not meet the medical requirements for the transfer"),
    "other": N_("Other"),
    "protection-granted": N_("Protection granted"),
    "transferred": N_("Transferred"),
    "returned": N_("Returned"),
    "departed": N_("Departed"),
    "merged": N_("Merged"),
    "spouse": N_("Spouse"),
    "partner": N_("Partner"),
    "child": N_("Child"),
    "parent": N_("Parent"),
    "sibling": N_("Brother or sister"),
    "relative": N_("Relative"),
    # vulnerability_assessed.assessment
    "special-reception-needs": N_("Special reception needs"),
    "special-procedural-guarantees": N_("Special procedural guarantees"),
    "both": N_("Special reception needs and special procedural guarantees"),
    # examination_extended.extension and .ground (the grounds of APR Art. 35(2) and (5))
    "APR-11": N_("APR-11: extension of the inadmissibility time limit (APR Art. 35(2))"),
    "APR-14": N_("APR-14: extension of the regular examination (APR Art. 35(5))"),
    "disproportionate-numbers": N_("A disproportionate number of applications"),
    "complex-issues": N_("Complex issues of fact or law"),
    "exceptional-situation": N_("Another exceptional situation"),
    "applicant-breach": N_("Delay due solely to the applicant's failure to comply"),
    # decision_taken.inadmissibility_ground
    "38(1)(a)": N_("APR Art. 38(1)(a)"),
    "38(1)(b)": N_("APR Art. 38(1)(b)"),
    "38(1)(c)": N_("APR Art. 38(1)(c)"),
    "38(1)(d)": N_("APR Art. 38(1)(d)"),
    "38(1)(e)": N_("APR Art. 38(1)(e)"),
    "38(2)": N_("APR Art. 38(2)"),
    # entry_authorised.reason
    "maximum-reached": N_("Maximum duration of the border procedure reached"),
    "apr-53-2-exclusion": N_("Excluded from the border procedure (APR Art. 53(2))"),
    "capacity": N_("Adequate capacity reached"),
    "positive-decision": N_("Positive decision"),
    # legal_basis.instrument (``law.legal_basis.INSTRUMENTS``)
    "R1182": N_("Regulation 1182/71 on periods, dates and time limits"),
    "SR": N_("Screening Regulation (SR)"),
    "APR": N_("Asylum Procedure Regulation (APR)"),
    "RBPR": N_("Return Border Procedure Regulation (RBPR)"),
    "AMMR": N_("Asylum and Migration Management Regulation (AMMR)"),
    "RCD": N_("Reception Conditions Directive (RCD)"),
    "QR": N_("Qualification Regulation (QR)"),
    "EDR": N_("Eurodac Regulation (EDR)"),
    "CFMR": N_("Crisis and Force Majeure Regulation (CFMR)"),
    "DUBLIN3": N_("Dublin III Regulation"),
    "R1560": N_("Dublin implementing Regulation 1560/2003"),
    "APD2013": N_("Asylum Procedures Directive 2013/32/EU"),
    "RD2008": N_("Return Directive 2008/115/EC"),
    "ID2150": N_("Implementing Decision 2024/2150 (adequate capacity)"),
    "ATW": N_("Algemene termijnenwet"),
    "VW2000": N_("Vreemdelingenwet 2000"),
    "AWB": N_("Algemene wet bestuursrecht"),
    # The legal provisions of Dublin requests (``statistics.codes``, Eurostat leg_prov).
    "ART8": N_("Dublin III Art. 8 (unaccompanied minors)"),
    "ART9": N_(
        "Dublin III Art. 9 (family members who are beneficiaries of international protection)"
    ),
    "ART10": N_("Dublin III Art. 10 (family members who are applicants)"),
    "ART11": N_("Dublin III Art. 11 (family procedure)"),
    "ART12": N_("Dublin III Art. 12 (residence documents or visas)"),
    "ART13": N_("Dublin III Art. 13 (entry and/or stay)"),
    "ART14": N_("Dublin III Art. 14 (visa waived entry)"),
    "ART15": N_("Dublin III Art. 15 (application in an international transit area of an airport)"),
    "ART16": N_("Dublin III Art. 16 (dependent persons)"),
    "ART17_1": N_("Dublin III Art. 17(1) (discretionary clause)"),
    "ART17_2": N_("Dublin III Art. 17(2) (humanitarian clause)"),
    "ART18_1B": N_("Dublin III Art. 18(1)(b) (take back, application under examination)"),
    "ART18_1C": N_("Dublin III Art. 18(1)(c) (take back, application withdrawn)"),
    "ART18_1D": N_("Dublin III Art. 18(1)(d) (take back, application rejected)"),
    "ART20_5": N_("Dublin III Art. 20(5) (take back, process of determination)"),
    "ART25": N_("AMMR Art. 25 (unaccompanied minors)"),
    "ART26": N_("AMMR Art. 26 (family members who are beneficiaries of international protection)"),
    "ART27": N_("AMMR Art. 27 (family members who are applicants)"),
    "ART28": N_("AMMR Art. 28 (family procedure)"),
    "ART29": N_("AMMR Art. 29 (residence documents or visas)"),
    "ART30": N_("AMMR Art. 30 (diplomas or other qualifications)"),
    "ART31": N_("AMMR Art. 31 (irregular entry)"),
    "ART32": N_("AMMR Art. 32 (visa waived entry)"),
    "ART33": N_("AMMR Art. 33 (application in an international transit area of an airport)"),
    "ART34": N_("AMMR Art. 34 (dependent persons)"),
    "ART35_1": N_("AMMR Art. 35(1) (discretionary clause)"),
    "ART35_2": N_("AMMR Art. 35(2) (humanitarian clause)"),
    "ART36_1B": N_("AMMR Art. 36(1)(b) (take back, application made in another member state)"),
    "ART36_1C": N_("AMMR Art. 36(1)(c) (take back, application under examination)"),
    "ART36_1D": N_("AMMR Art. 36(1)(d) (take back, application withdrawn or rejected)"),
}

#: The status of a deadline.
STATUS_LABELS: dict[str, str] = {
    "open": N_("open"),
    "met": N_("met"),
    "suspended": N_("suspended"),
    "lapsed": N_("lapsed"),
    "cancelled": N_("cancelled"),
}

#: The stages of a case (``CaseState.stage``).
STAGE_LABELS: dict[str, str] = {
    "new": N_("new"),
    "screening": N_("screening"),
    "screened": N_("screened"),
    "referred-to-return": N_("referred to return"),
    "made": N_("application made"),
    "registered": N_("registered"),
    "lodged": N_("lodged"),
    "decided": N_("decided"),
    "notified": N_("decision notified"),
    "appeal": N_("appeal"),
    "final": N_("final"),
    "request-received": N_("request received"),
    "transfer-decided": N_("transfer decided"),
    "transferred": N_("transferred"),
    "return-border-procedure": N_("return border procedure"),
    "closed": N_("closed"),
}

#: The procedure a case follows (``CaseState.procedure``).
PROCEDURE_LABELS: dict[str, str] = {
    "border": N_("border procedure"),
    "regular": N_("regular procedure"),
    "undetermined": N_("not yet determined"),
}

#: How the application is examined (``CaseState.examination``).
EXAMINATION_LABELS: dict[str, str] = {
    "accelerated": N_("accelerated examination"),
    "regular": N_("regular examination"),
    "undetermined": N_("not yet determined"),
}

#: Which responsibility rules apply (``CaseState.responsibility_regime``); "AMMR" and
#: "Dublin III" are the regulations' names and are shown as they are.
REGIME_LABELS: dict[str, str] = {
    "none": N_("none (no responsibility determination)"),
    "undetermined": N_("not yet determined"),
}

#: Organisations whose id is a code rather than a name (IND, KMar, COA … are names).
ORGANISATION_LABELS: dict[str, str] = {
    "legal-counselling": N_("legal counselling"),
    "ministry": N_("ministry"),
    "system": N_("the system"),
}

#: What a person did, as the access log names it (``access.policy.Action`` and the reads of
#: the pages and the API).
ACTION_LABELS: dict[str, str] = {
    "case.list": N_("list of cases"),
    "case.read": N_("case read"),
    "case.create": N_("case created"),
    "event.append": N_("event recorded"),
    "case.assign": N_("case assigned"),
    "worklist.read": N_("worklist read"),
    "rules.read": N_("rule book read"),
    "route.check": N_("route checked"),
    "period.compute": N_("period computed"),
    "statistics.read": N_("statistics read"),
    "accesslog.read": N_("access log read"),
    "case.account": N_("asylum account read"),
    "case.event": N_("event read"),
    "case.deadlines": N_("deadlines read"),
    "case.timeline": N_("timeline read"),
    "case.form": N_("event form opened"),
    "case.html": N_("case page read"),
    "case.replay": N_("case replayed"),
    "cases.export": N_("cases exported"),
    "case.search": N_("cases searched"),
    "case.export": N_("case list exported"),
    "worklist.export": N_("worklist exported"),
    "person.history": N_("person's cases read"),
    "oversight.exceeded": N_("exceeded limits read"),
    "reception.sites.read": N_("reception sites read"),
    "reception.need.read": N_("expected need for reception places read"),
    "reception.sites.write": N_("reception sites changed"),
    "reception.place": N_("placement proposed"),
    "reception.plan": N_("Dublin shelter plan read"),
    "reception.worklist": N_("reception worklist read"),
    "monitoring.files": N_("monitoring files used"),
    "monitor.feed": N_("pseudonymised feed for the monitoring bodies made"),
    "twin.run": N_("chain twin runs started or read"),
    "privacy.erase": N_("personal data erased after retention"),
    "privacy.export": N_("personal data exported for a subject access request"),
    "privacy.reseal": N_("personal data recorded in clear sealed (chain rewritten)"),
}

#: How a person reached the service (the access log's channel).
CHANNEL_LABELS: dict[str, str] = {
    "session": N_("web session"),
    "token": N_("API token"),
    "cli": N_("command line"),
}

#: The roles people hold (``access.model.Role``), shown beside their name.
ROLE_LABELS: dict[str, str] = {
    "caseworker": N_("caseworker"),
    "supervisor": N_("supervisor"),
    "planner": N_("planner"),
    "counsellor": N_("counsellor"),
    "monitor": N_("monitor"),
    "analyst": N_("analyst"),
    "practitioner": N_("practitioner"),
    "site-manager": N_("site manager"),
}

#: Codes that stand as values in the domain's sentences (``law.text.Text``: an event type in a
#: policy reason, an action, an organisation): ``i18n.say`` shows them by their label.
SENTENCE_CODES: dict[str, str] = {
    # the sections of a case file (``access.policy.Section``)
    "summary": N_("summary"),
    "identity": N_("identity"),
    "reception": N_("reception"),
    "procedure": N_("procedure"),
    "deadlines": N_("deadlines"),
    "timeline": N_("timeline"),
    "asylum_account": N_("asylum account"),
    "health": N_("special reception needs"),
    **EVENT_LABELS,
    **ACTION_LABELS,
    **ORGANISATION_LABELS,
}

#: The codes a page shows by their label, by kind (the template filter ``label``).
CODE_LABELS: dict[str, dict[str, str]] = {
    "stage": STAGE_LABELS,
    "procedure": PROCEDURE_LABELS,
    "examination": EXAMINATION_LABELS,
    "regime": REGIME_LABELS,
    "choice": CHOICE_LABELS,
    "organisation": ORGANISATION_LABELS,
    "action": ACTION_LABELS,
    "channel": CHANNEL_LABELS,
    "role": ROLE_LABELS,
}

#: Who must act on a deadline when it is not an organisation with users (organisation ids
#: such as IND and KMar are names and are shown as they are).
ACTOR_LABELS: dict[str, str] = {
    "applicant": N_("the applicant"),
    "court": N_("the court"),
    "other-member-state": N_("the other member state"),
}


#: The fields of a case file (``cases.state.CaseState``) as the access log names them, where
#: ``FIELD_LABELS`` has no label.
CASE_FIELD_LABELS: dict[str, str] = {
    "seq": N_("Events recorded"),
    "stage": N_("Stage"),
    "first_event_at": N_("First event"),
    "last_event_at": N_("Last event"),
    "person": N_("Person"),
    "family": N_("Family group"),
    "screening_form": N_("Screening form"),
    "facts": N_("Routing facts"),
    "routing": N_("Routing explanation"),
    "procedure": N_("Procedure"),
    "examination": N_("Examination"),
    "responsibility_regime": N_("Responsibility regime"),
    "screening": N_("Screening"),
    "screening_started_at": N_("Screening started"),
    "screening_completed_at": N_("Screening completed"),
    "made_at": N_("Application made"),
    "registered_at": N_("Application registered"),
    "lodged_at": N_("Application lodged"),
    "decision": N_("Decision"),
    "annulled_decisions": N_("Decisions annulled on appeal"),
    "appeals": N_("Appeals"),
    "request_to_remain": N_("Request to remain"),
    "dublin": N_("Responsibility procedure"),
    "entry_authorised": N_("Entry authorised"),
    "detained": N_("Detained"),
    "detention_ground": N_("Ground for detention"),
    "absconded": N_("Absconded"),
    "biometrics_taken": N_("Biometrics taken"),
    "legal_counselling_requested": N_("Legal counselling requested"),
    "legal_counselling_provided": N_("Legal counselling provided"),
    "interviewed": N_("Interviewed"),
    "return_border_procedure": N_("Return border procedure"),
    "reception_needs": N_("Special reception needs"),
    "procedural_guarantees_signal": N_("Signs of a need for special procedural guarantees"),
    "closed": N_("Closed"),
    "closed_reason": N_("Reason for closing"),
    "consequences": N_("Consequences"),
    "notes": N_("Notes"),
    "timeline": N_("Timeline"),
    "payload": N_("Contents of events"),
}
