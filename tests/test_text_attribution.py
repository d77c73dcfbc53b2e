"""Attribution chains: one small example per pattern, spun text, and floors on the labelled set."""

import pytest

from provenance.text.attribution import extract_attributions, sentence_starts
from provenance.text.evaluate_attribution import evaluate, same_source
from provenance.text.pipeline import analyse_article
from provenance.text.source_registry import load_registry
from provenance.text.types import ClaimSpan


def claims_of(body: str) -> list[ClaimSpan]:
    """Every sentence of ``body`` as a claim (the tests do not depend on the claim splitter)."""
    starts = sentence_starts(body)
    spans = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(body)
        text = body[start:end].rstrip()
        if text:
            spans.append(ClaimSpan(start, start + len(text), text))
    return spans


def chains(body: str, publisher: str = "") -> list[list[tuple[str, str]] | None]:
    found = extract_attributions(body, claims_of(body), publisher=publisher)
    return [[(hop.name, hop.kind) for hop in a.chain] if a else None for a in found]


def only(body: str, publisher: str = "") -> list[tuple[str, str]] | None:
    (result,) = chains(body, publisher)
    return result


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The ministry said the dam was safe.", ("ministry", "government")),
        ("Police said three people had been arrested.", ("Police", "government")),
        ("China has repeatedly said the report was fabricated.", ("China", "government")),
        ("Activists say at least 40 people died.", ("Activists", "ngo")),
        ("Rights groups have accused the army of abuses.", ("Rights groups", "ngo")),
    ],
)
def test_x_said(body, speaker):
    assert only(body) == [speaker]


@pytest.mark.parametrize(
    "body",
    [
        "“The dam is safe,” said Ana Ruiz, Chile's deputy foreign minister.",
        "The dam is safe, said Ana Ruiz, Chile's deputy foreign minister.",
        "Ana Ruiz, Chile's deputy foreign minister, said the dam was safe.",
        "Chile's deputy foreign minister Ana Ruiz said the dam was safe.",
    ],
)
def test_inversions_titles_and_appositions(body):
    assert only(body) == [("Ana Ruiz", "government")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("According to the United Nations, 40,000 people fled.", [("United Nations", "un_body")]),
        ("40,000 people fled, according to local officials.", [("local officials", "anonymous")]),
        (
            "Xi said the talks went well, according to state media.",
            [("Xi", "unknown"), ("state media", "state_media")],
        ),
    ],
)
def test_according_to(body, expected):
    assert only(body) == expected


def test_according_to_a_plan_is_no_source():
    assert only("The dam was finished in 2020, according to plan.") is None


@pytest.mark.parametrize(
    "body",
    [
        "The mayor told Reuters the dam was safe.",
        "“The dam is safe,” the mayor told Reuters.",
        "The mayor told Reuters in an interview that the dam was safe.",
    ],
)
def test_told_a_news_organisation_makes_it_a_relay(body):
    assert only(body) == [("mayor", "government"), ("Reuters", "wire_agency")]


def test_told_an_audience_is_no_relay():
    assert only("The mayor told reporters the dam was safe.") == [("mayor", "government")]
    assert only("Xi told Bachelet that China was doing well.") == [("Xi", "unknown")]


def test_the_publisher_is_never_a_hop():
    body = "The mayor told Reuters the dam was safe."
    assert only(body, publisher="Reuters") == [("mayor", "government")]
    assert only(body, publisher="Thomson Reuters") == [("mayor", "government")]


@pytest.mark.parametrize(
    "body",
    [
        "“We will win,” the Xinhua news agency quoted Xi Jinping as saying.",
        "Xinhua quoted Xi Jinping as saying that China would win.",
        "Xi Jinping was quoted by Xinhua as saying that China would win.",
    ],
)
def test_quoted_as_saying(body):
    assert only(body) == [("Xi Jinping", "individual"), ("Xinhua", "state_media")]


@pytest.mark.parametrize(
    "body",
    [
        "China asked the UN to bury the report, according to a letter seen by Reuters.",
        "A letter seen by Reuters said China had asked the UN to bury the report.",
    ],
)
def test_a_document_seen_by_an_agency(body):
    assert [(name.casefold(), kind) for name, kind in only(body)] == [
        ("a letter", "document"),
        ("reuters", "wire_agency"),
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Two officials, who spoke on condition of anonymity, said the talks failed.",
            "Two officials",
        ),
        (
            "A senior aide, speaking on condition of anonymity, said the talks failed.",
            "A senior aide",
        ),
        ("The talks failed, said a minister who asked not to be named.", "a minister"),
    ],
)
def test_anonymity(body, speaker):
    assert only(body) == [(speaker, "anonymous")]


def test_chain_of_three():
    body = (
        "The minister told colleagues the plan would be dropped, two officials at the meeting "
        "told AFP."
    )
    assert only(body) == [
        ("minister", "government"),
        ("two officials at the meeting", "anonymous"),
        ("Agence France-Presse", "wire_agency"),
    ]


def test_citing():
    body = "The deal is worth $2 billion, the Financial Times reported, citing two sources."
    assert only(body) == [("two sources", "anonymous"), ("Financial Times", "news_media")]


def test_pronouns_and_surnames_take_the_person_named_before():
    body = (
        "Chen Xu, China's ambassador in Geneva, spoke on Monday. "
        "Mr Chen said the report was groundless. "
        "He said China would keep working with the UN. "
        "Ms Bachelet said she stood by the report. "
        "She added that the office was independent. "
        "Chen said that was untrue."
    )
    speakers = [chain[0][0] if chain else None for chain in chains(body)]
    assert speakers == [None, "Chen Xu", "Chen Xu", "Bachelet", "Bachelet", "Chen Xu"]


