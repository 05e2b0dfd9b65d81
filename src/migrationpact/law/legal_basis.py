"""Legal citations: which instrument, article and paragraph a computed step rests on.

Every computed date and every routing decision carries one or more ``LegalBasis`` values so
that a caseworker, a court or the monitoring mechanism can check the reasoning article by
article. Instruments are identified by a short code (``APR``, ``AMMR``, ``R1182`` …); their
titles, CELEX numbers and ELI links live in one registry, ``INSTRUMENTS``.

>>> LegalBasis("R1182", "3", "4").cite()
'Reg. 1182/71 Art. 3(4)'
>>> LegalBasis("APR", "35", "1", subparagraph="2").cite()
'APR Art. 35(1), 2nd subpara.'
>>> LegalBasis("ATW", "1").celex is None
True

In Dutch a citation names the article first and the instrument last, with the paragraph as an
ordinal ("lid") and a point as "onder": ``cite_nl``.

>>> LegalBasis("APR", "35", "5").cite_nl()
'art. 35, vijfde lid, Procedureverordening'
>>> LegalBasis("AMMR", "39", "1", subparagraph="1").cite_nl()
'art. 39, eerste lid, eerste alinea, Verordening asiel- en migratiebeheer'
>>> LegalBasis("APR", "42", "1", "f").cite_nl()
'art. 42, eerste lid, onder f, Procedureverordening'
>>> LegalBasis("SR", "6").cite_nl()
'art. 6 Screeningsverordening'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Instrument:
    """A legal instrument that the system cites."""

    code: str
    title: str
    short: str
    celex: str | None = None
    eli: str | None = None
    short_nl: str = ""  # the name a Dutch citation uses (``short`` when empty)


INSTRUMENTS: dict[str, Instrument] = {
    i.code: i
    for i in (
        Instrument(
            "R1182",
            "Regulation (EEC, Euratom) No 1182/71 determining the rules applicable to periods, "
            "dates and time limits",
            "Reg. 1182/71",
            "31971R1182",
            "http://data.europa.eu/eli/reg/1971/1182/oj",
            "Verordening 1182/71",
        ),
        Instrument(
            "SR",
            "Regulation (EU) 2024/1356 (Screening Regulation)",
            "SR",
            "32024R1356",
            "http://data.europa.eu/eli/reg/2024/1356/oj",
            "Screeningsverordening",
        ),
        Instrument(
            "APR",
            "Regulation (EU) 2024/1348 (Asylum Procedure Regulation)",
            "APR",
            "32024R1348",
            "http://data.europa.eu/eli/reg/2024/1348/oj",
            "Procedureverordening",
        ),
        Instrument(
            "RBPR",
            "Regulation (EU) 2024/1349 (Return Border Procedure Regulation)",
            "RBPR",
            "32024R1349",
            "http://data.europa.eu/eli/reg/2024/1349/oj",
            "Terugkeergrensprocedureverordening",
        ),
        Instrument(
            "AMMR",
            "Regulation (EU) 2024/1351 (Asylum and Migration Management Regulation)",
            "AMMR",
            "32024R1351",
            "http://data.europa.eu/eli/reg/2024/1351/oj",
            "Verordening asiel- en migratiebeheer",
        ),
        Instrument(
            "RCD",
            "Directive (EU) 2024/1346 (Reception Conditions Directive)",
            "RCD",
            "32024L1346",
            "http://data.europa.eu/eli/dir/2024/1346/oj",
            "Opvangrichtlijn",
        ),
        Instrument(
            "QR",
            "Regulation (EU) 2024/1347 (Qualification Regulation)",
            "QR",
            "32024R1347",
            "http://data.europa.eu/eli/reg/2024/1347/oj",
            "Kwalificatieverordening",
        ),
        Instrument(
            "EDR",
            "Regulation (EU) 2024/1358 (Eurodac Regulation)",
            "EDR",
            "32024R1358",
            "http://data.europa.eu/eli/reg/2024/1358/oj",
            "Eurodac-verordening",
        ),
        Instrument(
            "CFMR",
            "Regulation (EU) 2024/1359 (Crisis and Force Majeure Regulation)",
            "CFMR",
            "32024R1359",
            "http://data.europa.eu/eli/reg/2024/1359/oj",
            "Verordening crisis- en overmachtsituaties",
        ),
        Instrument(
            "DUBLIN3",
            "Regulation (EU) No 604/2013 (Dublin III)",
            "Reg. 604/2013",
            "32013R0604",
            "http://data.europa.eu/eli/reg/2013/604/oj",
            "Dublinverordening III",
        ),
        Instrument(
            "R1560",
            "Commission Regulation (EC) No 1560/2003 (Dublin implementing rules)",
            "Reg. 1560/2003",
            "32003R1560",
            "http://data.europa.eu/eli/reg/2003/1560/oj",
            "Uitvoeringsverordening Dublin",
        ),
        Instrument(
            "APD2013",
            "Directive 2013/32/EU (Asylum Procedures Directive, recast)",
            "Dir. 2013/32",
            "32013L0032",
            "http://data.europa.eu/eli/dir/2013/32/oj",
            "Procedurerichtlijn",
        ),
        Instrument(
            "RD2008",
            "Directive 2008/115/EC (Return Directive)",
            "Dir. 2008/115",
            "32008L0115",
            "http://data.europa.eu/eli/dir/2008/115/oj",
            "Terugkeerrichtlijn",
        ),
        Instrument(
            "ID2150",
            "Commission Implementing Decision (EU) 2024/2150 (adequate capacity)",
            "Impl. Dec. 2024/2150",
            "32024D2150",
            "http://data.europa.eu/eli/dec_impl/2024/2150/oj",
            "Uitvoeringsbesluit 2024/2150",
        ),
        Instrument("ATW", "Algemene termijnenwet", "Atw"),
        Instrument("VW2000", "Vreemdelingenwet 2000", "Vw 2000"),
        Instrument("AWB", "Algemene wet bestuursrecht", "Awb"),
    )
}

_ORDINALS = {"1": "1st", "2": "2nd", "3": "3rd"}
#: Dutch ordinals for paragraphs ("eerste lid"), subparagraphs and sentences.
DUTCH_ORDINALS = dict(
    enumerate(
        [
            "eerste",
            "tweede",
            "derde",
            "vierde",
            "vijfde",
            "zesde",
            "zevende",
            "achtste",
            "negende",
            "tiende",
            "elfde",
            "twaalfde",
            "dertiende",
            "veertiende",
            "vijftiende",
            "zestiende",
            "zeventiende",
            "achttiende",
            "negentiende",
            "twintigste",
        ],
        start=1,
    )
)


def dutch_ordinal(number: str) -> str:
    """``eerste`` for "1"; a number that is not a plain 1–20 as it is, with ``e`` ("21e")."""
    return DUTCH_ORDINALS.get(int(number), f"{number}e") if number.isdigit() else number


@dataclass(frozen=True)
class LegalBasis:
    """A pinpoint citation: instrument code, article and, where known, paragraph and point."""

    instrument: str
    article: str
    paragraph: str | None = None
    point: str | None = None
    subparagraph: str | None = None

    def __post_init__(self) -> None:
        if self.instrument not in INSTRUMENTS:
            raise ValueError(f"unknown instrument code {self.instrument!r}")

    @property
    def celex(self) -> str | None:
        return INSTRUMENTS[self.instrument].celex

    @property
    def eli(self) -> str | None:
        return INSTRUMENTS[self.instrument].eli

    def cite(self) -> str:
        """Human-readable citation, e.g. ``Reg. 1182/71 Art. 3(4)``."""
        text = f"{INSTRUMENTS[self.instrument].short} Art. {self.article}"
        if self.paragraph:
            text += f"({self.paragraph})"
        if self.point:
            text += f"({self.point})"
        if self.subparagraph:
            ordinal = _ORDINALS.get(self.subparagraph, f"{self.subparagraph}th")
            text += f", {ordinal} subpara."
        return text

    def cite_nl(self, sentence: str | None = None) -> str:
        """The citation in Dutch form: ``art. 35, vijfde lid, Procedureverordening``."""
        parts = [f"art. {self.article}"]
        if self.paragraph:
            parts.append(f"{dutch_ordinal(self.paragraph)} lid")
        if self.point:
            parts.append(f"onder {self.point}")
        if self.subparagraph:
            parts.append(f"{dutch_ordinal(self.subparagraph)} alinea")
        if sentence:
            parts.append(f"{dutch_ordinal(sentence)} zin")
        instrument = INSTRUMENTS[self.instrument]
        name = instrument.short_nl or instrument.short
        if len(parts) == 1:  # "art. 6 Screeningsverordening": no commas without a paragraph
            return f"{parts[0]} {name}"
        return ", ".join([*parts, name])

    def to_dict(self) -> dict[str, Any]:
        instrument = INSTRUMENTS[self.instrument]
        return {
            "instrument": instrument.short,
            "instrument_code": self.instrument,
            "celex": instrument.celex,
            "eli": instrument.eli,
            "article": self.article,
            "paragraph": self.paragraph,
            "point": self.point,
            "subparagraph": self.subparagraph,
            "citation": self.cite(),
        }


_CITED = re.compile(
    r"^(?P<short>.+?) Art\. (?P<article>[^(,]+)(?:\((?P<first>[^)]+)\))?(?:\((?P<second>[^)]+)\))?"
    r"(?:, (?P<sub>\d+)(?:st|nd|rd|th) subpara\.)?(?:, (?P<sentence>\d+)(?:st|nd|rd|th) sentence)?$"
)


def read_citations(text: str) -> list[tuple[LegalBasis, str | None]] | None:
    """The citations ``cite`` wrote (with the rule book's ", 2nd sentence" where a rule names
    one), joined by "; ", read back as (basis, sentence); None when one is in another form.
    (The worklist keeps its rows' citations as that text; a Dutch page says them in the Dutch
    form.) One bracket after the article is a paragraph when it starts with a digit, else a point.

    >>> [b.cite_nl(s) for b, s in read_citations("APR Art. 38(1)(e); SR Art. 8(3), 1st sentence")]
    ['art. 38, eerste lid, onder e, Procedureverordening', \
'art. 8, derde lid, eerste zin, Screeningsverordening']
    >>> read_citations("see the file") is None
    True
    """
    codes = {instrument.short: code for code, instrument in INSTRUMENTS.items()}
    out = []
    for piece in (p.strip() for p in text.split("; ")):
        found = _CITED.match(piece)
        if not found or found["short"] not in codes:
            return None
        first, second = found["first"], found["second"]
        numbered = second or (first or "")[:1].isdigit()
        paragraph, point = (first, second) if numbered else (None, first)
        basis = LegalBasis(codes[found["short"]], found["article"], paragraph, point, found["sub"])
        sentence = found["sentence"]
        if not piece.startswith(basis.cite()):
            return None
        out.append((basis, sentence))
    return out
