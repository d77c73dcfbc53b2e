"""Denials in the words real reports use, each matched to what another source asserts: general
cases in sentences written for these tests."""

import pytest

from provenance.text.contradiction import (
    SAME_STATEMENT_THRESHOLD,
    ClaimView,
    detect_contradictions,
    same_statement,
)
from provenance.text.polarity import read_polarity

ASSERTION = "Guards at the Velmar camp attacked detainees every night, former inmates said."


def denial(a: str, b: str):
    found = detect_contradictions(ClaimView(a, "one"), ClaimView(b, "two"))
    return next((d for d in found if d.kind == "denial"), None)


@pytest.mark.parametrize(
    "text",
    [
        "The ministry called the report that guards attacked detainees at Velmar a lie.",
        "Officials branded accounts that guards attacked Velmar detainees fake news.",
        "The governor described claims that guards attacked detainees at Velmar as a rumour.",
        "The warden said reports that guards attacked Velmar detainees were baseless.",
        "The warden said claims that guards attacked Velmar detainees were unfounded.",
        "Guards at Velmar have never attacked detainees, the warden said.",
        "The ministry refuted reports that guards attacked detainees at the Velmar camp.",
        "The ministry dismissed reports that guards attacked Velmar detainees as propaganda.",
        "The ministry denied that guards attacked detainees at the Velmar camp.",
    ],
)
def test_a_denial_in_other_words_meets_what_it_denies(text):
    found = denial(text, ASSERTION)
    assert found is not None, text
    assert read_polarity(text).denial_cue in found.explanation


@pytest.mark.parametrize(
    "text",
    [
        "The ministry called the new road a lifeline for Velmar.",
        "The company is rejecting bids for the Velmar mine.",
        "Guards at Velmar have never been paid on time, the union said.",
    ],
)
def test_words_near_a_denial_that_deny_nothing_here(text):
    assert denial(text, ASSERTION) is None


def test_a_figure_called_wrong_is_denied_where_it_is_asserted():
    found = denial(
        "The survey dismisses the official tally of 212 deaths as a gross undercount.",
        "The official tally of deaths in Ostria stood at 212 on Friday.",
    )
    assert found is not None
    assert 'the figure "212' in found.explanation


def test_a_figure_refuted_is_matched_though_the_claims_name_different_bodies():
    found = denial(
        "Norvik Data is refuting a report by Kestrel that Norvik obtained records on up to "
        "40 million users.",
        "Kestrel announced the 40 million figure as the most users the Harbour system held.",
    )
    assert found is not None


def test_a_progressive_denial_verb_is_no_passive():
    assert read_polarity("The firm is refuting the claims.").denial_cue == "refuting"
    assert read_polarity("The firm was denied a licence.").denial_cue == ""


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "The challenger refused to recognise the official count of the Velmar vote.",
            "refused to recognise the official count",
        ),
        ("The council did not accept the tally of Velmar ballots.", "did not accept the tally"),
        ("Rival parties would not concede the results in Velmar.", "would not concede the results"),
    ],
)
def test_refusing_to_accept_a_count_or_a_result_is_a_denial(text, cue):
    assert read_polarity(text).denial_cue == cue


@pytest.mark.parametrize(
    "text",
    [
        "The mayor refused to accept the award for the Velmar rescue.",
        "The team did not accept the loss lightly, the coach said.",
    ],
)
def test_refusing_what_is_no_count_denies_nothing(text):
    assert read_polarity(text).denial_cue == ""


def test_a_figure_put_right_is_not_a_negation():
    corrected = "The death toll from the floods stands at 212, not 340 as first reported."
    assert not read_polarity(corrected).negative
    assert read_polarity("The death toll from the floods does not stand at 212.").negative
    assert same_statement(corrected, "Officials put the death toll from the floods at 212.") >= (
        SAME_STATEMENT_THRESHOLD
    )


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The governor rejected the result of the Velmar vote.", "rejected the result"),
        (
            "The monitors questioned the official figures from Velmar.",
            "questioned the official figures",
        ),
        ("Aid groups cast doubt on the toll given for Velmar.", "cast doubt on the toll"),
        ("The warden denounced the report as slander.", "denounced the report as slander"),
        (
            "The warden called the footage from Velmar staged.",
            "called the footage from Velmar staged",
        ),
        ("The warden said the accusations were absurd.", "accusations were absurd"),
        ("The union said the figures were simply wrong.", "figures were simply wrong"),
        ("The challenger said the vote in Velmar was rigged.", "vote in Velmar was rigged"),
        ("The challenger called the election a sham.", "called the election a sham"),
    ],
)
def test_more_ways_of_calling_a_statement_or_a_vote_false(text, cue):
    assert read_polarity(text).denial_cue == cue


@pytest.mark.parametrize(
    "text",
    [
        "Police questioned the driver for two hours.",
        "The champion challenged the referee's decision.",
        "Nurses staged a walkout at the Velmar hospital.",
        # the words of others named before "who said" are not the claim's own denial
        "The mayor won a second term, despite protesters who said the vote was rigged.",
    ],
)
def test_doubting_a_person_or_staging_an_event_denies_nothing(text):
    assert read_polarity(text).denial_cue == ""


def test_a_rejected_result_meets_the_claims_of_who_won():
    text = "Ms Roe rejected the result and called on the governor to resign."
    found = denial(text, "Governor Doe won the election by a landslide, the commission said.")
    assert found is not None
    assert "won" in found.explanation
    # the call that follows is no part of what she rejects
    assert denial(text, "Governor Doe will not resign, his office said.") is None
    # a result named in more words is matched on those words, not on any win
    named = "The challenger refused to recognise the vote results in Velmar."
    assert denial(named, "In past elections, Doe won with 54 percent of the votes cast.") is None
