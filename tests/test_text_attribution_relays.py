"""Relays: where the copy came from, and the outlets a sentence names between speaker and reader.

Every sentence here is written for these tests; none is taken from the real-article corpus.
"""

import pytest

from provenance.text.attribution import extract_attributions
from provenance.text.cleaning import clean_article, copy_sources_of
from provenance.text.pipeline import analyse_article
from tests.test_text_attribution import chains, claims_of


def _chains_of(body: str, publisher: str) -> list[list[tuple[str, str]] | None]:
    analysed = analyse_article(body, publisher=publisher)
    return [
        [(hop.name, hop.kind) for hop in claim.attribution.chain] if claim.attribution else None
        for claim in analysed.claims
    ]


AGENCY_COPY = (
    "Ferry capsizes off the coast\n\n"
    "A passenger ferry capsized near the harbour on Sunday evening.\n\n"
    "The coast guard said 31 people had been rescued.\n\n"
    "Source: Xinhua\n"
)


def test_a_source_line_relays_every_attributed_claim_and_leaves_narration_alone():
    found = _chains_of(AGENCY_COPY, "Harbour Weekly")
    assert found[-1] == [("coast guard", "government"), ("Xinhua", "state_media")]
    assert found[1] is None  # narration stays unattributed


def test_a_source_line_naming_the_publisher_adds_no_relay():
    found = _chains_of(AGENCY_COPY, "Xinhua")
    assert found[-1] == [("coast guard", "government")]


def test_agency_credits_relay_in_the_order_named():
    body = (
        "Talks resume in the capital\n\n"
        "Negotiators met for six hours, a mediator told reporters.\n\n"
        "kl/mn (Reuters, AFP)\n"
    )
    found = _chains_of(body, "Capital Online")
    assert found[-1] == [
        ("a mediator", "anonymous"),
        ("Reuters", "wire_agency"),
        ("Agence France-Presse", "wire_agency"),
    ]


def test_stored_removals_give_the_same_copy_sources_as_cleaning():
    cleaned = clean_article(AGENCY_COPY)
    stored = [(removal.reason, removal.text) for removal in cleaned.removals]
    assert copy_sources_of(stored) == cleaned.copy_sources == ("Xinhua",)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Speaking to AFP, the provincial governor said the dam would hold.",
            [("provincial governor", "government"), ("Agence France-Presse", "wire_agency")],
        ),
        (
            "In an interview with Reuters, the port authority said exports had doubled.",
            [("port authority", "government"), ("Reuters", "wire_agency")],
        ),
        (
            "The mayor, speaking to Reuters, said the market would reopen.",
            [("mayor", "government"), ("Reuters", "wire_agency")],
        ),
        (
            "Speaking on state television, the mayor said the market would reopen.",
            [("mayor", "government"), ("state television", "state_media")],
        ),
        (
            "Speaking on condition of anonymity, the official said the market would reopen.",
            [("official", "anonymous")],
        ),
    ],
)
def test_speaking_to_an_outlet_makes_it_the_relay(body, expected):
    assert chains(body, "Valley Post") == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Xinhua, citing local authorities, reported that nine miners were trapped.",
            [("local authorities", "government"), ("Xinhua", "state_media")],
        ),
        (
            "State radio, quoting the interior ministry, said 14 people had been detained.",
            [("interior ministry", "government"), ("State radio", "news_media")],
        ),
        (
            "The Kyodo news agency cited a government official as saying the talks had stalled.",
            [("a government official", "anonymous"), ("Kyodo News", "wire_agency")],
        ),
        (
            "Farmers in the valley told Reuters news agency that the harvest had failed.",
            [("Farmers in the valley", "individual"), ("Reuters", "wire_agency")],
        ),
    ],
)
def test_an_outlet_that_cites_or_quotes_someone_relays_them(body, expected):
    assert chains(body, "Valley Post") == [expected]


