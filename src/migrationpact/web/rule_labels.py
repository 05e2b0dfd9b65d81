"""The rule book's own words on the pages: what starts a period that is no case event, what
sort of obligation a rule is, how its period is counted, and what the law attaches to a lapsed
deadline. Each is a message id of the catalog (``N_``), said in the page's language."""

from __future__ import annotations

from migrationpact.law.text import N_

#: The events that start a period (``law.rulebook.schema.StartEvent``) that are not event
#: types of a case (those have their ``EVENT_LABELS``).
START_LABELS: dict[str, str] = {
    "apprehension": N_("Apprehension"),
    "disembarkation": N_("Disembarkation"),
    "border_stay_over_72_hours_ended": N_("End of a stay of more than 72 hours at the border"),
    "registration_information_received": N_("Information for registration received"),
    "reported_to_responsible_ms": N_("Reported to the responsible member state"),
    "extended_period_ended": N_("End of the extended period"),
    "court_ruling": N_("Court ruling"),
    "no_right_to_remain": N_("No right to remain"),
    "return_decision_issued": N_("Return decision issued"),
    "take_back_request_received": N_("Take-back request received"),
    "take_back_notification_received": N_("Take-back notification received"),
    "acceptance": N_("Acceptance of the request"),
    "suspension_request_received": N_("Request for suspension received"),
    "suspension_granted": N_("Suspension granted"),
    "detention_started": N_("Detention started"),
    "irregular_border_crossing": N_("Irregular crossing of the external border"),
    "border_procedure_final_decision": N_("Final decision in the border procedure"),
    "protection_granted_notified": N_("Grant of protection notified"),
    "council_decision_adopted": N_("Council implementing decision adopted"),
    "council_decision_applies": N_("Date from which the Council implementing decision applies"),
    # limits-a (issue 14 item 7)
    "residence_document_expired": N_("Residence document expired, annulled, revoked or withdrawn"),
    "visa_expired": N_("Visa expired, annulled, revoked or withdrawn"),
    "diploma_issued": N_("Diploma or qualification issued"),
    "left_member_states_territory": N_("Departure from the territory of the member states"),
    "relocation_information_received": N_("Information for relocation received"),
    "relocation_confirmed": N_("Relocation confirmed by the member state of relocation"),
    "other_ms_possibly_responsible": N_("Known that another member state may be responsible"),
    "negative_reply_received": N_("Negative reply received"),
    "reexamination_request_received": N_("Request for re-examination received"),
    # limits-b
    "fingerprints_retaken": N_("Fingerprints successfully retaken"),
    "health_grounds_ceased": N_("Health grounds for not taking biometric data ceased"),
    "admission_decision_taken": N_("Decision in the admission procedure"),
    "found_illegally_staying": N_("Found staying illegally"),
    "residence_restricted": N_("Residence restricted or reporting duty imposed"),
    "education_outside_system_started": N_("Education outside the ordinary system started"),
    "protection_granted": N_("Protection granted"),
}

#: What sort of obligation a rule is (``law.rulebook.schema.Kind``), for a rule without a period.
KIND_LABELS: dict[str, str] = {
    "time-limit": N_("time limit"),
    "maximum": N_("maximum duration"),
    "extension": N_("extension"),
    "national-choice": N_("national choice"),
    "no-day-count": N_("no day count (without delay)"),
    "lapse": N_("lapse"),
    "composite": N_("several periods"),
    "applicability": N_("applicability"),
}

#: How a rule's period is counted (``law.periods.Regime``).
COUNTING_LABELS: dict[str, str] = {
    "eu": N_("Reg. 1182/71 (periods, dates and time limits)"),
    "pact": N_("the Pact's own counting article"),
    "dublin3": N_("Dublin III (Reg. 1182/71)"),
    "nl": N_("Algemene termijnenwet and Awb"),
}

#: What the law attaches to a lapsed deadline (``cases.lapses.ConsequenceCode``), as the pages
#: say it. A new consequence code needs its label here (a test checks every code has one).
CONSEQUENCE_LABELS: dict[str, str] = {
    "registering-state-responsible": N_(
        "no request sent in time: the Netherlands, where the application was registered, is "
        "responsible"
    ),
    "accepted-by-silence": N_("no reply in time: the request is accepted by silence"),
    "confirmed-by-silence": N_("no confirmation in time: the notification is confirmed by silence"),
    "responsibility-shifted": N_(
        "transfer not carried out in time: responsibility shifts to the Netherlands"
    ),
    "detention-must-end": N_("transfer not carried out within the detention limit: detention ends"),
    "entry-authorised": N_("border procedure at its maximum: entry is authorised"),
    "return-border-procedure-applies": N_(
        "border procedure at its maximum; no right to remain: the return border procedure "
        "applies instead of entry"
    ),
    "screening-ends": N_("screening maximum reached: screening ends; refer the person now"),
    "implicit-withdrawal-may-follow": N_(
        "not lodged in time: implicit withdrawal may be decided if there was no good reason"
    ),
    "decision-final": N_("no appeal in time: the decision is final"),
    "no-request-to-remain": N_("no request for leave to remain in time"),
    "return-border-maximum-reached": N_("return border procedure at its maximum"),
    "inadmissibility-ground-available": N_(
        "no application within seven working days of the return decision: an application made "
        "now may be rejected as inadmissible"
    ),
    "return-border-detention-ends": N_(
        "detention in the return border procedure at its maximum: detention under RBPR Art. 5 ends"
    ),
    "release-review-not-concluded": N_(
        "judicial review of the detention not concluded in time: the applicant is released at once"
    ),
    "interim-measures-required": N_(
        "no residence permit in time: interim measures give access to the beneficiary's rights"
    ),
    "none": N_("the deadline ran out; the law attaches no automatic consequence"),
}
