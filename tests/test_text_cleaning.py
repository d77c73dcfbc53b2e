"""Boilerplate removal: every family goes with its reason, news stays, offsets are exact.

The fixtures in tests/data/cleaning/ are articles written for these tests (floods, an
election, tariffs, a drug recall, a court ruling, a ceasefire, markets), each ``NAME.txt``
with the hand-labelled result ``NAME.clean.txt``; ``expected_reasons.json`` lists the removal
reasons each must report.
"""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.text.cleaning import clean_article
from provenance.text.types import Cleaned

DATA = Path(__file__).parent / "data" / "cleaning"
SEEDS = Path(__file__).parent.parent / "seeds"
EXPECTED_REASONS = json.loads((DATA / "expected_reasons.json").read_text(encoding="utf-8"))

NEWS = [
    "Floodwaters cut the main highway between the two cities on Sunday, police said.",
    "The finance ministry said the budget deficit would narrow to 3.1% of output next year.",
    "\u201cWe have lost everything,\u201d a farmer told Reuters by telephone from the village.",
    "Two diplomats, speaking on condition of anonymity, said the vote had been delayed.",
    "The company denied the allegations and said it would cooperate with regulators.",
]


def _article(*middle: str) -> str:
    """A small news story with ``middle`` lines between its paragraphs."""
    return "\n\n".join(["Floods cut highway as rains continue", NEWS[0], NEWS[1], *middle,
                        NEWS[2], NEWS[3], NEWS[4]])  # fmt: skip


def _boilerplate_reasons(cleaned: Cleaned) -> set[str]:
    return {r.reason for r in cleaned.removals} - {"whitespace"}


def _assert_well_formed(text: str, cleaned: Cleaned) -> None:
    previous_end = 0
    kept = []
    for removal in cleaned.removals:
        assert text[removal.start : removal.end] == removal.text
        assert removal.start >= previous_end, "removals overlap or are out of order"
        kept.append(text[previous_end : removal.start])
        previous_end = removal.end
    kept.append(text[previous_end:])
    assert "".join(kept) == cleaned.body, "the body is not the text without its removals"
    again = clean_article(cleaned.body)
    assert again.body == cleaned.body, "cleaning is not idempotent"
    assert again.removals == []


# Fixtures written for the purpose


@pytest.mark.parametrize("name", sorted(EXPECTED_REASONS))
def test_fixture_is_cleaned_as_labelled(name):
    text = (DATA / name).read_text(encoding="utf-8")
    expected = (DATA / name.replace(".txt", ".clean.txt")).read_text(encoding="utf-8").strip()
    cleaned = clean_article(text)
    assert cleaned.body == expected
    assert sorted(_boilerplate_reasons(cleaned)) == EXPECTED_REASONS[name]
    _assert_well_formed(text, cleaned)


# Each family of boilerplate, alone in an article


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[ad_1]", "ad_marker"),
        ("[ad_12]", "ad_marker"),
        ("[ad_1] [ad_2]", "ad_marker"),
        ("Advertisement", "ad_marker"),
        ("ADVERTISEMENT", "ad_marker"),
        ("- Advertisement -", "ad_marker"),
        ("Advertisement - Scroll to continue", "ad_marker"),
        ("Sponsored content", "ad_marker"),
        ("spot_imgspot_img", "ad_marker"),
        ("The story continues below the ad", "continues_below_ad"),
        ("Story continues below advertisement", "continues_below_ad"),
        ("Article continues after advertisement", "continues_below_ad"),
        ("Continue reading the main story", "continues_below_ad"),
        ("Continue reading below", "continues_below_ad"),
        ("Scroll down to continue reading", "continues_below_ad"),
        ("Read more: Drought forces rationing in three provinces", "read_more"),
        ("READ MORE | Opposition boycotts budget debate", "read_more"),
        ("Also read: Why the central bank held rates", "read_more"),
        ("See also: https://example.org/2024/05/rates", "read_more"),
        ("Recommended: Five charts that explain the deficit", "read_more"),
        ("Related: Court bars ex-minister from travel", "read_more"),
        ("Click to play video: 'Rescuers reach stranded villagers'", "video_embed"),
        ("WATCH: Rescuers reach stranded villagers", "video_embed"),
        ("Sign up for our newsletter", "newsletter_prompt"),
        ("Subscribe to our free morning briefing newsletter", "newsletter_prompt"),
        ("Click here to subscribe", "newsletter_prompt"),
        ("Get the day's top stories delivered straight to your inbox", "newsletter_prompt"),
        ("Share this article", "social_share"),
        ("Share on Facebook", "social_share"),
        ("Facebook Twitter LinkedIn WhatsApp Email", "social_share"),
        ("Follow us on X and Instagram for breaking news", "social_share"),
        ("Like this:", "social_share"),
        ("Join our WhatsApp channel for the latest updates", "social_share"),
        (
            "We use cookies to give you the best experience. By using this site you accept them.",
            "cookie_notice",
        ),
        ("This website uses cookies. Learn more", "cookie_notice"),
        ("Accept all cookies", "cookie_notice"),
        ("Comments are closed.", "comment_footer"),
        ("Leave a comment", "comment_footer"),
        ("12 comments", "comment_footer"),
        ("You must be logged in to post a comment.", "comment_footer"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment_footer",
        ),
        ("© 2024 Valley Tribune. All rights reserved.", "copyright"),
        ("Copyright 2023 Coastal Media Ltd", "copyright"),
        ("Valley Tribune Ltd. All Rights Reserved.", "copyright"),
        ("Back to top button", "navigation"),
        ("Previous article Next article", "navigation"),
        ("4 min read", "reading_time"),
        ("Click here to read the full statement", "call_to_action"),
        ("Register now", "newsletter_prompt"),
        ("Sign up for our daily alerts.", "newsletter_prompt"),
        ("A weekly newsletter from the Harbour Gazette on shipping and ports", "newsletter_prompt"),
        ("The Harbour Gazette uses cookies to improve this site", "cookie_notice"),
        ("Save Share Print", "social_share"),
        ("Return to top of page", "navigation"),
        ("Have your say", "comment_footer"),
        ("Trending today", "related_articles"),
        ("(Reporting by Ines Alvarado; Editing by Tom Park)", "credits"),
        ("Additional reporting by Kofi Mensah in Accra", "credits"),
        ("rt/jk (AFP, Reuters)", "credits"),
        ("Source: Anadolu Agency", "source_line"),
        ("(With agency inputs)", "source_line"),
        ("— HARBOUR WIRE", "source_line"),
        ("By Mara Quist and Ole Berg", "byline"),
        ("Posted by Dana Whitlow | 3 hours ago", "byline"),
        ("(@harbourdesk)", "byline"),
        ("2021-03-02 09:15 | www.harbour-gazette.example | 4", "byline"),
        ("Mara Quist is a senior correspondent for the Harbour Gazette.", "author_bio"),
        (
            "This story has not been edited by our staff and is published from a syndicated feed.",
            "syndication",
        ),
        (
            "This is part of the Evening Digest, a summary of coverage from other outlets.",
            "syndication",
        ),
        ("Powered by automated translation", "syndication"),
        ("Tags: #ports #shipping #strike", "widget"),
        ("IMG_20210302_091512", "widget"),
        ("Lena Varga, Tomas Eder, COAST PHOTO AGENCY", "widget"),
    ],
)
def test_each_boilerplate_family_is_removed_with_its_reason(line, reason):
    text = _article(line)
    cleaned = clean_article(text)
    assert [(r.text.strip(), r.reason) for r in cleaned.removals] == [(line, reason)]
    assert line not in cleaned.body
    assert cleaned.body == "\n\n".join(
        ["Floods cut highway as rains continue", NEWS[0], NEWS[1], *NEWS[2:]]
    )
    _assert_well_formed(text, cleaned)


def test_read_more_cue_takes_the_teaser_headline_on_the_next_line_only():
    teaser = "Drought forces rationing in three provinces"
    cleaned = clean_article(_article("Read more:", teaser))
    assert [r.reason for r in cleaned.removals] == ["read_more"]
    assert teaser not in cleaned.body
    # A full sentence after the cue is news, not a teaser.
    cleaned = clean_article(_article("Read more:", NEWS[4].replace("company", "bank")))
    assert [r.text.strip() for r in cleaned.removals] == ["Read more:"]
    assert NEWS[4].replace("company", "bank") in cleaned.body


def test_video_embed_takes_the_repeated_title_lines_but_not_the_next_paragraph():
    text = _article(
        "Click to play video: 'Rescuers reach stranded villagers by boat'",
        "Rescuers reach stranded villagers by boat",
        "Rescuers reach villagers stranded by floods – June 2, 2024",
    )
    cleaned = clean_article(text)
    assert [r.reason for r in cleaned.removals] == ["video_embed"]
    assert "Rescuers" not in cleaned.body
    assert all(sentence in cleaned.body for sentence in NEWS)


def test_inline_markers_are_cut_out_of_the_paragraph():
    text = _article(
        "[ad_3] The dam operator said water levels had peaked. Advertisement The army was "
        "deployed to reinforce the embankment."
    )
    cleaned = clean_article(text)
    assert [(r.text, r.reason) for r in cleaned.removals] == [
        ("[ad_3] ", "ad_marker"),
        ("Advertisement ", "ad_marker"),
    ]
    assert (
        "The dam operator said water levels had peaked. The army was deployed to reinforce "
        "the embankment." in cleaned.body
    )
    _assert_well_formed(text, cleaned)


def test_weather_and_date_widgets_above_the_headline_are_removed():
    text = "-3°C\nOslo\nThursday, 8 February 2024\nspot_img\n\n" + _article()
    cleaned = clean_article(text)
    assert [(r.text, r.reason) for r in cleaned.removals] == [
        ("-3°C\nOslo\n", "weather_header"),
        ("Thursday, 8 February 2024\n", "date_header"),
        ("spot_img\n\n", "ad_marker"),
    ]
    assert cleaned.body == _article()


def test_a_date_glued_to_the_first_word_is_cut():
    text = "Floods cut highway\nJune 2, 2024Floodwaters cut the main highway on Sunday."
    cleaned = clean_article(text)
    assert cleaned.body == "Floods cut highway\nFloodwaters cut the main highway on Sunday."
    assert [r.reason for r in cleaned.removals] == ["date_header"]


def test_dates_inside_the_story_are_kept():
    text = _article("March 3, 2024", "The first case was confirmed on that day.")
    assert clean_article(text).removals == []


def test_teaser_list_at_the_end_is_cut_to_the_end():
    text = _article(
        NEWS[0].replace("Sunday", "Monday"),
    ) + (
        "\n\nMore stories\n\nRail strike called off after late-night deal\n\n"
        "Unions and the rail operator agreed a 6% pay rise in talks that ran past midnight...\n\n"
        "Heatwave warning issued for southern regions"
    )
    cleaned = clean_article(text)
    assert [r.reason for r in cleaned.removals] == ["related_articles"]
    assert cleaned.removals[0].text.strip().startswith("More stories")
    assert cleaned.body.endswith(NEWS[4])


def test_related_heading_mid_article_loses_only_itself_and_its_headlines():
    text = _article("Related Articles", "Rail strike called off after late-night deal")
    cleaned = clean_article(text)
    assert [r.reason for r in cleaned.removals] == ["related_articles"]
    assert all(sentence in cleaned.body for sentence in NEWS)
    assert "Rail strike" not in cleaned.body


def test_source_link_ends_the_article_and_takes_the_site_blurb():
    text = _article() + (
        "\n\nSource link\n\nDaily Wire Hub: the latest breaking news from around the world, "
        "updated around the clock"
    )
    cleaned = clean_article(text)
    assert [r.reason for r in cleaned.removals] == ["source_link", "site_footer"]
    assert cleaned.body == _article()


# News that merely uses the words of boilerplate stays


@pytest.mark.parametrize(
    "sentence",
    [
        "The advertisement, which ran in three national newspapers, was withdrawn on Friday.",
        "Advertisement spending fell 8% in the first quarter, the industry body said.",
        "Officials said the deaths were not related to the outbreak.",
        "Related charges against two other executives were dropped in March.",
        "A source close to the negotiations said a deal was unlikely before the summit.",
        "The bakery recalled 40,000 packets of cookies after customers reported mould.",
        "Regulators said the site uses cookies to track users without their consent.",
        "Comments by the governor drew criticism from opposition lawmakers.",
        "Share prices of the miner fell 12% after the accident.",
        "Follow-up inspections are planned for all 14 dams in the province.",
        "Voters can sign up for postal ballots until May 3, the commission said.",
        "Readers who want to read more about the ruling can find it on the court's website.",
        "The story continues to develop, and police have asked witnesses to come forward.",
        "He said the company retained all rights reserved under the 1998 licence.",
        "Copyright lawyers said the ruling could reshape the music industry.",
        "More than 300 people were evacuated from the coastal town overnight.",
        "Watch: the word the minister used in parliament was later struck from the record.",
        "Latest figures show inflation eased to 4.2% in April.",
        "Photo: Residents wade through floodwater in Sylhet on Tuesday (AFP)",
        "Recommended dosage guidelines were updated by the agency in 2022.",
        "Continue reading is what the judge told the clerk, according to the transcript.",
    ],
)
def test_news_using_boilerplate_words_is_kept(sentence):
    text = _article(sentence)
    cleaned = clean_article(text)
    assert cleaned.removals == []
    assert cleaned.body == text


def test_subheadings_and_captions_are_kept():
    text = _article(
        "Direct lobbying", "Rescue workers in Sylhet", "Rescue workers in Sylhet (Reuters)"
    )
    assert clean_article(text).removals == []


@pytest.mark.parametrize(
    "sentence",
    [
        "By Tuesday, rescue teams had reached the last of the villages.",
        "Source: the ministry said 40 people had been evacuated.",
        "Save the Children said it would send two more teams.",
        "Tags on the crates showed they had been shipped in March.",
    ],
)
def test_news_that_starts_like_a_credit_or_byline_is_kept(sentence):
    assert clean_article(_article(sentence)).removals == []


@pytest.mark.parametrize(
    ("line", "kept", "credit"),
    [
        (
            "Fishermen mend nets in the harbour. (Jo Lam/AFP via Getty Images)",
            "Fishermen mend nets in the harbour.",
            " (Jo Lam/AFP via Getty Images)",
        ),
        (
            "Fishermen mend nets in the harbour. Picture: Getty",
            "Fishermen mend nets in the harbour.",
            " Picture: Getty",
        ),
        (
            "Fishermen mend nets in the harbour. REUTERS/Jo Lam",
            "Fishermen mend nets in the harbour.",
            " REUTERS/Jo Lam",
        ),
        (
            "Fishermen mend nets. Photo by Jo Lam/UPI | License Photo",
            "Fishermen mend nets.",
            " Photo by Jo Lam/UPI | License Photo",
        ),
        (
            "EPA/JO LAM - Fishermen mend nets in the harbour",
            "Fishermen mend nets in the harbour",
            "EPA/JO LAM - ",
        ),
    ],
)
def test_a_photo_credit_is_cut_from_its_caption_which_stays_a_caption(line, kept, credit):
    cleaned = clean_article(_article(line))
    assert [(r.text, r.reason) for r in cleaned.removals] == [(credit, "caption_credit")]
    assert kept in cleaned.body.split("\n")
    (offset,) = cleaned.captions
    start = cleaned.body.index(kept)
    assert start <= offset <= start + len(kept)


def test_a_labelled_date_glued_to_the_first_line_is_cut():
    cleaned = clean_article("date 2021-03-02 Dock strike ends after nine days\n\n" + NEWS[0])
    assert cleaned.body.startswith("Dock strike ends")
    assert [r.reason for r in cleaned.removals] == ["date_header"]


def test_source_lines_and_agency_credits_keep_the_names_they_give():
    cleaned = clean_article(_article("Source: Anadolu Agency", "kb/tr (AFP, dpa)"))
    assert {r.reason for r in cleaned.removals} == {"source_line", "credits"}
    assert cleaned.copy_sources == ("Anadolu Agency", "AFP", "dpa")


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("(With inputs from PTI)", ("PTI",)),
        ("With additional inputs from Reuters and AFP.", ("Reuters", "AFP")),
        ("(AFP, dpa)", ("AFP", "dpa")),
        ("(Reuters)", ("Reuters",)),
    ],
)
def test_agency_inputs_and_bracketed_agencies_are_source_lines_that_keep_their_names(line, named):
    cleaned = clean_article(_article(line))
    assert [r.reason for r in cleaned.removals] == ["source_line"]
    assert cleaned.copy_sources == named


@pytest.mark.parametrize(
    "line", ["Reuters contributed to this report.", "Ana Ruiz in Lima contributed reporting."]
)
def test_a_contribution_line_is_a_credit_that_names_no_copy_source(line):
    cleaned = clean_article(_article(line))
    assert [r.reason for r in cleaned.removals] == ["credits"]
    assert cleaned.copy_sources == ()


def test_author_names_alone_on_a_line_above_and_below_the_story_are_bylines():
    text = "Floods cut highway as rains continue\n\nMara Quist\n\n" + "\n\n".join(NEWS)
    text += "\n\nOle Berg"
    cleaned = clean_article(text)
    assert [(r.text.strip(), r.reason) for r in cleaned.removals] == [
        ("Mara Quist", "byline"),
        ("Ole Berg", "byline"),
    ]


def test_a_kicker_in_capitals_under_the_title_is_a_section_label():
    cleaned = clean_article("Floods cut highway\n\nSTATE OF EMERGENCY\n\n" + "\n\n".join(NEWS))
    assert [r.reason for r in cleaned.removals] == ["section_label"]


def test_a_reader_comment_thread_is_cut_to_the_end():
    thread = "  • harbour_fan\n\n    Great piece.\n\n  • Old Salt\n\n    I was there that day."
    cleaned = clean_article(_article() + "\n\n" + thread)
    assert cleaned.body == _article()
    assert {r.reason for r in cleaned.removals} == {"comments"}


# Invisible characters


def test_control_and_zero_width_characters_are_removed_and_recorded():
    text = "Floods cut\u200b highway\x07\n\nRains con\u00adtinue\ufeff for a third day.\r\n"
    cleaned = clean_article(text)
    assert cleaned.body == "Floods cut highway\n\nRains continue for a third day."
    assert {r.reason for r in cleaned.removals} == {"control_characters"}
    assert [r.text for r in cleaned.removals] == ["\u200b", "\x07", "\u00ad", "\ufeff", "\r\n"]
    _assert_well_formed(text, cleaned)


def test_joiners_and_tabs_are_kept():
    text = "Tehran\n\nمی\u200cخواهم\tand the emoji 👩\u200d🔬 stay."
    assert clean_article(text).body == text


def test_invisible_characters_inside_boilerplate_do_not_hide_it():
    text = _article("[ad\u200b_1]", "Share\u00ad this article")
    cleaned = clean_article(text)
    assert [r.reason for r in cleaned.removals] == ["ad_marker", "social_share"]
    _assert_well_formed(text, cleaned)


# Body layout


def test_single_newlines_between_paragraphs_survive_a_removed_line():
    text = f"{NEWS[0]}\n[ad_1]\n{NEWS[1]}\n{NEWS[2]}"
    assert clean_article(text).body == f"{NEWS[0]}\n{NEWS[1]}\n{NEWS[2]}"


def test_runs_of_blank_lines_collapse_to_one():
    text = f"\n\n  {NEWS[0]}\n\n\n   \n\n{NEWS[1]}\n\n\n"
    cleaned = clean_article(text)
    assert cleaned.body == f"{NEWS[0]}\n\n{NEWS[1]}"
    # Recorded like any cut, so that offsets into the body map back to the text.
    assert [(r.text, r.reason) for r in cleaned.removals] == [
        ("\n\n  ", "whitespace"),
        ("\n   \n\n", "whitespace"),
        ("\n\n\n", "whitespace"),
    ]
    _assert_well_formed(text, cleaned)


def test_blank_lines_left_by_a_removed_line_go_with_it():
    text = f"{NEWS[0]}\n\n[ad_1]\n\n\n{NEWS[1]}"
    cleaned = clean_article(text)
    assert cleaned.body == f"{NEWS[0]}\n\n{NEWS[1]}"
    # The blank line the removed ad leaves goes with it.
    assert [(r.text, r.reason) for r in cleaned.removals] == [("[ad_1]\n\n\n", "ad_marker")]
    _assert_well_formed(text, cleaned)


def test_removals_of_one_reason_on_neighbouring_lines_merge():
    text = _article("Share this article", "", "Facebook Twitter Email", "Share")
    cleaned = clean_article(text)
    assert len(cleaned.removals) == 1
    expected = "Share this article\n\n\n\nFacebook Twitter Email\n\nShare\n\n"
    assert cleaned.removals[0].text == expected


def test_empty_text_gives_an_empty_body():
    assert clean_article("") == Cleaned(body="", removals=[])


# The seed corpus: every boilerplate line goes, every line of news stays

SEED_BOILERPLATE = {
    "000_af17157bb7edf081.txt": {
        "lines": [
            "Follow for more dailyguidelines updates Click here",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
        ],
    },
    "001_c3177857755a4fcd.txt": {
        "lines": [
            "Read more:",
            "Mosque in China’s Xinjiang disappears as Beijing protests criticism of Uighur "
            "persecution",
            "The story continues below the ad",
            "Click to play video: 'China criticizes British parliament over move to declare "
            "genocide in Xinjiang'",
            "China criticizes British Parliament for declaring genocide in Xinjiang",
            "China criticizes British parliament for declaring genocide in Xinjiang – April 24, "
            "2021",
        ],
        "tail_from": "Source link",
    },
    "002_d57735e9b16c3081.txt": {
        "lines": ["19 C", "Dubai", "Monday, January 20, 2025", "spot_img", "[ad_1]", "[ad_2]"],
        "tail_from": "Source link",
        "fragments": [" (Mahmud Hossain Opu/AP)"],
    },
    "003_32ea785347c493f1.txt": {"lines": ["Post a Comment", "Previous Post Next Post"]},
    "004_4d70c30daf154f1d.txt": {"lines": [], "fragments": ["October 7, 2020"]},
}


@pytest.mark.parametrize("name", sorted(SEED_BOILERPLATE))
def test_seed_boilerplate_goes_and_news_stays(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    labels = SEED_BOILERPLATE[name]
    raw_lines = [line.strip() for line in text.split("\n")]
    tail = raw_lines.index(labels["tail_from"]) if "tail_from" in labels else len(raw_lines)
    boilerplate = set(labels["lines"]) | set(raw_lines[tail:])
    cleaned = clean_article(text)
    body_lines = set(cleaned.body.split("\n"))
    for line in raw_lines:
        if not line:
            continue
        if line in boilerplate:
            assert line not in body_lines, f"boilerplate survived: {line!r}"
            continue
        for fragment in labels.get("fragments", []):
            line = line.replace(fragment, "")
        assert line in body_lines, f"news lost: {line!r}"
    _assert_well_formed(text, cleaned)


# Properties over arbitrary mixes of news and boilerplate lines

_POOL = [
    *NEWS,
    "Floods cut highway as rains continue",
    "Read more:",
    "Read more »",
    "Related Articles",
    "You may also like",
    "Source link",
    "[ad_1]",
    "Advertisement",
    "The story continues below the ad",
    "Click to play video: 'Rescuers reach villagers'",
    "Rescuers reach villagers",
    "Share this article",
    "Comments are closed.",
    "Monday, January 20, 2025",
    "June 2, 2024Floodwaters rose overnight in the delta, officials said.",
    "21°C",
    "Dakar",
    "Teaser headline about an unrelated election",
    "Teaser excerpt that was cut off in the middle of...",
    "",
    "",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_POOL), max_size=25),
    st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n"]), min_size=25, max_size=25),
    st.lists(st.sampled_from(["", "", "\u200b", "\x0c", " ", "[ad_2]"]), min_size=25, max_size=25),
)
def test_cleaning_is_exact_and_idempotent_on_any_mix(lines, separators, noise):
    pieces = zip(lines, separators, noise, strict=False)
    text = "".join(extra + line + separator for line, separator, extra in pieces)
    cleaned = clean_article(text)
    _assert_well_formed(text, cleaned)
    for sentence in NEWS:
        if sentence in text:
            # News is never cut, except after a teaser heading (as teaser text).
            heading_before = any(
                h in text[: text.find(sentence)]
                for h in ("Related Articles", "You may also like", "Source link")
            )
            assert heading_before or sentence in cleaned.body