@pytest.mark.parametrize(
    ("publisher", "relays"),
    [
        ("Reuters (copy on a partner site)", []),
        ("The Harbour Gazette (Reuters copy)", [("Reuters", "wire_agency")]),
    ],
)
def test_a_note_after_the_publishers_name_is_no_part_of_it(publisher, relays):
    (chain,) = chains("OSLO (Reuters) - The port authority said the quay was closed.", publisher)
    assert chain == [("port authority", "government"), *relays]


def test_the_same_speaker_goes_on_through_the_same_relay():
    body = (
        "The bridge will stay shut until spring, transport official Mira Sand told Reuters. "
        "“The cracks are deeper than we thought,” Sand said. "
        "“We will not take risks.”"
    )
    found = chains(body, "Valley Post")
    assert found == [[("Mira Sand", "government"), ("Reuters", "wire_agency")]] * 3


def test_an_outlet_described_by_common_nouns_is_the_one_named_before():
    body = (
        "“The roof fell in seconds,” Liu Mei told the Kestrel News Agency. "
        "A neighbour, Wang Bo, told the news agency that the school had collapsed."
    )
    found = chains(body, "Valley Post")
    assert [chain[-1] for chain in found] == [("Kestrel News Agency", "news_media")] * 2


def test_an_apposition_names_the_outlet():
    body = "Ma Lin, a farmer, told the state news agency, Xinhua, that the dyke had held."
    assert chains(body, "Valley Post") == [[("Ma Lin", "individual"), ("Xinhua", "state_media")]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Fares will rise by a tenth, according to Brightline's own calculations.",
            [("Brightline", "unknown")],
        ),
        (
            "The toll rose to 40, according to the ministry's latest figures.",
            [("ministry", "government")],
        ),
        ("Turnout was 61 percent, according to Friday's tally.", [("Friday's tally", "document")]),
    ],
)
def test_a_count_is_its_owners_account(body, expected):
    assert chains(body, "Valley Post") == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "The spokesman refused to say whether the pier had been inspected.",
        "Next month, the operator will tell customers whether their data was taken.",
        "The minister declined to say how many villages were cut off.",
    ],
)
def test_a_refusal_or_a_future_reports_nothing(body):
    assert chains(body, "Valley Post") == [None]


def test_copy_from_agencies_it_does_not_name_is_still_relayed():
    body = (
        "Count ends in the capital\n\n"
        "The electoral tribunal said turnout was 88 percent.\n\n"
        "(With agencies)\n"
    )
    assert _chains_of(body, "Hill Daily")[-1] == [
        ("electoral tribunal", "government"),
        ("agencies", "wire_agency"),
    ]


def test_a_dateline_naming_the_publisher_and_an_agency_relays_the_agency():
    body = (
        "HARBIN (Steppe News / Sputnik - 10th August, 2020) The commission said turnout "
        "was 84 percent."
    )
    assert _chains_of(body, "Steppe News")[-1] == [
        ("commission", "government"),
        ("Sputnik", "state_media"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The outlet that obtained the document the subject's aside speaks of relays it.
        (
            "The audit, a copy of which has been obtained by Reuters, puts the losses at $40m.",
            [("audit", "document"), ("Reuters", "wire_agency")],
        ),
        (
            "The memo, a copy of which was seen by the BBC, says 12 wards were closed.",
            [("memo", "document"), ("BBC", "news_media")],
        ),
        # "as quoted by": the outlet that carried the words.
        (
            "Lopez said on Monday, as quoted by the Valley Herald, that the count was wrong.",
            [("Lopez", "unknown"), ("Valley Herald", "news_media")],
        ),
    ],
)
def test_outlets_named_in_asides_are_relays(body, expected):
    assert chains(body) == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # after a speaker's words, the outlet relays them
        (
            "The port authority said the quay would stay shut for a week, reports the Valley"
            " Herald.",
            [("port authority", "government"), ("Valley Herald", "news_media")],
        ),
        # after narration, the outlet is the source
        (
            "Three bridges were washed away overnight, reports Reuters.",
            [("Reuters", "wire_agency")],
        ),
    ],
)
def test_an_outlets_trailing_reports_tag_names_it(body, expected):
    assert chains(body) == [expected]


