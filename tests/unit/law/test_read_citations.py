"""Citations written by ``LegalBasis.cite`` read back (``read_citations``): every citation of the
rule book, and generated ones, come back equal; text in another form is refused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.legal_basis import INSTRUMENTS, LegalBasis, read_citations
from migrationpact.law.rulebook import default_book

bases = st.builds(
    LegalBasis,
    instrument=st.sampled_from(sorted(INSTRUMENTS)),
    article=st.from_regex(r"[1-9][0-9]{0,2}[a-z]?", fullmatch=True),
    paragraph=st.none() | st.from_regex(r"[1-9][0-9]?[a-z]?", fullmatch=True),
    point=st.none() | st.sampled_from(["a", "b", "e", "f", "i", "ii"]),
    subparagraph=st.none() | st.sampled_from(["1", "2", "3", "4"]),
)


def test_every_citation_of_the_rule_book_reads_back() -> None:
    book = default_book()
    citations = {
        citation
        for rule_id in book.ids()
        for version in book.versions(rule_id)
        for citation in version.rule.legal_basis
    }
    assert any(c.sentence for c in citations)
    for citation in citations:
        assert read_citations(citation.cite()) == [(citation.basis(), citation.sentence)]


@given(st.lists(bases, min_size=1, max_size=4))
def test_generated_citations_read_back(found: list[LegalBasis]) -> None:
    # a point without a paragraph reads back as a point: the text says "(a)" either way
    assert read_citations("; ".join(b.cite() for b in found)) == [(b, None) for b in found]


def test_a_point_alone_and_the_dutch_form() -> None:
    ((basis, _),) = read_citations("APR Art. 41(1)(a)") or []
    assert basis.cite_nl() == "art. 41, eerste lid, onder a, Procedureverordening"
    ((alone, _),) = read_citations("SR Art. 6(b)") or []
    assert (alone.paragraph, alone.point) == (None, "b")


def test_text_in_another_form_is_not_read() -> None:
    assert read_citations("Art. 3") is None
    assert read_citations("APR Art. 27(1); the file") is None
    assert read_citations("XYZ Art. 1") is None
