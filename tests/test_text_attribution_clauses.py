"""Attribution where one sentence holds several sources or a cue could swallow its context:
contrastive clauses, tags followed by a medium, evidence phrases, pronouns after quotes and
kinds that a word inside the name must not decide. Sentences are written for these tests, on
stories of their own."""

import pytest

from provenance.text.attribution import extract_attributions
from provenance.text.splitting import split_claims
from tests.test_text_attribution import chains, only


def split_chains(body: str) -> list[tuple[str, list[tuple[str, str]] | None]]:
    """Each claim the splitter finds, with the chain attributed to it."""
    spans = split_claims(body)
    found = extract_attributions(body, spans)
    return [
        (span.text, [(hop.name, hop.kind) for hop in a.chain] if a else None)
        for span, a in zip(spans, found, strict=True)
    ]


def attribution_of(body: str, claim: str):
    """The attribution of the claim (one sentence of ``body``) that starts with ``claim``."""
    spans = split_claims(body)
    found = extract_attributions(body, spans)
    for span, attribution in zip(spans, found, strict=True):
        if span.text.startswith(claim):
            return attribution
    raise AssertionError(f"no claim starts with {claim!r}: {[s.text for s in spans]}")


# --- 1. a contrastive second clause has its own source


@pytest.mark.parametrize(
    ("body", "first", "second"),
    [
        (
            "According to the health ministry, 120 children were treated for cholera, though "
            "estimates by aid groups suggest the true number is closer to 900.",
            ("health ministry", "government"),
            ("aid groups", "ngo"),
        ),
        (
            "Organisers put the crowd at 80,000, while police said about 25,000 people marched.",
            ("Organisers", "ngo"),
            ("police", "government"),
        ),
        (
            "According to the electoral commission, turnout was 61 percent, while opposition "
            "monitors put it at 45 percent.",
            ("electoral commission", "government"),
            ("opposition monitors", "anonymous"),
        ),
        (
            "According to the coastguard, 300 people were rescued, while estimates by the "
            "Red Cross put the number closer to 900.",
            ("coastguard", "government"),
            ("International Committee of the Red Cross", "ngo"),
        ),
        (
            "The county sheriff said six homes burned but residents say the whole street is gone.",
            ("county sheriff", "government"),
            ("residents", "individual"),
        ),
        (
            "The port authority said 14 cranes were damaged, but dock workers say at least 30 "
            "are out of use.",
            ("port authority", "government"),
            ("dock workers", "individual"),
        ),
    ],
)
def test_each_contrastive_clause_gets_its_own_source(body, first, second):
    (first_claim, first_chain), (second_claim, second_chain) = split_chains(body)
    assert body.startswith(first_claim) and body.endswith(second_claim)
    assert first_chain == [first]
    assert second_chain == [second]


def test_a_verb_of_the_first_clause_does_not_govern_the_second():
    body = "While the government says 12 schools were closed, teachers counted 50 shut."
    (_, first_chain), (second_claim, second_chain) = split_chains(body)
    assert first_chain == [("government", "government")]
    assert second_claim.startswith("teachers") and second_chain is None


def test_a_reporting_word_before_a_verb_is_a_noun():
    assert only("Government estimates suggest 2,000 homes were lost.") == [
        ("Government estimates", "document")
    ]


def test_a_document_by_an_author_is_the_authors_claim():
    assert only("Estimates by local aid agencies suggest turnout was below 30 percent.") == [
        ("local aid agencies", "ngo")
    ]


def test_a_report_by_a_group_is_the_groups_claim():
    body = "According to a report by Human Rights Watch, 40 journalists were detained."
    attribution = attribution_of(body, "According")
    speaker = attribution.chain[0]
    assert (speaker.name, speaker.kind) == ("Human Rights Watch", "ngo")
    assert "report" in attribution.cue


def test_a_participle_after_the_author_is_not_part_of_the_name():
    body = "According to a report by Amnesty International published on Monday, 30 died."
    speaker = attribution_of(body, "According").chain[0]
    assert (speaker.name, speaker.kind) == ("Amnesty International", "ngo")


def test_a_report_by_a_date_stays_a_document():
    assert only("A report by Friday will set out the costs, officials said.") == [
        ("officials", "anonymous")
    ]


# --- 2. the words of a tag and the medium after it are no relay


@pytest.mark.parametrize(
    "body",
    [
        "“The border will stay shut,” Kenya’s interior minister Otieno Waweru said in a video "
        "posted to his Facebook page.",
        "“No one was hurt,” the mayor of Split Ivo Baric said in a statement published on the "
        "city’s website.",
        "“A deal is close,” said Ana Costa, Chile’s trade minister, in a statement posted online.",
    ],
)
def test_a_medium_after_the_tag_adds_no_relay(body):
    chain = only(body)
    assert chain is not None and len(chain) == 1
    assert chain[0][1] == "government"


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("At a briefing officials said the ferry had sunk.", ("officials", "anonymous")),
        ("In a statement the ministry said the ferry had sunk.", ("ministry", "government")),
        ("In Tunis diplomats said the talks had stalled.", ("diplomats", "anonymous")),
    ],
)
def test_the_subject_follows_an_opening_adjunct(body, speaker):
    assert only(body) == [speaker]


def test_the_first_word_of_a_two_word_country_can_be_a_surname():
    assert only("“It was a mistake,” the club’s owner Rafael Costa said on Instagram.") == [
        ("Rafael Costa", "individual")
    ]