@pytest.mark.parametrize(
    "body",
    ["The quay reopened, reports Bill Moss.", "The quay reopened on Monday, reports a resident."],
)
def test_a_trailing_reports_tag_is_read_for_outlets_only(body):
    assert chains(body) == [None]


def test_an_outlet_named_by_according_to_relays_the_speaker_the_parse_finds():
    body = (
        "Just one clinic, Harbor Clinic, said 40 people had been treated for burns, "
        "according to the Valley News Agency."
    )
    assert chains(body, "Valley Post") == [
        [("Harbor Clinic", "government"), ("Valley News Agency", "news_media")]
    ]


def test_the_state_news_agency_is_no_wire_agency_named_before():
    body = (
        "Reuters reported the fire first. "
        "The hospital said 400 people had been treated, according to the state news agency."
    )
    relay = chains(body, "Valley Post")[1][1]
    assert relay[1] == "state_media" and relay[0] != "Reuters"


def test_a_line_naming_only_an_agency_makes_it_the_relay_of_every_attributed_claim():
    """A page that ends with the agency's name on a line of its own, or puts it under the
    headline with the place of the story, carries that agency's copy (GUIDE.md)."""
    from provenance.text.pipeline import analyse_article

    for credit_first, credit_last in (("Agence France-Presse, Quito", ""), ("", "AFP")):
        body = "\n\n".join(
            part
            for part in (
                "Quake shakes the southern coast",
                credit_first,
                "A strong earthquake struck the coast on Monday, seismologists said.",
                "Three buildings fell in the port town, the mayor said.",
                "The quake was felt across the region.",
                credit_last,
            )
            if part
        )
        claims = analyse_article(body, publisher="Coast Herald").claims
        chains = [
            [hop.name for hop in c.attribution.chain] if c.attribution else None for c in claims
        ]
        assert chains == [
            None,
            ["seismologists", "Agence France-Presse"],
            ["mayor", "Agence France-Presse"],
            None,
        ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Two ferries were cancelled, the transport board has said, the Valley Gazette reports.",
            [("transport board", "government"), ("Valley Gazette", "news_media")],
        ),
        (
            "Reuters reports that the harbour police said the quay had flooded.",
            [("harbour police", "government"), ("Reuters", "wire_agency")],
        ),
        (
            "Local media report, citing the interior ministry, that 12 people were detained.",
            [("interior ministry", "government"), ("Local media", "news_media")],
        ),
        ("The Valley Gazette reports that the quay flooded.", [("Valley Gazette", "news_media")]),
    ],
)
def test_an_outlet_that_reports_in_the_present_relays_or_speaks(body, expected):
    assert chains(body, "Hill Daily") == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "The ministry dismissed the reports as false.",
        "Media reports of looting could not be confirmed.",
        "Officials denied reports that the quay had flooded.",
    ],
)
def test_reports_as_a_noun_names_no_outlet(body):
    assert all(hop[1] not in ("news_media", "wire_agency") for hop in chains(body)[0] or [])


def test_an_outlet_tagging_what_a_named_source_says_relays_it():
    body = "According to the harbour police, 40 people were rescued, Reuters reported."
    assert chains(body, "Hill Daily") == [
        [("harbour police", "government"), ("Reuters", "wire_agency")]
    ]


def test_the_count_a_speaker_goes_by_is_no_relay():
    body = "According to early results, the commission's chairman said turnout was 70 percent."
    (chain,) = chains(body, "Hill Daily")
    assert [hop[0] for hop in chain[1:]] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Figures published by the health ministry showed 40 people had died.",
            [("health ministry", "government")],
        ),
        (
            "Figures published by the Valley Gazette showed 40 people had died.",
            [("Figures", "document"), ("Valley Gazette", "news_media")],
        ),
    ],
)
def test_what_a_body_publishes_is_its_own_account_and_an_outlet_relays(body, expected):
    assert chains(body, "Hill Daily") == [expected]


