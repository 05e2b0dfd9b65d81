"""The event catalogue: every kind of event a case knows, declared once, beside its handler.

A kind of event is more than its fields. The state machine needs the *handler* that checks it
against the case and applies it; the access policy needs to know *who may record it*; a case
starts only with certain events; the web pages show it under a *label* and may offer a *form*
for it. Each track of the procedure declares all of that in one place, on the handler itself:

    TRACK = Track("application")

    @TRACK.event(ScreeningStarted, N_("Screening started"), recorded_by={"KMar"},
                 opens_case=True, form=None)
    def screening_started(draft: Draft, event: ScreeningStarted) -> None: ...

``Catalogue.of`` puts the tracks together (``events.CATALOGUE`` holds the shipped one), and
everything that used to keep a list of event types of its own reads it: the union the store and
the API parse (``events.AnyEvent``), ``machine.HANDLERS`` and ``machine.FIRST_EVENTS``, the
policy's ``EVENT_TYPES`` (who records what), the web's ``FORM_TYPES`` and ``EVENT_LABELS``.

Who may record an event is said by organisation code (``"KMar"``, ``"COA"``, …: the values of
``access.model.Organisation``); the determining authority, the IND, records every event and is
not named. ``recorded_by={SYSTEM}`` marks an event only the system itself records (a lapse,
by the lapse job): no person records it, not even at the IND. Labels are English message ids
marked with ``N_``; the Dutch text is in the web's translation catalog
(``web/locale/nl/LC_MESSAGES/messages.po``), where the extraction finds them.

>>> from migrationpact.cases.events import CATALOGUE
>>> kind = CATALOGUE["screening_started"]
>>> kind.label, sorted(kind.recorded_by), kind.opens_case, kind.handler.__module__
('Screening started', ['KMar'], True, 'migrationpact.cases.application')
>>> CATALOGUE.first_events
('screening_started', 'application_made', 'take_charge_request_received')
>>> sorted(CATALOGUE.recordable_by("COA"))  # doctest: +NORMALIZE_WHITESPACE
['absconded', 'education_access_given', 'reappeared', 'reception_information_given',
 'special_needs_assessed']
>>> sorted(CATALOGUE.system_only)
['deadline_lapsed']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import Field, TypeAdapter

from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import Event

__all__ = ["N_", "SYSTEM", "Catalogue", "EventKind", "FormPlace", "Handler", "Track", "type_of"]

#: The recorder code of an event only the system records (``recorded_by={SYSTEM}``).
SYSTEM = "system"

#: Applies one event to the draft of the next state, or raises ``draft.refuse(...)``.
Handler = Callable[[Draft, Any], None]
H = TypeVar("H", bound=Handler)

#: Where the case page offers the event's form: among the main steps shown first, among the
#: other events, or not at all (``None``: the event opens a case or the system records it).
FormPlace = Literal["main", "other"]


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for translation without translating it now (pybabel finds ``N_``)."""
    return message


def type_of(model: type[Event]) -> str:
    """The ``type`` name of an event model: the default of its literal ``type`` field."""
    default = model.model_fields["type"].default
    if not isinstance(default, str):
        raise TypeError(f"{model.__name__}: give `type` a literal default")
    return default


@dataclass(frozen=True)
class EventKind:
    """One kind of event and everything the system does with it."""

    model: type[Event]
    handler: Handler
    label: str
    recorded_by: frozenset[str] = frozenset()
    opens_case: bool = False
    form: FormPlace | None = "other"
    track: str = ""

    @property
    def type(self) -> str:
        return type_of(self.model)


@dataclass
class Track:
    """A part of the procedure (screening and application, decision, …) and its events."""

    name: str
    kinds: list[EventKind] = field(default_factory=list)

    def event(
        self,
        model: type[Event],
        label: str,
        *,
        recorded_by: Iterable[str] = (),
        opens_case: bool = False,
        form: FormPlace | None = "other",
    ) -> Callable[[H], H]:
        """Declare ``model`` as an event of this track, applied by the decorated handler.

        ``recorded_by``: the organisations besides the IND that may record it (``{SYSTEM}``:
        nobody but the system);
        ``opens_case``: a case may start with it; ``form``: where the case page offers it.
        """

        def register(handler: H) -> H:
            kind = EventKind(
                model, handler, label, frozenset(recorded_by), opens_case, form, self.name
            )
            self.kinds.append(kind)
            return handler

        return register


@dataclass(frozen=True)
class Catalogue:
    """The kinds of event of a case, in the order of their tracks; read-only."""

    kinds: tuple[EventKind, ...]

    @classmethod
    def of(cls, *tracks: Track) -> Catalogue:
        return cls(tuple(kind for track in tracks for kind in track.kinds))

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for kind in self.kinds:
            if kind.type in seen:
                raise ValueError(f"event type {kind.type!r} is declared twice")
            seen.add(kind.type)

    @cached_property
    def _by_type(self) -> dict[str, EventKind]:
        return {kind.type: kind for kind in self.kinds}

    def __getitem__(self, event_type: str) -> EventKind:
        return self._by_type[event_type]

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._by_type

    def __iter__(self) -> Iterator[EventKind]:
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    @cached_property
    def types(self) -> tuple[str, ...]:
        return tuple(self._by_type)

    @cached_property
    def models(self) -> Mapping[str, type[Event]]:
        return {kind.type: kind.model for kind in self.kinds}

    @cached_property
    def handlers(self) -> Mapping[str, Handler]:
        return {kind.type: kind.handler for kind in self.kinds}

    @cached_property
    def labels(self) -> Mapping[str, str]:
        return {kind.type: kind.label for kind in self.kinds}

    @cached_property
    def first_events(self) -> tuple[str, ...]:
        """The events a case may start with."""
        return tuple(kind.type for kind in self.kinds if kind.opens_case)

    @cached_property
    def form_types(self) -> tuple[str, ...]:
        """The events with a form on an existing case: the main steps first, then the others."""
        main = [kind.type for kind in self.kinds if kind.form == "main"]
        return (*main, *(kind.type for kind in self.kinds if kind.form == "other"))

    @cached_property
    def main_types(self) -> frozenset[str]:
        return frozenset(kind.type for kind in self.kinds if kind.form == "main")

    @cached_property
    def organisations(self) -> frozenset[str]:
        """Every organisation code some event names as a recorder."""
        return frozenset(code for kind in self.kinds for code in kind.recorded_by) - {SYSTEM}

    @cached_property
    def system_only(self) -> frozenset[str]:
        """The events only the system records: no person, of whatever organisation."""
        return frozenset(kind.type for kind in self.kinds if SYSTEM in kind.recorded_by)

    def recordable_by(self, organisation: str) -> frozenset[str]:
        """The event types ``organisation`` may record (the IND, which records all, aside)."""
        return frozenset(kind.type for kind in self.kinds if organisation in kind.recorded_by)

    @cached_property
    def union(self) -> Any:
        """The discriminated union of the models, as pydantic and FastAPI read it."""
        models = tuple(kind.model for kind in self.kinds)
        return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007 - built at run time

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.union)
