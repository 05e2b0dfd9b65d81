"""Which IND office handles a case: recorded by the IND, kept in the case state.

The IND handles an application at one of its offices (``cases.ind_offices``: Ter Apel, Budel,
Zevenaar, …); the applicant is interviewed there. COA places someone in the procedure near that
office where it can (a soft goal of placement: ``reception.placement``), so the office is a fact
of the case: ``ind_office_assigned`` names it by its code, and a later one moves the case to
another office (the latest is ``CaseState.ind_office``). Only the IND records it. The office must
be on the list in force on the day it is assigned; an office assigned again, or before an
application was made, is refused.

Which office handles a case is an organisational choice of the IND, not a step the Pact
prescribes: the refusals cite the article of the step they depend on (the application made,
APR Art. 26) only where there is one.
"""

from __future__ import annotations

from typing import Literal

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import Event
from migrationpact.cases.ind_offices import IndOfficeCode, offices_on

TRACK = Track("ind_office")
#: What a refusal cites: the office is the IND's own arrangement, not a rule of the Pact.
BASIS = "IND organisation"


class IndOfficeAssigned(Event):
    """The IND office ``office`` handles the case from now on."""

    type: Literal["ind_office_assigned"] = "ind_office_assigned"
    office: IndOfficeCode


@TRACK.event(IndOfficeAssigned, N_("IND office assigned"))
def ind_office_assigned(draft: Draft, event: IndOfficeAssigned) -> None:
    if draft.state.made_at is None:
        raise draft.refuse("APR Art. 26", "no application has been made in this case")
    if event.office not in {o.code for o in offices_on(event.occurred_at.date())}:
        raise draft.refuse(
            BASIS, "the IND office %(office)s is not open on that day", office=event.office
        )
    if draft.state.ind_office == event.office:
        raise draft.refuse(BASIS, "the case is already handled by that IND office")
    draft.set(ind_office=event.office)
