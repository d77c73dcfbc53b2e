"""Claim splitting: exact offsets, sentence boundaries, quotes, clauses, kinds, and accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.text.evaluate_splitting import (
    DEFAULT_DATA_DIR,
    evaluate,
    load_labelled,
    load_set,
)
from provenance.text.splitting import split_claims
from provenance.text.types import CLAIM_KINDS, ClaimSpan

# Measured: 1.000 on the written set and the seeds after tuning; 0.968 on four articles written
# afterwards and scored before any change. The floors leave room for a few misses only.
WRITTEN_CLAIM_F1_FLOOR = 0.97
SEED_CLAIM_F1_FLOOR = 0.95
KIND_ACCURACY_FLOOR = 0.97

# Pieces of random text: characters that drive the splitter's rules, and a few abbreviations.
RANDOM_TEXT_PIECES = [*"abcXYZ 019.,;:!?…\n\"“”‘’'()[]–—/", "Mr. ", " U.S. ", ", though ", "said "]

LABELLED = load_set(DEFAULT_DATA_DIR) + load_set(DEFAULT_DATA_DIR / "seeds")


def assert_well_formed(body: str, claims: list[ClaimSpan]) -> None:
    previous_end = 0
    for claim in claims:
        assert body[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip() and claim.text
        assert claim.start >= previous_end, "claims overlap or are out of order"
        assert claim.kind in CLAIM_KINDS
        previous_end = claim.end


def texts(body: str) -> list[str]:
    return [c.text for c in split_claims(body)]


def kinds(body: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in split_claims(body)]


@pytest.mark.parametrize("article", LABELLED, ids=lambda a: a.name)
def test_offsets_are_exact_on_labelled_articles(article):
    assert_well_formed(article.body, split_claims(article.body))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(RANDOM_TEXT_PIECES), max_size=120).map("".join))
def test_offsets_are_exact_on_random_text(body):
    assert_well_formed(body, split_claims(body))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([s.text for a in LABELLED for s in a.claims]), max_size=12))
def test_offsets_are_exact_on_shuffled_claims(sentences):
    body = "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))
    assert_well_formed(body, split_claims(body))


def test_loader_refuses_gold_claims_not_in_the_body(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "title": "t",
                "body": "One two three. Four five six.",
                "claims": [
                    {"text": "Four five six.", "kind": "sentence"},
                    {"text": "One two three.", "kind": "sentence"},
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="not found in order"):
        load_labelled(path)


def test_no_break_at_abbreviations_decimals_and_initials():
    body = (
        "Mr. Okoro of the U.N. met Gen. Ali on Jan. 5 at No. 10 St. James St. in the U.S. "
        "capital, e.g. to discuss a 3.5% levy. Lt. Col. Ana B. Cruz, who leads the mission on "
        "Av. Central, said 2.75 million people were affected. The talks ended at 6 p.m. Friday."
    )
    assert texts(body) == [
        "Mr. Okoro of the U.N. met Gen. Ali on Jan. 5 at No. 10 St. James St. in the U.S. "
        "capital, e.g. to discuss a 3.5% levy.",
        "Lt. Col. Ana B. Cruz, who leads the mission on Av. Central, said 2.75 million people "
        "were affected.",
        "The talks ended at 6 p.m. Friday.",
    ]


def test_multi_sentence_quote_stays_with_its_attribution():
    body = "“We waited... and waited. Nobody came. We are angry,” said Joy Mensah, a trader."
    assert kinds(body) == [("quote", body)]


def test_straight_and_single_quotes_are_quotes_too():
    body = (
        '"Prices will fall. Not now, but soon," the governor said. '
        "‘It’s over,’ the coach said after the match."
    )
    assert [k for k, _ in kinds(body)] == ["quote", "quote"]


def test_short_unattributed_quote_paragraph_stays_whole_and_long_one_splits():
    short = "“We lost the house. We lost the car. We are alive.”"
    assert kinds(short) == [("quote", short)]
    long = "“We lost the house. We lost the car. We lost the shop. We are alive.”"
    assert texts(long) == [
        "“We lost the house.",
        "We lost the car.",
        "We lost the shop.",
        "We are alive.”",
    ]


def test_quote_with_attribution_in_the_middle_gives_two_quotes():
    body = "“They knew,” said union official Grace Banda. “Nobody came to look.”"
    assert kinds(body) == [
        ("quote", "“They knew,” said union official Grace Banda."),
        ("quote", "“Nobody came to look.”"),
    ]


def test_sentence_with_a_short_quoted_phrase_is_a_sentence():
    body = "He said the ministry considered the report “a threat” to its work."
    assert kinds(body) == [("sentence", body)]


@pytest.mark.parametrize(
    ("body", "clauses"),
    [
        (
            "Officials put the toll at 40, though local groups say as many as 300 died.",
            ["Officials put the toll at 40", "though local groups say as many as 300 died."],
        ),
        (
            "The minister said the dam was safe, while engineers said it could fail within days.",
            [
                "The minister said the dam was safe",
                "while engineers said it could fail within days.",
            ],
        ),
        (
            "The company says the plant employs 2,000 people; unions argue the figure is lower.",
            [
                "The company says the plant employs 2,000 people",
                "unions argue the figure is lower.",
            ],
        ),
        (
            "Although the ministry said 12 people died, hospital staff put the toll at 30.",
            ["Although the ministry said 12 people died", "hospital staff put the toll at 30."],
        ),
        (
            "Police reported 63 arrests – but organisers said at least 200 were detained.",
            ["Police reported 63 arrests", "but organisers said at least 200 were detained."],
        ),
        (
            "The landlord said rents rose 4% though tenants say most bills doubled.",
            ["The landlord said rents rose 4%", "though tenants say most bills doubled."],
        ),
    ],
)
def test_compound_sentences_with_two_sources_split_into_clauses(body, clauses):
    assert kinds(body) == [("clause", text) for text in clauses]


@pytest.mark.parametrize(
    "body",
    [
        "The army and police arrived at the village, and he said it was flooded and empty.",
        "The governor said prices rose 4%, but declined to say by how much wages would rise.",
        "The ministry, however, said on Monday that the dam was safe.",
        "Observers said, while visiting the camp, that conditions had improved.",
        "He said the rebels were “weak, but dangerous, though divided” and would not win.",
        "The court ruled in 2019, but the government ignored the ruling.",
        "Exports rose 3% in May but fell 2% in June, the statistics office said.",
        "The coach said the team was tired but he expected a win on Sunday.",
    ],
)
def test_ordinary_coordination_is_not_split(body):
    assert kinds(body) == [("sentence", body)]


def test_headlines_subheads_and_captions():
    body = (
        "Dam bursts after week of heavy rain\n\n"
        "Rescue teams reached the village of Tor on Monday, officials said.\n\n"
        "Villagers trapped\n"
        "Carla Mendez\n"
        "Carla Mendez (Juan Perez/AP)\n"
        "A man carries his son through the water [Ali Khan/AFP via Getty Images]\n"
        "A man carries his son through the water [Ali Khan/AFP via Getty Images]\n"
        "Officials said 14 people were missing.\n"
        "What happens next?\n"
        "Advertisement\n"
    )
    assert kinds(body) == [
        ("headline", "Dam bursts after week of heavy rain"),
        ("sentence", "Rescue teams reached the village of Tor on Monday, officials said."),
        ("headline", "Villagers trapped"),
        ("caption", "Carla Mendez (Juan Perez/AP)"),
        ("caption", "A man carries his son through the water [Ali Khan/AFP via Getty Images]"),
        ("caption", "A man carries his son through the water [Ali Khan/AFP via Getty Images]"),
        ("sentence", "Officials said 14 people were missing."),
        ("headline", "What happens next?"),
    ]


def test_a_line_break_ends_a_claim_unless_a_sentence_was_broken_mid_way():
    body = "The river rose two metres\novernight, the agency said.\nThe road was closed.\nShare"
    assert texts(body) == [
        "The river rose two metres\novernight, the agency said.",
        "The road was closed.",
    ]


def test_short_fragments_and_staff_credits_are_not_claims():
    body = "Read more:\n\nIt rained. Really?\n\n(Reporting by Ana Ruiz; Editing by Tom Lee)"
    assert split_claims(body) == []


def test_empty_body_has_no_claims():
    assert split_claims("") == []
    assert split_claims("\n \n") == []


def test_accuracy_stays_above_the_measured_floor():
    report = evaluate(DEFAULT_DATA_DIR)
    assert report.labelled.articles >= 15
    assert report.labelled.claims.f1 >= WRITTEN_CLAIM_F1_FLOOR
    assert report.labelled.kind_accuracy >= KIND_ACCURACY_FLOOR
    assert report.seeds.claims.f1 >= SEED_CLAIM_F1_FLOOR
