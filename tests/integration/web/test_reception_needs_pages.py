"""COA records an assessment of special reception needs on the web; the IND sees only the
signal for procedural guarantees (RCD Art. 25, APR Art. 20), never the needs behind it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.integration.web.test_forms import _form
from tests.integration.web.world import moment

DETAIL = "Vertelt over opsluiting en slaapt slecht"


def _assess(coa: TestClient) -> str:
    form = {
        **_form(coa, "C-OVERDUE", "special_needs_assessed"),
        "occurred_at": moment(0.01),
        "signs:stated-torture": "on",
        "signs:trauma-signs": "on",
        "needs:mental-health-care": "on",
        "support:referred-to-psychologist": "on",
        "referral": "psychologist",
        "referral_consent": "on",
        "procedural_guarantees": "on",
        "detail": DETAIL,
    }
    response = coa.post("/cases/C-OVERDUE/record/special_needs_assessed", data=form)
    assert response.status_code == 200, response.text
    page: str = response.text
    return page


def test_coa_records_the_assessment_and_reads_it_back_in_dutch(
    signed_in: Callable[[str], TestClient],
) -> None:
    coa = signed_in("coa")
    form_page = coa.get("/cases/C-OVERDUE/record/special_needs_assessed").text
    assert "zegt gemarteld te zijn" in form_page  # each code offered by its Dutch label
    assert "stated-torture</label>" not in form_page
    page = _assess(coa)
    needs = page.split('id="reception-needs"')[1].split("</section>")[0]
    assert "overlevende van marteling" in needs  # RCD Art. 24(k)
    assert "persoon met een psychische stoornis" in needs  # RCD Art. 24(j), from trauma signs
    assert "geestelijke gezondheidszorg" in needs
    assert "een psycholoog" in needs
    for code in ("torture-survivor", "mental-health-care", "psychologist"):
        assert code not in needs


def test_the_ind_sees_the_signal_but_not_the_needs(
    signed_in: Callable[[str], TestClient],
) -> None:
    _assess(signed_in("coa"))
    ind = signed_in("ind-en")
    page = ind.get("/cases/C-OVERDUE").text
    assert 'id="reception-needs"' not in page
    signal = page.split("Signs of a need for special procedural guarantees")[1].split("</div>")[0]
    assert "Yes" in signal
    for secret in (DETAIL, "torture", "psychologist", "mental health"):
        assert secret not in page
    seq = page.split("/cases/C-OVERDUE/events/")[-1].split('"')[0]
    detail_page = ind.get(f"/cases/C-OVERDUE/events/{seq}").text
    for secret in (DETAIL, "stated-torture", "psychologist"):
        assert secret not in detail_page


def test_a_monitor_reads_the_assessment(signed_in: Callable[[str], TestClient]) -> None:
    _assess(signed_in("coa"))
    page = signed_in("inspectie").get("/cases/C-OVERDUE").text
    assert "survivor of torture" in page.split('id="reception-needs"')[1]


def test_the_health_partner_reads_only_the_people_referred_to_it(
    signed_in: Callable[[str], TestClient],
) -> None:
    gza = signed_in("gza")
    assert gza.get("/cases/C-OVERDUE").status_code == 403  # not referred yet
    assert "C-OVERDUE" not in gza.get("/cases").text
    _assess(signed_in("coa"))  # referred to a psychologist, with consent
    listed = gza.get("/cases").text
    assert "C-OVERDUE" in listed
    assert "C-WEEK" not in listed  # nobody referred that person
    page = gza.get("/cases/C-OVERDUE").text
    assert "survivor of torture" in page.split('id="reception-needs"')[1]
    for hidden in ("deadlines", "timeline", "account"):  # the procedure is not theirs to see
        section = page.split(f'id="{hidden}"')[1].split("</section>")[0]
        assert "Not available to your organisation" in section
    assert gza.get("/cases/C-WEEK").status_code == 403
    assert gza.get("/worklist").status_code == 403
