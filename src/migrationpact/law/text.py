"""Texts the domain writes for people, in English, that a page can say in its own language.

The law and the cases explain themselves in sentences: a derivation step ("The event day … is
not counted"), the reason a rule is unverified, a routing decision, the consequence of a lapse.
The domain knows no catalog and no language of a page, so it writes each sentence as a ``Text``:
an English *template* with named values (``%(day)s``), exactly like a gettext message id, and
the values themselves (dates, lengths, other texts, codes). A ``Text`` *is* its English
sentence (a ``str``), so the API, the command line and the JSON stay as they were; the web asks
for ``template`` and ``params`` and says it in the page's language (``web.i18n.say``): it
translates the template with the catalog, and each value the way its kind is shown (a date in
the language's format, a length in its words, a nested text translated in turn).

To add a sentence: write ``Text("English with %(name)s", name=value)`` with the template as a
string literal (the catalog extraction finds ``Text("…")``), and add its Dutch translation to the
catalog. A plain ``str`` is also a message id; ``N_`` marks a literal for extraction where the
text is chosen from several.

>>> from datetime import date
>>> step = Text("The event day %(day)s is not counted", day=date(2026, 7, 29))
>>> step
'The event day Wed 29 Jul 2026 is not counted'
>>> step.template, step.params["day"]
('The event day %(day)s is not counted', datetime.date(2026, 7, 29))
>>> Text("Nothing to fill in").params
{}
>>> Text("%(why)s, so %(what)s", why=Text("It rained"), what="wet").template
'%(why)s, so %(what)s'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for translation without translating it now."""
    return message


#: The English names ``%a`` and ``%b`` give in the C locale, looked up rather than formatted: the
#: C library's ``strftime`` consults the time zone on every call (about 14 µs), and a derivation
#: or a routing explanation shows several dates (``show`` was a tenth of a simulated year).
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def show(moment: date | datetime) -> str:
    """``Sat 31 Oct 2026`` for a date, ``Thu 18 Jun 2026 11:00`` for a date-time (English).

    >>> show(date(2026, 10, 31)), show(datetime(2026, 6, 18, 11, 0))
    ('Sat 31 Oct 2026', 'Thu 18 Jun 2026 11:00')
    """
    text = f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    if isinstance(moment, datetime):
        return f"{text} {moment.hour:02d}:{moment.minute:02d}"
    return text


def english(value: Any) -> str:
    """A value of a text in English: dates as ``show`` writes them, lists joined by commas."""
    if isinstance(value, date):
        return show(value)
    if isinstance(value, tuple | list):
        return ", ".join(english(v) for v in value)
    return str(value)


class Text(str):
    """An English sentence (the ``str``) with its ``template`` and the values in it."""

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        # Only a template with values is formatted: a "%" in a plain sentence is a "%". A text,
        # a number or a word is formatted by "%s" as ``english`` writes it, so only the others
        # are written first (a derivation makes thousands of these).
        if params:
            values = {k: v if type(v) in _AS_THEY_ARE else english(v) for k, v in params.items()}
            sentence = template % values
        else:
            sentence = template
        made = _new_str(cls, sentence)
        made.__dict__ = {"template": template, "params": params}
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by template and values (a parallel rebuild sends results between processes)."""
        return (_rebuild, (self.template, dict(self.params)))


_new_str = str.__new__
#: The types ``english`` writes as ``str`` does, which is what "%s" does with them.
_AS_THEY_ARE = frozenset({str, Text, int, float, bool, type(None)})


def _rebuild(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def sentences(first: Text, *more: Text | None) -> Text:
    """Sentences one after another, as one text (``None`` for a sentence that does not apply).

    >>> sentences(Text("One."), None, Text("Two."))
    'One. Two.'
    """
    joined = first
    for sentence in more:
        if sentence is not None:
            joined = Text("%(one)s %(other)s", one=joined, other=sentence)
    return joined
