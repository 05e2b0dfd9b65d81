"""The monitoring register in words: labels of its codes and its events, for the register's pages.

The register's words (sources, channels, phases, kinds, authorities, close reasons, bodies) are
closed lists in ``monitoring.vocabulary``; here each code has an English message id that the
catalogs translate, so a Dutch page shows no code. The Charter rights carry their own titles in
both languages (``vocabulary.RIGHTS``). ``event_rows`` turns a file's events, as
``services.monitoring.show_file`` gives them, into what the file page lists: a heading and the
facts of each event, in the page's language. The content of a signal is shown to the keeping
body only: a body that reads a shared file sees that there is content, not what it says.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from migrationpact.monitoring.intake import default_intake
from migrationpact.monitoring.vocabulary import RIGHTS
from migrationpact.web.i18n import format_day, format_moment, translations
from migrationpact.web.labels import N_
from migrationpact.web.monitoring_uploads import attachment_words

SOURCES = {
    "individual": N_("the person concerned"),
    "lawyer": N_("a lawyer"),
    "ngo": N_("a non-governmental organisation"),
    "staff": N_("staff of an executing organisation"),
    "own-observation": N_("the body's own observation"),
}
CHANNELS = {
    "letter": N_("letter"),
    "email": N_("e-mail"),
    "phone": N_("telephone"),
    "web-form": N_("web form"),
    "in-person": N_("in person"),
    "visit": N_("during a visit"),
}
PHASES = {
    "screening": N_("screening"),
    "border-procedure": N_("border procedure"),
    "detention": N_("detention"),
    "reception": N_("reception"),
}
KINDS = {
    "allegation": N_("allegation"),
    "complaint": N_("complaint"),
    "observation": N_("observation"),
}
AUTHORITIES = {
    "IND": N_("IND"),
    "KMar": N_("Royal Netherlands Marechaussee"),
    "COA": N_("COA"),
    "public-prosecutor": N_("public prosecutor"),
}
CLOSE_REASONS = {
    "handled": N_("handled"),
    "unfounded": N_("unfounded"),
    "withdrawn": N_("withdrawn"),
    "referred-out": N_("referred out"),
    "no-task": N_("not a task of the mechanism"),
}
BODIES = {
    "InspectieJenV": N_("Inspectie Justitie en Veiligheid"),
    "CRM": N_("College voor de Rechten van de Mens"),
    "Nationale-ombudsman": N_("Nationale ombudsman"),
    "Kinderombudsman": N_("Kinderombudsman"),
}
STATUSES = {
    "received": N_("awaiting triage"),
    "triaged": N_("triaged"),
    "referred-out": N_("referred out"),
    "closed": N_("closed"),
}
EVENTS = {
    "signal_received": N_("Signal received"),
    "routed": N_("Routed by the intake"),
    "triaged": N_("Triaged"),
    "referred": N_("Referred to an authority"),
    "outcome_recorded": N_("Outcome recorded"),
    "closed": N_("Closed"),
    "shared": N_("Shared with the other body"),
}
FACTS = {
    "received_at": N_("Received"),
    "source": N_("From"),
    "channel": N_("Channel"),
    "content": N_("Content"),
    "case_reference": N_("Case reference (pseudonymous)"),
    "attachments": N_("Attachments"),
    "phase": N_("Phase"),
    "rights": N_("Charter rights"),
    "kind": N_("Kind"),
    "concerns_child": N_("Concerns a child"),
    "about_conduct": N_("About an authority's conduct"),
    "observed_by": N_("Observed by"),
    "to": N_("Kept by"),
    "referred_out": N_("Referred out to"),
    "rule": N_("Intake rule"),
    "why": N_("Why"),
    "authority": N_("Authority"),
    "follow_up_due": N_("Answer due"),
    "note": N_("Note"),
    "outcome": N_("Outcome"),
    "decided_on": N_("Decided on"),
    "reason": N_("Reason"),
    "with_body": N_("Shared with"),
}
_CODES: Mapping[str, Mapping[str, str]] = {
    "source": SOURCES,
    "channel": CHANNELS,
    "phase": PHASES,
    "kind": KINDS,
    "authority": AUTHORITIES,
    "reason": CLOSE_REASONS,
    "to": BODIES,
    "referred_out": BODIES,
    "observed_by": BODIES,
    "with_body": BODIES,
    "status": STATUSES,
}
#: The reasons of the register's refusals (``monitoring.decide``), as message ids: a refused step
#: is said in the page's language, with the rule it breaks.
REFUSALS = (
    N_("the file has its signal already"),
    N_("the file has no signal yet"),
    N_("the file is closed"),
    N_("it is dated before the signal came in (%(at)s)"),
    N_("the file is not routed yet"),
    N_("the file is routed already"),
    N_("%(body)s observed it; it cannot go to %(to)s"),
    N_("the complaint was referred out to %(to)s"),
    N_("the file has this triage already"),
    N_("the file is not triaged yet"),
    N_("a referral to %(authority)s waits for its answer"),
    N_("the follow-up is due before the referral"),
    N_("no referral to %(authority)s waits for an answer"),
    N_("the answer is dated before the referral"),
    N_("referrals wait for their answer: %(authorities)s"),
    N_("a file referred out closes as referred-out, and only such a file"),
    N_("%(body)s keeps the file"),
    N_("the file is shared with %(body)s already"),
)
_PARAM_KINDS = {"authority": "authority", "body": "to", "to": "to"}
#: Facts not shown: the moment of the event is its heading's; ``edition`` and ``verified``
#: are said with the rule.
_LEFT_OUT = {"type", "occurred_at", "edition", "verified"}


def right_title(code: str, language: str) -> str:
    """``Art. 4: <title>`` in ``language``."""
    title = RIGHTS[code]["nl" if language == "nl" else "en"]
    return f"{translations(language).gettext('Art.')} {code}: {title}"


def code_word(kind: str, code: str, language: str) -> str:
    """The label of a register code in ``language`` (the code itself if it has none)."""
    label = _CODES.get(kind, {}).get(code)
    return translations(language).gettext(label) if label else code


def intake_why(rule: str, edition: str, stored: str, language: str) -> str:
    """Why the intake routed a file so, in ``language``: the rule's own words of its edition
    (the event keeps the English)."""
    for rules in default_intake().files:
        if str(rules.edition) == edition:
            for found in rules.rules:
                if found.id == rule:
                    return found.why.nl if language == "nl" else found.why.en
    return stored


def _value(name: str, value: Any, data: Mapping[str, Any], language: str) -> str:
    t = translations(language)
    if isinstance(value, bool):
        return t.gettext("yes") if value else t.gettext("no")
    if name == "rights":
        return "; ".join(right_title(str(code), language) for code in value)
    if name == "attachments":
        return "; ".join(attachment_words(a, language) for a in value)
    if name == "received_at":
        return format_moment(_moment(value), language)
    if name in ("decided_on", "follow_up_due"):
        return format_day(date.fromisoformat(value), language)
    if name == "why":
        return intake_why(data["rule"], str(data["edition"]), str(value), language)
    if name == "rule":
        unverified = "" if data.get("verified") else f" ({t.gettext('unverified')})"
        return f"{value}, {data['edition']}{unverified}"
    return code_word(name, str(value), language)


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def event_rows(
    events: list[Mapping[str, Any]], *, keeper: bool, language: str
) -> list[dict[str, Any]]:
    """Each event as a heading, its moment and its facts ``(label, value)``, in order."""
    t = translations(language)
    rows = []
    for event in events:
        data = event["data"]
        facts = []
        for name, value in data.items():
            if name in _LEFT_OUT or value is None or value is False or value in ((), []):
                continue
            if name == "content" and not keeper:
                shown = t.gettext("(kept by the other body; shown to it only)")
            else:
                shown = _value(name, value, data, language)
            facts.append((t.gettext(FACTS.get(name, name)), shown))
        rows.append(
            {
                "seq": event["seq"],
                "heading": t.gettext(EVENTS.get(event["type"], event["type"])),
                "at": _moment(data["occurred_at"]),
                "actor": event["actor"],
                "facts": facts,
            }
        )
    return rows


def refusal_words(rule: str, template: str, params: Mapping[str, str], language: str) -> str:
    """A refusal of the register (``MonitoringRefused``) in ``language``, with its rule."""
    t = translations(language)
    said = {
        name: code_word(_PARAM_KINDS.get(name, name), value, language)
        for name, value in params.items()
    }
    if "authorities" in params:
        said["authorities"] = ", ".join(
            code_word("authority", a, language) for a in params["authorities"].split(", ")
        )
    reason = t.gettext(template) % said if said else t.gettext(template)
    return f"{reason} ({rule})"
