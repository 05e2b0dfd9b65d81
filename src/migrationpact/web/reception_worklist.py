"""The reception worklist page: who waits for COA, for reception information, a needs
assessment or a place, soonest first.

``/reception/worklist`` shows the items of ``services.reception_worklist`` (the use case of
``GET /v1/reception/worklist``): each case (a link to its page), its person for who may see
names, what it waits for, the day (the deadline's due day, or the day the application was made
for a place), the days left and the rule with its legal basis. A no-JS GET form narrows it to one
need or to overdue deadlines; the first 500 items are shown, with the number of all. The use
case asks the policy (``reception.worklist``: COA's planners and supervisors) and writes the
access log of every person shown.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.services.container import services
from migrationpact.services.reception_worklist import NEEDS, reception_worklist
from migrationpact.services.recording import dutch_now
from migrationpact.services.security import asking
from migrationpact.web.errors import refusals
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render
from migrationpact.web.titles import rule_title

router = APIRouter(include_in_schema=False)
#: The items a page shows (and logs); the page says how many more there are.
LIMIT = 500
NEED_LABELS = {
    "information": N_("Reception information (RCD Art. 5)"),
    "assessment": N_("Assessment of special reception needs (RCD Art. 25)"),
    "place": N_("A place"),
    "move": N_("A move to a location of the right type"),
}


def _title(rule_id: str | None, title: str | None, language: str) -> str | None:
    """The deadline's rule title in ``language`` (a place has none)."""
    return rule_title(rule_id, title, language) if rule_id and title else None


@router.get("/reception/worklist")
def reception_worklist_page(
    request: Request,
    need: Annotated[str, Query(max_length=16)] = "",
    overdue: bool = False,
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_WORKLIST)
    t = translations(who.language)
    store = services(request).store
    today = dutch_now(store).date()
    errors = {}
    if need and need not in NEEDS:
        errors["need"] = t.gettext("Choose one of the listed needs.")
    items = []
    total = 0
    if not errors:
        with refusals():
            found = reception_worklist(
                store=store, principal=who.principal, as_of=today, need=need or None,
                overdue=overdue, limit=LIMIT, asking=asking(request),
            )  # fmt: skip
        total = found.total
        items = [
            {**vars(i), "overdue": i.overdue, "need_label": NEED_LABELS[i.need],
             "title": _title(i.rule_id, i.title, who.language)}
            for i in found.items
        ]  # fmt: skip
    return render(
        request,
        "reception_worklist.html",
        {
            "items": items,
            "total": total,
            "as_of": today,
            "values": {"need": need, "overdue": overdue},
            "errors": errors,
            "needs": [(n, NEED_LABELS[n]) for n in NEEDS],
            "names": any(i["person_name"] or i["pseudonym"] for i in items),
            "has_unverified": any(not i["verified"] for i in items),
        },
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )
