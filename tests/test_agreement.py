"""Krippendorff's alpha checked against values computed by hand from the coincidence matrix.

Nominal: alpha = 1 - (n - 1) * sum(o_ck, c != k) / sum(n_c * n_k, c != k).
Interval: alpha = 1 - D_o / D_e with D_o = sum over claims of the squared differences between
ordered pairs of its values (each claim here has two, so weight 1) / n, and
D_e = sum of squared differences over all ordered pairs of values / (n * (n - 1)).
"""

import pytest

from annotations.agreement import ReviewRow, agreement, pair_agreements
from tests.review_support import FLOOD_STORY, claims_of, post_review

TWO_REVIEWERS = [
    # claim 1: both supported; 2: split; 3 and 4: both refuted.
    ReviewRow("ana", 1, "supported", 0.9),
    ReviewRow("ben", 1, "supported", 0.8),
    ReviewRow("ana", 2, "supported", 0.5),
    ReviewRow("ben", 2, "refuted", 0.5),
    ReviewRow("ana", 3, "refuted", 0.2),
    ReviewRow("ben", 3, "refuted", 0.4),
    ReviewRow("ana", 4, "refuted", 0.3),
    ReviewRow("ben", 4, "refuted", 0.3),
]
# Verdicts: o_ss = 2, o_sr = o_rs = 1, o_rr = 4; n_s = 3, n_r = 5, n = 8.
# alpha = 1 - 7 * 2 / (2 * 3 * 5) = 8/15.
VERDICT_ALPHA = 8 / 15
# Confidence: within-claim sum = 2*0.01 + 0 + 2*0.04 + 0 = 0.10, D_o = 0.10 / 8.
# Sum of values 3.9, of squares 2.33: all ordered pairs 2*8*2.33 - 2*3.9**2 = 6.86,
# D_e = 6.86 / 56 = 0.1225; alpha = 1 - 0.0125 / 0.1225 = 44/49.
CONFIDENCE_ALPHA = 44 / 49


def test_two_reviewers_match_the_hand_computed_alpha():
    result = agreement(TWO_REVIEWERS)
    assert result.reviews == 8 and result.paired_claims == 4
    assert result.verdict_alpha == pytest.approx(VERDICT_ALPHA)
    assert result.confidence_alpha == pytest.approx(CONFIDENCE_ALPHA)


THREE_REVIEWERS = [
    ReviewRow("ana", 1, "supported", 0.9),
    ReviewRow("ben", 1, "supported", 0.8),
    ReviewRow("cy", 1, "refuted", 0.1),
    ReviewRow("ana", 2, "refuted", 0.5),
    ReviewRow("ben", 2, "refuted", 0.3),
    ReviewRow("ana", 3, "supported", 0.6),
    ReviewRow("cy", 3, "supported", 0.6),
]


def test_project_alpha_with_three_reviewers():
    # Claim 1 has three values, each ordered pair weighted 1/(3-1): o_ss = 1 + 2 (claim 3),
    # o_sr = o_rs = 1, o_rr = 2 (claim 2); n_s = 4, n_r = 3, n = 7.
    # alpha = 1 - 6 * 2 / (2 * 4 * 3) = 0.5.
    assert agreement(THREE_REVIEWERS).verdict_alpha == pytest.approx(0.5)


def test_pair_alphas_use_only_the_claims_both_reviewed():
    pairs = {pair.reviewers: pair for pair in pair_agreements(THREE_REVIEWERS)}
    assert set(pairs) == {("ana", "ben"), ("ana", "cy"), ("ben", "cy")}
    # ana & ben agree on both shared claims, with both verdicts present: alpha = 1.
    assert pairs["ana", "ben"].verdict_alpha == pytest.approx(1.0)
    # Confidence (0.9, 0.8), (0.5, 0.3): D_o = 0.10 / 4; all pairs 2*4*1.79 - 2*2.5**2 = 1.82,
    # D_e = 1.82 / 12; alpha = 1 - 0.3 / 1.82 = 76/91.
    assert pairs["ana", "ben"].confidence_alpha == pytest.approx(76 / 91)
    # ana & cy: (s, r), (s, s): n_s = 3, n_r = 1, n = 4; alpha = 1 - 3 * 2 / (2 * 3 * 1) = 0.
    assert pairs["ana", "cy"].verdict_alpha == pytest.approx(0.0)
    assert pairs["ana", "cy"].paired_claims == 2 and pairs["ben", "cy"].paired_claims == 1


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [ReviewRow("ana", 1, "supported", 0.9), ReviewRow("ana", 2, "refuted", 0.1)],
        [ReviewRow("ana", 1, "supported", 0.9), ReviewRow("ben", 1, "supported", 0.9)],
    ],
    ids=["no reviews", "no claim reviewed twice", "no variation at all"],
)
def test_alpha_is_none_where_it_is_undefined(rows):
    result = agreement(rows)
    assert result.verdict_alpha is None and result.confidence_alpha is None


@pytest.mark.django_db
def test_agreement_api_and_dashboard_give_the_hand_computed_figures(
    ingest, users, project, api_client_for, client
):
    claims = claims_of(ingest(FLOOD_STORY))[:4]
    clients = {name: api_client_for(users[name]) for name in ("reviewer", "reviewer2")}
    names = {"ana": "reviewer", "ben": "reviewer2"}
    for row in TWO_REVIEWERS:
        claim = claims[row.claim - 1]
        response = post_review(clients[names[row.reviewer]], claim, row.verdict, row.confidence)
        assert response.status_code == 201, response.json()
    body = (
        api_client_for(users["annotator"]).get(f"/api/v1/agreement/?project={project.name}").json()
    )
    assert body["reviews"] == 8 and body["paired_claims"] == 4
    assert body["verdict_alpha"] == pytest.approx(VERDICT_ALPHA)
    assert body["confidence_alpha"] == pytest.approx(CONFIDENCE_ALPHA)
    assert [pair["reviewers"] for pair in body["pairs"]] == [["reviewer", "reviewer2"]]
    assert body["pairs"][0]["verdict_alpha"] == pytest.approx(VERDICT_ALPHA)
    client.force_login(users["annotator"])
    page = client.get(f"/projects/{project.pk}/reviews/").content.decode()
    assert f"{VERDICT_ALPHA:.3f}" in page and f"{CONFIDENCE_ALPHA:.3f}" in page
