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


def kinds(body: str, **options) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in split_claims(body, **options)]


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
            ["Officials put the toll at 40", "local groups say as many as 300 died."],
        ),
        (
            "The minister said the dam was safe, while engineers said it could fail within days.",
            [
                "The minister said the dam was safe",
                "engineers said it could fail within days.",
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
            ["the ministry said 12 people died", "hospital staff put the toll at 30."],
        ),
        (
            "Police reported 63 arrests – but organisers said at least 200 were detained.",
            ["Police reported 63 arrests", "organisers said at least 200 were detained."],
        ),
        (
            "The landlord said rents rose 4% though tenants say most bills doubled.",
            ["The landlord said rents rose 4%", "tenants say most bills doubled."],
        ),
        (
            "Insurers estimated the losses at $2 billion, and a state audit found they were "
            "twice that.",
            [
                "Insurers estimated the losses at $2 billion",
                "a state audit found they were twice that.",
            ],
        ),
    ],
)
def test_compound_sentences_with_two_sources_split_into_clauses(body, clauses):
    """The comma and the connective between the parts belong to neither (GUIDE.md)."""
    assert kinds(body) == [("clause", text) for text in clauses]


@pytest.mark.parametrize(
    ("body", "clauses"),
    [
        # The reporter's narration, then a source's words, and the other way round.
        (
            "Ferries resumed on Friday, but pilots warned that the channel was still silted.",
            [
                "Ferries resumed on Friday",
                "pilots warned that the channel was still silted.",
            ],
        ),
        (
            "Curators say 40 paintings were saved, but hopes of finding the rest are fading.",
            ["Curators say 40 paintings were saved", "hopes of finding the rest are fading."],
        ),
        (
            "But while the mayor has not answered the charge, she said the audit would be public.",
            ["the mayor has not answered the charge", "she said the audit would be public."],
        ),
        (
            "Coffee exports slumped in March, with traders predicting a weaker harvest next year.",
            ["Coffee exports slumped in March", "traders predicting a weaker harvest next year."],
        ),
        (
            "The navy said it had not fired on the trawler, which fishermen said had sunk at dawn.",
            [
                "The navy said it had not fired on the trawler",
                "which fishermen said had sunk at dawn.",
            ],
        ),
    ],
)
def test_parts_with_different_sources_are_clauses(body, clauses):
    assert kinds(body) == [("clause", text) for text in clauses]


@pytest.mark.parametrize(
    "body",
    [
        # The reporter on both sides: figures side by side are one source.
        "Wheat prices rose 3% on Monday, while maize futures fell 1.5% in Chicago.",
        # The speaker goes on as a pronoun.
        "Rangers said two hikers were missing, though they had found no sign of injuries.",
        "Medics have said there are enough beds at the clinic, but they warned of a staff gap.",
        # A "while" that continues the speaker's account.
        "Refunds will go out by cheque, the airline has said, while 300 claims remain open.",
        # The contrast is inside what was said.
        "The coroner said that, although the cause was unclear, foul play was ruled out.",
        # A noun and a passive are no source of their own.
        "The audit report has not been released, but its findings have been disputed by staff.",
        # An act is not a statement.
        "Several members wanted a vote on the motion, but the chair rejected the request.",
        # ", and" inside one account, or a speaker going on.
        "The mayor said the roads were shut, and the bridge at Kell was closed.",
        "Guards said the gates were locked, and they reported no break-in.",
    ],
)
def test_parts_with_one_source_stay_one_sentence(body):
    assert kinds(body) == [("sentence", body)]


@pytest.mark.parametrize(
    ("line", "claim"),
    [
        (
            "TEGUCIGALPA, Honduras - Heavy rain closed two highways.",
            "Heavy rain closed two highways.",
        ),
        ("OSLO (Reuters) – The central bank held rates.", "The central bank held rates."),
        ("CAIRNS, Australia, Feb 2 (AAP) -- Cyclone winds eased.", "Cyclone winds eased."),
        (
            "June 9 (UPI) -- Two ferries collided off the coast.",
            "Two ferries collided off the coast.",
        ),
        (
            "QUITO: The assembly passed the budget on Monday.",
            "The assembly passed the budget on Monday.",
        ),
        ("Hilo, Hawaii: Lava reached the sea overnight.", "Lava reached the sea overnight."),
        ("ACCRA, Dec 3:The electoral body began the count.", "The electoral body began the count."),
    ],
)
def test_a_leading_dateline_is_not_part_of_the_claim(line, claim):
    body = f"Storms batter the coast\n\n{line}"
    assert texts(body)[1] == claim


def test_a_dateline_is_only_looked_for_at_the_top_of_the_article():
    later = "LIMA - Talks resumed on Tuesday."
    body = "Talks resume\n\nOne.  Two went.\n\nA b c.\n\nD e f.\n\nG h i.\n\n" + later
    assert texts(body)[-1] == later


def test_a_stamp_after_the_headline_is_not_part_of_it():
    assert kinds("Quake toll rises to 80 – UPDATED\n\nThe toll rose.") == [
        ("headline", "Quake toll rises to 80"),
        ("sentence", "The toll rose."),
    ]


def test_a_line_that_lost_its_photo_credit_to_cleaning_is_a_caption():
    body = "Flood waters rise\n\nA boy wades through a flooded street in the old town.\n\nIt rose."
    caption_end = body.index("town.") + len("town.")
    assert kinds(body, captions=[caption_end])[1] == (
        "caption",
        "A boy wades through a flooded street in the old town.",
    )


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