@pytest.mark.parametrize(
    "dateline",
    [
        "LIMA, March 3 (Reuters) - ",
        "LIMA, Peru, Aug. 14, 2021 (Reuters) -- ",
        "LIMA/GENEVA (Reuters) - ",
        "LIMA, Peru — (Reuters) — ",
    ],
)
def test_a_dateline_with_a_date_relays_its_agency(dateline):
    body = dateline + "The port authority said the quay was closed."
    assert _chains_of(body, "Hill Daily")[-1] == [
        ("port authority", "government"),
        ("Reuters", "wire_agency"),
    ]


@pytest.mark.parametrize(
    ("body", "relay"),
    [
        ("The governor said on state radio that the levee had held.", "state radio"),
        ("“The levee held,” the governor said on national television.", "national television"),
        (
            "The governor said on Sunday in a statement carried by the Valley Gazette that the "
            "levee had held.",
            "Valley Gazette",
        ),
        ("“The levee held,” the governor said in remarks broadcast by Reuters.", "Reuters"),
        ("The governor said in an email to Reuters that the levee had held.", "Reuters"),
        (
            "The levee held, the governor said in a text message to the Valley Gazette.",
            "Valley Gazette",
        ),
        ("The governor, quoted by Reuters, said the levee had held.", "Reuters"),
        ("The levee held, the governor, quoted by the Valley Gazette, said.", "Valley Gazette"),
        ("The governor told state television the levee had held.", "state television"),
    ],
)
def test_the_outlet_a_speaker_spoke_on_or_through_relays(body, relay):
    (chain,) = chains(body, "Hill Daily")
    assert chain[0] == ("governor", "government")
    assert [hop[0] for hop in chain[1:]] == [relay]


@pytest.mark.parametrize(
    "body",
    [
        "The governor said on Monday that the levee had held.",
        "The governor said in a statement posted on the state website that the levee had held.",
        "The governor said in an interview that the levee had held.",
    ],
)
def test_a_time_or_a_medium_that_is_no_outlet_adds_no_relay(body):
    assert chains(body, "Hill Daily") == [[("governor", "government")]]


def test_the_cue_of_told_ends_with_a_described_outlet():
    body = "The governor told state television the levee had held."
    (found,) = extract_attributions(body, claims_of(body), publisher="Hill Daily")
    assert found.cue == "told state television"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "According to Reuters, which cited two port officials, the quay will reopen.",
            [("two port officials", "anonymous"), ("Reuters", "wire_agency")],
        ),
        (
            "Nine miners were trapped, Xinhua reported, quoting local authorities.",
            [("local authorities", "government"), ("Xinhua", "state_media")],
        ),
    ],
)
def test_the_source_an_outlet_cites_or_quotes_speaks(body, expected):
    assert chains(body, "Hill Daily") == [expected]


@pytest.mark.parametrize(
    ("first", "relays"),
    [
        ("Mayor Rosa Tal told Reuters the quay would reopen.", [("Reuters", "wire_agency")]),
        (
            "Mayor Rosa Tal said on state radio that the quay would reopen.",
            [("state radio", "news_media")],
        ),
        ("Mayor Rosa Tal was quoted by Reuters as saying the quay would reopen.", []),
        ("The quay will reopen, Mayor Rosa Tal said, the Valley Gazette reported.", []),
    ],
)
def test_the_outlets_a_speaker_spoke_to_carry_her_next_words(first, relays):
    body = f"{first} Tal said repairs would take a month."
    assert chains(body, "Hill Daily")[-1] == [("Rosa Tal", "government"), *relays]


def test_a_source_line_naming_a_person_relays_every_attributed_claim():
    body = (
        "Shelling hits the depot\n\n"
        "According to the regional police, two warehouses burned.\n\n"
        "Source: Regional Governor Ilona Brisk\n"
    )
    assert _chains_of(body, "Hill Daily")[1] == [
        ("regional police", "government"),
        ("Ilona Brisk", "government"),
    ]