def test_the_title_given_again_as_the_page_heading_is_removed_once():
    text = (
        "Storm cuts power to 40,000 homes\n\n"
        "Storm cuts power to 40,000 homes\n"
        "Crews worked through the night to restore lines, the utility said.\n\n"
        "Storm cuts power to 40,000 homes\n"
    )
    cleaned = clean_article(text)
    assert [r.reason for r in cleaned.removals if r.reason != "whitespace"] == ["repeated_title"]
    assert cleaned.body.count("Storm cuts power to 40,000 homes") == 2  # the title, and the
    # line far below it, which is no page heading
    assert cleaned.body.startswith("Storm cuts power to 40,000 homes\n\nCrews worked")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Print E-mail Bookmark and Share", "social_share"),
        ("Email | Print | Subscribe | Comments | Forum", "social_share"),
        ("×", "navigation"),
        ("Watch KTV News Live", "widget"),
        ("Posted: Mar 4, 2019 7:15 AM", "date_header"),
        ("May 2, 2021 / 11:40 PM / 3 years ago", "byline"),
        ("Updated at 6:20 p.m. with the governor's statement", "byline"),
        ("Lena Ortiz Staff Writer, Valley Courier", "byline"),
        ("Originally posted by the Harbour Gazette on its website", "syndication"),
        ("Our Standards: the newsroom's principles of trust", "syndication"),
        ("Major headlines", "related_articles"),
        ("Source AFP", "source_line"),
    ],
)
def test_more_page_furniture_below_the_headline_is_removed(line, reason):
    cleaned = clean_article(_article(line))
    assert _boilerplate_reasons(cleaned) == {reason}
    assert line not in cleaned.body


def test_source_initials_without_a_colon_name_the_copy_s_agency():
    assert clean_article(_article("Source AFP")).copy_sources == ("AFP",)


@pytest.mark.parametrize(
    "line",
    [
        "Source of the leak remains unknown, investigators said on Monday.",
        "Printing plants and email servers were among the systems hit.",
        "Senior Editor Resigns Over Leaked Memo",
        "March 3, 2024",
    ],
)
def test_story_lines_that_look_like_furniture_are_kept(line):
    assert line in clean_article(_article(line)).body


def test_a_line_naming_only_an_agency_is_its_credit_when_the_caller_knows_agencies():
    def is_agency(name: str) -> bool:
        return name in {"AFP", "The Associated Press"}

    text = _article("The Associated Press, Lima") + "\n\nAFP\n"
    cleaned = clean_article(text, is_agency=is_agency)
    assert _boilerplate_reasons(cleaned) == {"agency_line"}
    assert cleaned.copy_sources == ("The Associated Press", "AFP")
    assert "AFP" not in cleaned.body and "Lima" not in cleaned.body
    # Without the registry's word nothing is cut; a story line is longer than a credit, and
    # a short one that states something after the name stays.
    assert "AFP" in clean_article(text).body
    assert NEWS[0] in clean_article(_article(NEWS[0]), is_agency=lambda name: True).body
    for line in ("AFP - Police said five people died", "AFP - Five people died in the blast"):
        assert line in clean_article(_article(line), is_agency=is_agency).body
