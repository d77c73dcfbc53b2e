"""The parse under the rules: what the dependency parse reads where the rules find nothing or a
clause fragment, and that every chain says which method found it (sentences written for these
tests)."""

import pytest

from provenance.text.attribution import extract_attributions, junk_speaker
from provenance.text.reporting_verbs import PARSE_VERB_FORMS, verb_forms
from tests.test_text_attribution import chains, claims_of, only


def methods(body: str) -> list[str | None]:
    return [a.method if a else None for a in extract_attributions(body, claims_of(body))]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # A description with no name before a plain verb.
        ("The harbour master said that twelve boats had sunk.", "harbour master"),
        # Communication verbs the rules' list lacks, each after a subject of its own shape.
        ("The regional water board conceded that two wells were contaminated.", "water board"),
        ("Kestrel Mining has since disclosed that the spill reached the river.", "Kestrel Mining"),
        ("The ferry operator complained that the new quay was too short.", "ferry operator"),
        ("A farmers' cooperative hinted that prices would rise next spring.", "cooperative"),
        # A relative clause between the subject and its verb.
        ("The mill's owner, who has run it since 1990, lamented that orders had halved.", "owner"),
    ],
)
def test_subjects_of_communication_verbs(body, speaker):
    (found,) = extract_attributions(body, claims_of(body))
    assert found is not None and speaker in found.chain[0].name
    assert found.method == "parse"


def test_an_estimate_is_attributed_to_who_gives_the_figure():
    assert only("Lowland authorities raised the toll to 212 on Tuesday.") == [
        ("Lowland authorities", "government")
    ]
    # A revised count is read by the rules too ("lowered its count ... to 9"); a figure the
    # rules do not know the shape of is left to the parse.
    assert methods("The canal trust lowered its count of lost barges to 9.") == ["rule"]
    assert methods("The canal trust pegged its count of lost barges at nine.") == ["parse"]


def test_a_figure_verb_without_a_figure_is_narration():
    assert only("The council raised the issue with the minister in June.") is None


def test_an_outlet_quoting_people_is_their_relay():
    assert only("The Harbour Gazette, quoting two dockworkers, said the crane had collapsed.") == [
        ("two dockworkers", "anonymous"),
        ("Harbour Gazette", "news_media"),
    ]


def test_speaking_to_an_outlet_makes_it_a_relay_and_not_a_description():
    assert only("Orla Venn, speaking to the Harbour Gazette, said the pier had cracked.") == [
        ("Orla Venn", "individual"),
        ("Harbour Gazette", "news_media"),
    ]


def test_a_named_speaker_in_the_sentence_beats_the_one_carried_over():
    body = (
        '"We are safe," the captain said. '
        '"The engine failed at noon," said Ilse Marr, the engineer.'
    )
    assert [chain[0][0] if chain else None for chain in chains(body)] == ["captain", "Ilse Marr"]


def test_a_clause_fragment_is_no_speaker():
    assert junk_speaker("that two pylons had fallen")
    assert junk_speaker("has counted the ballots and")
    assert not junk_speaker("the head of the port authority")
    body = "Tomas Okri, head of the depot, said it, which engineers had warned about, was closed."
    first = only(body)
    assert first is None or not junk_speaker(first[0][0])


def test_a_dateline_is_not_read_as_the_subject():
    body = "DUNMORE: Provincial auditors on Monday revised the count of missing ballots to 410."
    assert only(body) == [("Provincial auditors", "government")]


@pytest.mark.parametrize(
    "body",
    [
        "The governor visited three flooded districts on Monday.",
        "The minister will tell parliament on Friday whether the bridge reopens.",
        "The hospital has agreed to lend two ambulances to the district.",
    ],
)
def test_narration_stays_unattributed_by_the_parse(body):
    assert "parse" not in methods(body)


def test_rules_still_find_what_they_found():
    assert methods("Police said three people had been arrested.") == ["rule"]


def test_verb_forms_cover_regular_and_irregular_forms():
    assert {"conceded", "admitted", "complains", "told", "said", "lowered"} <= PARSE_VERB_FORMS
    assert verb_forms(frozenset({"lament"})) >= {"laments", "lamented"}
    # Participles and the nouns "report", "estimate" leave a sentence to the rules.
    assert not {"hinting", "report", "estimate", "estimates"} & PARSE_VERB_FORMS


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("A spokesman for the Fernvale Relief Society said 40 homes were lost.", "ngo"),
        ("A spokeswoman for the national relief society said 40 homes were lost.", "ngo"),
        ("The UN's high commissioner said the camps were full.", "un_body"),
        ("Dr Hana Ose, who runs the district hospital, said 12 patients had died.", "individual"),
        ("The Marsh Crescent said 40 homes were lost.", "ngo"),
        ("Harbour Watch said the water was unsafe.", "ngo"),
        ("The Tarn Institute said the water was unsafe.", "academic"),
        ("Norhaven University said the water was unsafe.", "academic"),
        ("The Fisheries Ministry said the water was unsafe.", "government"),
        ("The Coastal Protection Agency said the water was unsafe.", "government"),
        ("A farmers' cooperative said prices would rise.", "ngo"),
    ],
)
def test_kinds_from_affiliation_and_from_what_a_body_is_called(body, kind):
    ((_, found),) = only(body)
    assert found == kind


def test_the_parse_reads_the_outlet_beside_its_verb_as_the_rules_do():
    body = (
        "Orla Venn has refused to accept the count and said on Sunday, as quoted by Reuters, "
        "that it was rigged."
    )
    (found,) = extract_attributions(body, claims_of(body), publisher="Valley Post")
    assert found.method == "parse"
    assert [hop.name for hop in found.chain][1:] == ["Reuters"]


def test_a_verb_inside_a_hyphenated_compound_reports_nothing():
    body = (
        "Ana Lima told the court the mill had lied. "
        "The he-said-she-said of the feud seems to be growing."
    )
    assert chains(body, "Valley Post")[-1] is None


def test_the_agent_of_a_passive_content_verb_holds_the_claim():
    body = "The findings have been disputed by the harbour board."
    (found,) = extract_attributions(body, claims_of(body))
    assert found is not None and found.method == "parse"
    assert found.chain[0].name == "harbour board"