def test_a_source_line_naming_an_unknown_body_adds_no_relay():
    body = (
        "Harvest falls\n\n"
        "According to the farmers' union, the harvest fell by a third.\n\n"
        "Source: Valley Grain Statistics Board\n"
    )
    assert _chains_of(body, "Hill Daily")[1] == [("farmers' union", "ngo")]


@pytest.mark.parametrize(
    ("dateline", "relays"),
    [
        ("SUVA, Fiji, May 2 (ZNA) - ", [("ZNA", "wire_agency")]),
        ("SUVA (VIDEO) - ", []),
    ],
)
def test_initials_in_a_dateline_name_an_agency(dateline, relays):
    body = dateline + "The port authority said the quay was closed."
    assert _chains_of(body, "Hill Daily")[-1] == [("port authority", "government"), *relays]


def test_an_outlet_introduced_by_what_it_is_is_an_outlet_when_named_again():
    body = (
        "The count was slow, the Valley Sol newspaper said. "
        "The quay will reopen, Mayor Rosa Tal told Valley Sol."
    )
    assert chains(body, "Hill Daily")[-1] == [
        ("Rosa Tal", "government"),
        ("Valley Sol", "news_media"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'Governor Lena Ortiz "has ordered every pump to run through the night", Xinhua '
            "reported on Tuesday.",
            [("Lena Ortiz", "government"), ("Xinhua", "state_media")],
        ),
        (
            'The ministry "regrets the delay in the count", state media reported.',
            [("ministry", "government"), ("state media", "state_media")],
        ),
    ],
)
def test_words_quoted_after_the_subject_are_the_subjects_and_the_outlet_relays(body, expected):
    assert chains(body, "Valley Post")[0] == expected


def test_a_quotation_with_no_source_before_it_stays_the_outlets():
    body = 'The flood "was the worst in fifty years", the Valley Courier reported.'
    assert chains(body, "Valley Post")[0] == [("Valley Courier", "news_media")]


@pytest.mark.parametrize("said", ["said", "said that"])
def test_whoever_told_the_speaker_is_the_source_and_the_speaker_relays(said):
    body = f"Police chief Omar Dalt {said} fishermen told him that the ferry had no lights."
    assert chains(body, "Valley Post")[0] == [
        ("fishermen", "individual"),
        ("Omar Dalt", "government"),
    ]


def test_a_speaker_who_told_someone_else_is_still_the_source():
    body = "The mayor said residents had told the council that the pumps failed."
    assert chains(body, "Valley Post")[0] == [("mayor", "government")]


def test_a_participle_with_its_agent_is_no_verb_of_the_sentence():
    body = "The figures announced by the harbour board were wrong, the dockers' union said."
    assert chains(body, "Valley Post")[0] == [("dockers' union", "ngo")]


@pytest.mark.parametrize(
    ("publisher", "relays"), [("voa", []), ("bbc", [("Voice of America", "news_media")])]
)
def test_a_publisher_slug_of_initials_is_the_outlet_they_stand_for(publisher, relays):
    (chain,) = chains("Harbour official Ana Ruiz told VOA that the quay was closed.", publisher)
    assert chain[1:] == relays


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Figures released by the harbour board on Monday gave the dockers 60 per cent.",
            ("harbour board", "government"),
        ),
        (
            "In the table, published by the electoral tribunal late on Friday, the blank ballots "
            "line read 2 percent.",
            ("electoral tribunal", "government"),
        ),
        (
            "The flood toll has been cut to 31 following a revised report by the Health Ministry.",
            ("Health Ministry", "government"),
        ),
    ],
)
def test_a_count_or_a_report_with_its_author_names_the_source(body, speaker):
    assert chains(body, "Valley Post")[0] == [speaker]


@pytest.mark.parametrize(
    "body", ["The new figures were hit by the storm.", "A full report by Friday is unlikely."]
)
def test_a_count_with_no_author_names_no_source(body):
    assert chains(body, "Valley Post") == [None]