def test_quote_paragraphs_without_a_cue_take_the_last_speaker():
    body = (
        "“The dam is safe,” said Ana Ruiz, the energy minister.\n\n"
        "“It was built to the highest standard.”\n\n"
        "The dam was opened in 2019."
    )
    assert chains(body) == [[("Ana Ruiz", "government")], [("Ana Ruiz", "government")], None]


def test_a_quote_split_over_sentences_takes_the_tag_after_it():
    body = "“The dam is safe. It will hold,” the engineer said."
    assert chains(body)[0] == [("engineer", "individual")]


def test_stance_verb_yields_to_a_later_tag():
    body = "China urges countries to praise its record, say diplomats"
    assert only(body) == [("diplomats", "anonymous")]


def test_news_outlet_reporting_someone_is_their_relay():
    body = "State media reported that Xi said the economy was strong."
    assert only(body) == [("Xi", "unknown"), ("State media", "state_media")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The ministry mentioned the dam was protected.", [("ministry", "government")]),
        (
            "The mayor instructed Reuters the dam was protected.",
            [("mayor", "government"), ("Reuters", "wire_agency")],
        ),
        (
            "The dam is protected, in response to the United Nations.",
            [("United Nations", "un_body")],
        ),
        ("The minister acknowledged the dam was protected.", [("minister", "government")]),
    ],
)
def test_spun_reporting_verbs(body, expected):
    assert only(body) == expected


def test_spun_in_response_to_an_event_is_no_source():
    assert only("In response to U.N. questions, Cuba sent a delegation.") is None


def test_narrative_sentences_have_no_source():
    assert only("The dam was built in 2019 on the Mekong river.") is None


def test_cue_offsets_point_into_the_body():
    body = "Floods hit the north. The agency said 40 people died."
    (_, found) = extract_attributions(body, claims_of(body))
    assert body[found.cue_start : found.cue_end] == found.cue == "said"
    assert 0 < found.confidence <= 1


def test_same_source_for_evaluation():
    registry = load_registry()
    assert same_source("Ruiz", "Ana Ruiz", registry)
    assert same_source("two officials", "two officials at the meeting", registry)
    assert same_source("Reuters news agency", "Thomson Reuters", registry)
    assert not same_source("China", "China's foreign ministry", registry)
    # A titled name and the name alone are one person named; a body's name is not its place.
    assert same_source("Tomas Lind", "Fisheries Minister Tomas Lind", registry)
    assert same_source("Lind", "Fisheries Minister Tomas Lind", registry)
    assert same_source("Chief Inspector Mara Holt", "Mara Holt", registry)
    assert not same_source("Tomas Lind", "Fisheries Minister Ola Berg", registry)
    assert not same_source("Norway", "Norway Fisheries Ministry", registry)
    # What follows a comma describes the name before it.
    assert same_source("three field surveys", "three field surveys, run by local teams", registry)
    assert not same_source("local teams", "three field surveys, run by local teams", registry)


def test_labelled_set_stays_above_floors():
    report = evaluate()
    labelled, seeds = report["labelled"], report["seeds"]
    assert labelled.claims >= 150 and seeds.claims >= 100
    assert labelled.speaker_accuracy >= 0.95
    assert labelled.kind_accuracy >= 0.92
    assert labelled.relay_recall >= 0.9
    assert seeds.speaker_accuracy >= 0.87
    assert seeds.kind_accuracy >= 0.85


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "The port authority issued a statement on Monday saying no ships were damaged, "
            "not five as reported by local television.",
            "port authority",
        ),
        (
            "The electoral board released a statement stating that turnout was 61 percent, "
            "as first reported by the state broadcaster.",
            "electoral board",
        ),
    ],
)
def test_a_statement_issued_saying_is_its_issuers_whatever_it_cites(body, speaker):
    assert only(body)[0][0] == speaker


def test_the_body_noun_refers_back_to_the_body_named_with_it():
    body = (
        "Floods hit the north, the government said. "
        "The toll was lowered after a review by the Interior Ministry. "
        "The ministry said 40 people had died."
    )
    assert chains(body)[2][0] == ("Interior Ministry", "government")


@pytest.mark.parametrize(
    "body",
    [
        "The Organization of American States said the count had been halted without reason.",
        "ASEAN said the talks would resume in March.",
        "The Arab League said its envoys had reached the capital.",
    ],
)
def test_intergovernmental_bodies_outside_the_un_are_government(body):
    assert only(body)[0][1] == "government"


def test_an_interview_with_an_outlet_named_with_of_relays_the_speaker():
    body = "The mayor said in an interview with Voice of Corvia radio that the bridge was shut."
    assert only(body) == [("mayor", "government"), ("Voice of Corvia radio", "news_media")]


def test_the_second_source_joined_by_and_speaks_for_its_own_clause():
    body = (
        "T\n\nInsurers estimated the losses at $2 billion, and a state audit found they were "
        "twice that."
    )
    found = [c.attribution.chain[0].name for c in analyse_article(body).claims if c.attribution]
    assert found == ["Insurers", "a state audit"]


def test_a_toll_in_headline_grammar_is_no_speaker():
    body = "Flood toll revised up to 61 from 40\n\nThe river fell on Monday."
    assert chains(body)[0] is None