def test_a_two_word_country_is_no_person():
    assert only("Costa Rica said the border would reopen.") == [("Costa Rica", "government")]


# --- 3. "based on" names evidence; an apposition is a noun phrase, not a clause


def test_based_on_after_another_cue_is_evidence_not_a_relay():
    assert only(
        "According to analysts, the bond sale was a success based on central bank figures."
    ) == [("analysts", "academic")]


def test_a_main_clause_after_according_to_is_no_apposition():
    assert only(
        "According to observers, the vote count was orderly and matched the tally sheets."
    ) == [("observers", "anonymous")]


def test_based_on_alone_still_opens_a_spun_sentence():
    assert only("Based on the Marine Survey Institute, the reef lost a third of its coral.") == [
        ("Marine Survey Institute", "academic")
    ]


# --- 4. pronouns go to the last person named; cues end before punctuation


def test_he_after_a_quote_goes_to_the_last_person_named():
    body = (
        "“We will not move,” one farmer told AFP.\n\n"
        "Mensah, a bus driver, said the bridge had been closed since dawn. "
        "“It may reopen tomorrow,” he said.\n"
    )
    attribution = attribution_of(body, "“It may reopen")
    assert [hop.name for hop in attribution.chain] == ["Mensah"]


def test_he_goes_to_a_surname_given_with_an_age():
    body = (
        "“The fire started at night,” one stallholder told AFP.\n\n"
        "Okoro, 54, said the market had burned for hours. “We lost everything,” he said.\n"
    )
    attribution = attribution_of(body, "“We lost")
    assert [hop.name for hop in attribution.chain] == ["Okoro"]


def test_she_goes_to_a_surname_described_by_a_compound_noun():
    body = (
        "“The school is closed,” said Marta Novak, the mayor.\n\n"
        "Kovac, a schoolteacher, said the roof had fallen in. “We teach outside,” she said.\n"
    )
    attribution = attribution_of(body, "“We teach")
    assert [(hop.name, hop.kind) for hop in attribution.chain] == [("Kovac", "individual")]


@pytest.mark.parametrize(
    "body",
    [
        "Torres, a pilot with 20 years at the airline, said morale had collapsed. "
        "“Nobody trusts management,” he said.",
        "“This sale is a scandal,” Lucia Ramos, a union leader, told local radio. "
        "“We will strike,” she said.",
    ],
)
def test_a_body_noun_inside_a_persons_apposition_makes_no_organisation(body):
    first, second = chains(body)
    assert first[0][0] == second[0][0] and first[0][1] != "unknown"


def test_a_clause_after_a_name_is_no_apposition_of_a_body():
    assert only("According to a study by the Catholic University, the airline lost money.") == [
        ("Catholic University", "academic")
    ]


@pytest.mark.parametrize(("outlet", "cue"), [("AFP", "told AFP"), ("the BBC", "told the BBC")])
def test_a_told_cue_ends_before_the_full_stop(outlet, cue):
    body = f"“The water is rising,” a fisherman told {outlet}."
    attribution = attribution_of(body, "“The water")
    assert attribution.cue == cue
    assert body[attribution.cue_start : attribution.cue_end] == attribution.cue


def test_a_told_cue_ends_with_the_outlet():
    body = "Two MPs told Reuters the vote was rigged."
    attribution = attribution_of(body, "Two MPs")
    assert attribution.cue == "told Reuters"
    assert [(hop.name, hop.kind) for hop in attribution.chain] == [
        ("Two MPs", "anonymous"),
        ("Reuters", "wire_agency"),
    ]


def test_a_told_cue_keeps_what_the_outlet_is():
    body = "Three senators told the Interfax news agency that the inquiry would begin."
    assert attribution_of(body, "Three").cue == "told the Interfax news agency"


def test_a_cue_keeps_the_dots_of_an_abbreviation():
    body = "“Talks are over,” the envoy told the U.S."
    attribution = attribution_of(body, "“Talks")
    assert attribution is not None and not attribution.cue.endswith("U.S")


# --- 5. kinds: where people are does not make them officials; unnamed lawmakers are anonymous


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Patients at the county hospital's maternity ward said they waited for hours.",
            ("Patients at the county hospital's maternity ward", "individual"),
        ),
        (
            "Residents of the municipality said the water smelled of diesel.",
            ("Residents of the municipality", "individual"),
        ),
        (
            "Opposition lawmakers said the budget hid a deficit.",
            ("Opposition lawmakers", "anonymous"),
        ),
        ("Two senators said the vote would be delayed.", ("Two senators", "anonymous")),
    ],
)
def test_kinds_of_unnamed_people(body, speaker):
    assert only(body) == [speaker]


def test_a_named_lawmaker_keeps_the_government_kind():
    assert only("Senator Maria Vance said the vote would be delayed.") == [
        ("Maria Vance", "government")
    ]


@pytest.mark.parametrize("connective", ["but", "though"])
def test_a_clause_after_a_connective_is_not_governed_by_the_verb_before_it(connective):
    body = (
        "Officials say 40 climbers have been brought down from the ridge, "
        f"{connective} hopes of reaching the last two are fading."
    )
    claims = split_chains(body)
    assert [text for text, _ in claims][-1].startswith("hopes of reaching")
    assert claims[0][1] == [("Officials", "anonymous")]
    assert claims[-1][1] is None


def test_a_sentence_glued_to_the_one_before_is_its_own():
    body = "The ministry says the toll has risen to 50.Over 200 people are still in hospital."
    claims = split_chains(body)
    assert [chain for _, chain in claims] == [[("ministry", "government")], None]
