"""A person's history across cases: ``/people/{person_id}``, by V-number or pseudonym.

Every case about the person that the signed-in person may see, oldest first, with its stage,
procedure, the days it began, was registered and lodged, its last event and next due day,
from the same use case as the API's (``services.person_history``), which logs each case shown.
The case list and the worklist link a person's name here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from migrationpact.services.container import services
from migrationpact.services.person_history import MAX_PERSON_ID, person_history
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.session import require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/people/{person_id}")
def person_page(
    request: Request, person_id: Annotated[str, Path(max_length=MAX_PERSON_ID)]
) -> Response:
    who = require_visitor(request)
    try:
        with refusals():
            history = person_history(
                store=services(request).store, principal=who.principal, person_id=person_id
            )
    except WebError as exc:
        if exc.status == 404:
            raise WebError(404, "No case of this person was found.") from exc
        raise
    return render(request, "person.html", {"history": history}, language=who.language, who=who)