def test_a_date_in_brackets_is_no_photo_credit():
    """Digest writing cites its sources with dates, "(5/28)" or "(Okafor, 5/30)": a slash
    between numbers is a date, and the paragraph is prose; one between names is a credit."""
    body = (
        "The agency said the count was revised (Okafor, 5/30). It gave no reason (5/28).\n"
        "Workers clear the road near the dam (Ana Ruiz/Reuters)\n"
    )
    assert kinds(body) == [
        ("sentence", "The agency said the count was revised (Okafor, 5/30)."),
        ("sentence", "It gave no reason (5/28)."),
        ("caption", "Workers clear the road near the dam (Ana Ruiz/Reuters)"),
    ]


def test_a_month_with_a_stop_before_a_day_ends_no_sentence():
    """ "Oct. 1" and a stray "April. 16" are dates inside the sentence; a month that ends a
    sentence before another starts is still an end."""
    body = (
        "The surge reached the town on Oct. 1, 2023. The agency raised the toll on April. 16 "
        "to 66 in its report. The rains came in May. Schools closed across the region."
    )
    assert [text for _kind, text in kinds(body)] == [
        "The surge reached the town on Oct. 1, 2023.",
        "The agency raised the toll on April. 16 to 66 in its report.",
        "The rains came in May.",
        "Schools closed across the region.",
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


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The toll rose to at least 50.Over 2,750 other people were hurt.",
            ["The toll rose to at least 50.", "Over 2,750 other people were hurt."],
        ),
        # a decimal, or a stop before a lower-case word, is no boundary
        ("Inflation was 2.5 percent in May. It rose to 3.1 in June.", None),
        ("The count reached 12.in the north, officials said.", None),
    ],
)
def test_a_stop_after_a_figure_that_runs_into_the_next_sentence_ends_it(body, expected):
    texts = [claim.text for claim in split_claims(body)]
    if expected is None:
        assert not any(text.endswith(("2.", "3.", "12.")) for text in texts)
    else:
        assert texts == expected


def test_a_caption_or_headline_of_two_sentences_is_two_claims():
    """GUIDE.md: every sentence is a claim, captions and headlines too; a date or a photo
    credit that stands as a sentence of its own stays with the sentence before it."""
    body = (
        "Ferry sinks off the cape. Dozens are missing\n\n"
        "Coastguards searched the bay through the night, the navy said.\n\n"
        "Divers prepare to enter the water near the pier. The ferry sank in calm seas. "
        "Photo: Lena Park/Reuters\n"
        "Relatives wait for news at the harbour in Sarno. March 3, 2024.\n"
    )
    assert kinds(body) == [
        ("headline", "Ferry sinks off the cape."),
        ("headline", "Dozens are missing"),
        ("sentence", "Coastguards searched the bay through the night, the navy said."),
        ("caption", "Divers prepare to enter the water near the pier."),
        ("caption", "The ferry sank in calm seas. Photo: Lena Park/Reuters"),
        # No credit: prose, where a date on its own also stays with its sentence.
        ("sentence", "Relatives wait for news at the harbour in Sarno. March 3, 2024."),
    ]


def test_a_sentence_that_is_only_a_date_stays_with_the_one_before():
    body = "Crews restored power to the last homes in the valley. Sept. 14, 2022."
    assert texts(body) == [body]


def test_a_colon_goes_on_into_what_it_introduces():
    body = (
        "In a letter, the union said it had one demand: Wages must rise with prices.\n\n"
        "The mayor told residents on Sunday:\n\n"
        "“Leave your homes now and take only what you can carry.”\n"
    )
    assert kinds(body) == [
        ("sentence", "In a letter, the union said it had one demand: Wages must rise with prices."),
        (
            "quote",
            "The mayor told residents on Sunday:\n\n"
            "“Leave your homes now and take only what you can carry.”",
        ),
    ]


def test_a_quotation_left_open_does_not_swallow_the_sentences_after_it():
    """A mark that opens inside a sentence and never closes in the paragraph is a stray one;
    a new opening mark at a sentence's start ends the quotation left open before it."""
    body = (
        'Inspectors rated the bridge as "poor to dangerous. The council closed it on Monday. '
        "Repairs will take a year.\n"
        "“The water came in so fast, a farmer said. “We lost every animal we had,” he said.\n"
    )
    assert texts(body) == [
        'Inspectors rated the bridge as "poor to dangerous.',
        "The council closed it on Monday.",
        "Repairs will take a year.",
        "“The water came in so fast, a farmer said.",
        "“We lost every animal we had,” he said.",
    ]


def test_a_wire_quotation_going_on_into_the_next_paragraph_stays_whole():
    body = "“We will rebuild every school. Every single one.\n“It will take years,” she said."
    assert texts(body) == [
        "“We will rebuild every school. Every single one.",
        "“It will take years,” she said.",
    ]


@pytest.mark.parametrize(
    "body",
    [
        # A bare "but" between two words of one phrase.
        "The opposition has rejected slow but steady reforms that the government announced.",
        # An infinitive reports nothing: "to claim" is no statement of its own.
        "Although short of a majority, the party is expected to claim the most seats.",
        # A participle with its agent belongs to the noun before it.
        "The audit found 300 ghost workers, and a further 120 reported by the unions.",
        # A leading "while" with no subject of its own is a phrase, not a clause.
        "While in Kell county, a regional official said 40 homes were flooded.",
    ],
)
def test_phrases_that_only_look_like_a_second_source_stay_one_sentence(body):
    assert kinds(body) == [("sentence", body)]
